"""Regular exchange meetings: recurrence, rotating hosts, occurrences and their reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from auditlog.context import set_actor
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, reminders
from core.access import require
from core.types import Actor
from core.updates import model_update
from courts.choices import Area
from courts.models import Court, Person

from .meeting_reminders import plan_meeting_reminders, secretaries
from .models import (
    DEFAULT_REMINDER_PLAN,
    Activity,
    Attendance,
    Kind,
    MeetingSeries,
    ReminderRule,
)
from .permissions import can_create_series, can_manage_series
from .services import sync_parts

# The rotation of the agreement: Jinshan → Pinghu → Jiashan (the courts' sort order).


def validate_rrule(rule: str) -> None:
    try:
        rrulestr(rule, dtstart=datetime.datetime(2020, 7, 6))
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"rrule": _("This recurrence rule is not valid: %(error)s") % {"error": error}}
        ) from None
    if "COUNT=" in rule.upper() or "UNTIL=" in rule.upper():
        return
    if "FREQ=DAILY" in rule.upper() or "FREQ=HOURLY" in rule.upper():
        raise ValidationError({"rrule": _("Exchange meetings recur monthly at most.")})


def occurrence_starts(
    series: MeetingSeries, *, until: datetime.datetime
) -> list[tuple[int, datetime.datetime]]:
    """(index, start) of every occurrence up to ``until``; index 0 is the first ever."""
    zone = timezone.get_current_timezone()
    dtstart = datetime.datetime.combine(series.first_date, series.start_time)
    rule = rrulestr(series.rrule, dtstart=dtstart)
    naive_until = timezone.localtime(until, zone).replace(tzinfo=None)
    return [
        (index, start.replace(tzinfo=zone))
        for index, start in enumerate(rule.between(dtstart, naive_until, inc=True))
    ]


def host_for(series: MeetingSeries, index: int, courts: list[Court] | None = None) -> Court:
    if series.host_mode == MeetingSeries.HostMode.FIXED:
        return cast(Court, series.fixed_host)  # a constraint: fixed mode has a host
    courts = courts or list(Court.objects.order_by("sort_order"))
    return courts[index % len(courts)]


@transaction.atomic
def create_series(*, by: Actor, invitees: Iterable[Person] = (), **fields: Any) -> MeetingSeries:
    require(can_create_series(by))
    validate_rrule(fields.get("rrule", ""))
    series = MeetingSeries(created_by=by, **fields)
    series.full_clean()
    with set_actor(by):
        series.save()
        series.invitees.set(list(invitees))
    audit.bulk_create(
        ReminderRule,
        (
            ReminderRule(series=series, audience=audience, offset_days=days, message=str(text))
            for audience, days, text in DEFAULT_REMINDER_PLAN
        ),
        by=by,
    )
    extend_series(series=series)
    return series


SERIES_FIELDS = {
    "title",
    "rrule",
    "first_date",
    "start_time",
    "duration_minutes",
    "host_mode",
    "fixed_host",
    "place_rule",
    "agenda",
    "invite_all_secretaries",
    "horizon_days",
    "active",
}
SCHEDULE_FIELDS = {
    "rrule",
    "first_date",
    "start_time",
    "duration_minutes",
    "host_mode",
    "fixed_host",
}


@transaction.atomic
def update_series(
    *,
    series: MeetingSeries,
    by: Actor,
    invitees: Iterable[Person] | None = None,
    now: datetime.datetime | None = None,
    **changes: Any,
) -> MeetingSeries:
    """Change the series; only future occurrences nobody edited by hand follow."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    require(can_manage_series(by, series))
    if "rrule" in changes:
        validate_rrule(changes["rrule"])
    data = dict(changes)
    if invitees is not None:
        data["invitees"] = list(invitees)
    with set_actor(by):
        changed = model_update(instance=series, fields=SERIES_FIELDS | {"invitees"}, data=data)
    if not changed:
        return series
    now = now or timezone.now()
    following = series.occurrences.filter(start__gt=now, edited_by_hand=False).exclude(
        status=Activity.Status.CANCELLED
    )
    if changed & {"rrule", "first_date"}:
        # The dates themselves move: plan the future again from the new rule. Occurrences that
        # stay (past ones, ones edited by hand) keep their place in the series but leave the
        # numbering, so that the new plan's occurrences are numbered from its first date.
        for activity in following:
            reminders.withdraw_reminders(activity)
        with set_actor(by):
            for activity in following:
                activity.delete()
        audit.bulk_update(
            series.occurrences.exclude(occurrence_index=None), by=by, occurrence_index=None
        )
    else:
        courts = list(Court.objects.order_by("sort_order"))
        for activity in following.exclude(occurrence_index=None):
            _apply_series(series, activity, courts=courts, by=by)
    extend_series(series=series, now=now)
    return series


def _apply_series(
    series: MeetingSeries, activity: Activity, *, courts: list[Court], by: Actor
) -> None:
    index = cast(int, activity.occurrence_index)  # only occurrences are re-applied
    start = occurrence_start(series, index)
    if start is not None:
        activity.start = start
        activity.end = start + datetime.timedelta(minutes=series.duration_minutes)
    host = host_for(series, index, courts)
    activity.host_court = host
    activity.title = _occurrence_title(series, index)
    activity.place = series.place_rule.replace("{host}", host.short_name_zh)
    activity.agenda = series.agenda
    with set_actor(by):
        activity.save()
        activity.co_host_courts.set([c for c in courts if c.pk != host.pk])
    _ensure_parts_and_invitations(series, activity, courts, by=by)
    plan_meeting_reminders(activity)


def occurrence_start(series: MeetingSeries, index: int) -> datetime.datetime | None:
    dtstart = datetime.datetime.combine(series.first_date, series.start_time)
    rule = rrulestr(series.rrule, dtstart=dtstart)
    for position, start in enumerate(rule):
        if position == index:
            return start.replace(tzinfo=timezone.get_current_timezone())
        if position > index:
            break
    return None


def _occurrence_title(series: MeetingSeries, index: int) -> str:
    return _("%(title)s (no. %(number)d)") % {"title": series.title, "number": index + 1}


@transaction.atomic
def extend_series(*, series: MeetingSeries, now: datetime.datetime | None = None) -> int:
    """Create the occurrences of the rolling horizon that do not exist yet."""
    if not series.active:
        return 0
    now = now or timezone.now()
    until = now + datetime.timedelta(days=series.horizon_days)
    existing = set(
        series.occurrences.exclude(occurrence_index=None).values_list("occurrence_index", flat=True)
    )
    courts = list(Court.objects.order_by("sort_order"))
    created = 0
    for index, start in occurrence_starts(series, until=until):
        if index in existing or start < now:
            continue
        host = host_for(series, index, courts)
        activity = Activity.objects.create(
            title=_occurrence_title(series, index),
            kind=Kind.REGULAR_EXCHANGE_MEETING,
            area=Area.MECHANISM,
            host_court=host,
            start=start,
            end=start + datetime.timedelta(minutes=series.duration_minutes),
            place=series.place_rule.replace("{host}", host.short_name_zh),
            agenda=series.agenda,
            series=series,
            occurrence_index=index,
            created_by=series.created_by,
        )
        activity.co_host_courts.set([c for c in courts if c.pk != host.pk])
        _ensure_parts_and_invitations(series, activity, courts, by=None)
        plan_meeting_reminders(activity)
        created += 1
    return created


def _ensure_parts_and_invitations(
    series: MeetingSeries, activity: Activity, courts: list[Court], *, by: Actor | None
) -> None:
    """Each court's part and the series' invitations (``by`` None: the planner itself)."""
    sync_parts(activity, by=by)
    parts = {p.court_id: p for p in activity.parts.all()}
    people = list(series.invitees.active())
    if series.invite_all_secretaries:
        people += list(secretaries(courts))
    invited = set(activity.attendances.values_list("person_id", flat=True))
    audit.bulk_create(
        Attendance,
        (
            Attendance(
                activity=activity, part=parts[p.court_id], person=p, invited_by=series.created_by
            )
            for p in {p.pk: p for p in people}.values()
            if p.pk not in invited and p.court_id in parts
        ),
        by=by,
    )


def extend_all_series(*, now: datetime.datetime | None = None) -> int:
    return sum(extend_series(series=s, now=now) for s in MeetingSeries.objects.filter(active=True))


@transaction.atomic
def update_reminder_plan(
    *, series: MeetingSeries, by: Actor, formset: Any, now: datetime.datetime | None = None
) -> int:
    """Save the edited plan and re-plan the reminders of every coming occurrence."""
    require(can_manage_series(by, series))
    with set_actor(by):
        formset.save()
    return replan_series_reminders(series=series, now=now)


def replan_series_reminders(*, series: MeetingSeries, now: datetime.datetime | None = None) -> int:
    """Re-plan the unsent reminders of every coming occurrence (after a plan change)."""
    now = now or timezone.now()
    coming = series.occurrences.filter(end__gt=now).exclude(status=Activity.Status.CANCELLED)
    for activity in coming:
        plan_meeting_reminders(activity)
    return coming.count()
