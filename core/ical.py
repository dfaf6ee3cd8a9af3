"""iCalendar (RFC 5545) output from :class:`CalendarEvent`s (see :func:`calendar_bytes`)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Timezone

from .registry import CalendarEvent

ALARM_BEFORE = datetime.timedelta(hours=1)


@functools.cache
def _vtimezone() -> bytes:
    """The VTIMEZONE of the portal's zone (from the icalendar library), built once: it derives
    it from the zone's whole history, 70 ms a time — that cost every .ics and every invitation."""
    return Timezone.from_tzid(settings.TIME_ZONE).to_ical()


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """A content line folded at 75 octets (§3.1), never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74  # continuation lines begin with a space
    return "\r\n ".join(parts)


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%Y%m%dT%H%M%S")


def _event_lines(
    item: CalendarEvent, *, base_url: str, stamp: str, organizer: str, attendee: str
) -> list[str]:
    zone = settings.TIME_ZONE
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(item.title)}",
        f"DTSTART;TZID={zone}:{_local(item.start)}",
        f"DTEND;TZID={zone}:{_local(item.end)}",
        f"DTSTAMP:{stamp}",
        f"UID:{_text(item.uid)}",
        f"SEQUENCE:{item.sequence}",
    ]
    if item.categories:
        lines.append("CATEGORIES:" + ",".join(_text(c) for c in item.categories))
    if item.description:
        lines.append(f"DESCRIPTION:{_text(item.description)}")
    if item.place:
        lines.append(f"LOCATION:{_text(item.place)}")
    lines.append(f"STATUS:{'CANCELLED' if item.cancelled else 'CONFIRMED'}")
    lines.append(f"URL:{base_url}{item.url}")
    if organizer:
        lines.append(f"ORGANIZER:mailto:{organizer}")
    if attendee:
        lines.append(f"ATTENDEE:mailto:{attendee}")
    if not item.cancelled:
        minutes = int(ALARM_BEFORE.total_seconds() // 60)
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_text(item.title)}",
            f"TRIGGER:-PT{minutes}M",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar_bytes(
    name: str,
    events: Iterable[CalendarEvent],
    *,
    base_url: str,
    method: str = "PUBLISH",
    organizer: str = "",
    attendee: str = "",
) -> bytes:
    """A calendar of ``events``. ``method`` REQUEST or CANCEL (RFC 5546) makes it an invitation
    or a cancellation for one ``attendee`` from the portal as ``organizer`` (e-mail addresses),
    as RFC 6047 e-mails carry them.

    Written line by line here: the icalendar library took 0.35 ms per event, and a private feed
    at volume holds thousands (1.6 s); the tests read every output back with icalendar and
    vobject. The library still provides the VTIMEZONE."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Jin-Ping-Jia Portal//jpj//ZH",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        f"X-WR-CALNAME:{_text(name)}",
        f"X-WR-TIMEZONE:{_text(settings.TIME_ZONE)}",
    ]
    for item in events:
        lines += _event_lines(
            item, base_url=base_url, stamp=stamp, organizer=organizer, attendee=attendee
        )
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return body.encode() + _vtimezone() + b"END:VCALENDAR\r\n"


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
