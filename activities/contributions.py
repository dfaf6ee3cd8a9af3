"""What the activities app adds to the shell: navigation, calendar events, "waiting for me"
lists and a section on each area page (registered from ``ActivitiesConfig.ready``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.registry import (
    AreaSection,
    CalendarEvent,
    CalendarSource,
    NavEntry,
    WaitingItem,
    WaitingList,
    register_area_section,
    register_calendar_source,
    register_nav,
    register_waiting,
)
from courts.permissions import person_of

from . import selectors

ACTIVITIES = _("Activities")


def _calendar_kinds() -> list[tuple[str, str]]:
    from .models import Kind

    return list(Kind.choices)


def _calendar_events(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    court: Any = None,
    kind: str | None = None,
    person: Any = None,
) -> Iterable[CalendarEvent]:
    activities = selectors.calendar_activities(start, end)
    if court is not None:
        activities = activities.filter(Q(host_court=court) | Q(co_host_courts=court)).distinct()
    if kind:
        activities = activities.filter(kind=kind)
    if person is not None:
        activities = activities.filter(
            Q(host_court=person.court_id)
            | Q(co_host_courts=person.court_id)
            | Q(attendances__person=person)
        ).distinct()
    return [activity.as_calendar_event() for activity in activities]


def _my_coming(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=a.activity.title,
            url=a.activity.get_absolute_url(),
            detail=f"{a.activity.host_court.short_name} · {a.get_status_display()}",
            when=a.activity.start,
        )
        for a in selectors.my_upcoming(person_of(user))
    ]


def _leave_requests(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=f"{a.person.full_name}：{a.leave_reason}",
            url=reverse("activities:roll-call", kwargs={"pk": a.activity_id}),
            detail=a.activity.title,
            when=a.activity.start,
        )
        for a in selectors.leave_requests_for(user, person_of(user))
    ]


def _minutes_to_write(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=activity.title,
            url=reverse("activities:minutes", kwargs={"pk": activity.pk}),
            detail=str(_("Minutes to write")),
            when=activity.start,
        )
        for activity in selectors.minutes_waiting_for(person_of(user))
    ]


def _comments_open(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=activity.title,
            url=reverse("activities:minutes", kwargs={"pk": activity.pk}),
            detail=str(_("Minutes open for your comments")),
            when=activity.comments_until,
        )
        for activity in selectors.comments_open_for(person_of(user))
    ]


def _action_items(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=item.what,
            url=item.get_absolute_url(),
            detail=item.activity.title,
            when=item.due_date,
        )
        for item in selectors.action_items_of(person_of(user))
    ]


def _area_activities(area: str, user: Any) -> dict | None:
    from .models import Activity

    rows = (
        Activity.objects.with_related()
        .filter(area=area)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by("-start")[:10]
    )
    return {
        "rows": rows,
        "more_url": reverse("activities:activity-list") + f"?area={area}",
        "now": timezone.now(),
    }


def register() -> None:
    for order, (key, label, url_name) in enumerate(
        [
            ("activities", _("Joint activities"), "activities:activity-list"),
            ("series", _("Regular exchange meetings"), "activities:series-list"),
            ("my-record", _("My participation record"), "activities:my-record"),
            ("bases", _("Red education bases"), "activities:base-list"),
        ]
    ):
        register_nav(NavEntry(key, label, url_name, group=ACTIVITIES, order=20 + order))
    register_calendar_source(
        CalendarSource(key="activities", kinds=_calendar_kinds, events=_calendar_events)
    )
    register_waiting(
        WaitingList("my-coming", _("My coming activities"), _my_coming, order=5, actionable=False)
    )
    register_waiting(
        WaitingList("leave-requests", _("Leave requests to decide"), _leave_requests, order=10)
    )
    register_waiting(
        WaitingList("minutes-to-write", _("Minutes to write"), _minutes_to_write, order=20)
    )
    register_waiting(
        WaitingList("minutes-comments", _("Minutes open for your comments"), _comments_open, 25)
    )
    register_waiting(WaitingList("action-items", _("My action items"), _action_items, order=30))
    register_area_section(
        AreaSection(
            key="activities",
            label=_("Joint activities in this area"),
            template="activities/partials/area_activities.html",
            context=_area_activities,
            order=20,
        )
    )
