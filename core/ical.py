"""iCalendar (RFC 5545) output with the icalendar library: single events and feeds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

ALARM_BEFORE = datetime.timedelta(hours=1)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Jin-Ping-Jia Portal//jpj//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def activity_event(activity, *, base_url: str) -> Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"activity-{activity.pk}@jinpingjia")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", activity.start.astimezone(zone))
    event.add("dtend", activity.end.astimezone(zone))
    event.add("summary", activity.title)
    event.add("location", activity.place)
    courts = "、".join(court.short_name for court in activity.courts)
    event.add("description", f"{courts}\n{activity.agenda}".strip())
    event.add("categories", [str(activity.get_area_display()), str(activity.get_kind_display())])
    event.add("url", f"{base_url}{activity.get_absolute_url()}")
    event.add("status", "CANCELLED" if activity.is_cancelled else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", activity.title)
    alarm.add("trigger", -ALARM_BEFORE)
    event.add_component(alarm)
    return event


def calendar_bytes(name: str, activities: Iterable, *, base_url: str) -> bytes:
    calendar = _calendar(name)
    for activity in activities:
        calendar.add_component(activity_event(activity, base_url=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
