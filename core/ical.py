"""iCalendar (RFC 5545) output with the icalendar library, from :class:`CalendarEvent`s."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from .registry import CalendarEvent

ALARM_BEFORE = datetime.timedelta(hours=1)


def _calendar(name: str, method: str = "PUBLISH") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Jin-Ping-Jia Portal//jpj//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    # X- properties are not typed by the library: as text, so that commas, semicolons and
    # newlines in a name are escaped instead of cutting the line or breaking the file.
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", vText(settings.TIME_ZONE))
    return calendar


@functools.cache
def _vtimezone() -> Timezone:
    """The VTIMEZONE of the portal's zone, built once: icalendar derives it from the zone's
    whole history, 70 ms a time — that cost every .ics and every invitation e-mail."""
    return Timezone.from_tzid(settings.TIME_ZONE)


def ical_event(item: CalendarEvent, *, base_url: str) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", timezone.now())
    event.add("sequence", item.sequence)
    event.add("dtstart", item.start.astimezone(zone))
    event.add("dtend", item.end.astimezone(zone))
    event.add("summary", item.title)
    if item.place:
        event.add("location", item.place)
    if item.description:
        event.add("description", item.description)
    if item.categories:
        event.add("categories", list(item.categories))
    event.add("url", f"{base_url}{item.url}")
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    if not item.cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.title)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


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
    as RFC 6047 e-mails carry them."""
    calendar = _calendar(name, method)
    for item in events:
        event = ical_event(item, base_url=base_url)
        if organizer:
            event.add("organizer", vCalAddress(f"mailto:{organizer}"))
        if attendee:
            event.add("attendee", vCalAddress(f"mailto:{attendee}"))
        calendar.add_component(event)
    calendar.add_component(_vtimezone())
    return calendar.to_ical()


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
