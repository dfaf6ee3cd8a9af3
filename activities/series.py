"""Regular exchange meetings: recurrence, rotating hosts, occurrences and their reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from auditlog.context import set_actor
from dateutil.rrule import rrulestr
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import reminders
from core.ical import calendar_bytes
from courts.choices import Area, Role
from courts.models import Court, Person
from courts.permissions import has_role, is_portal_admin

from .models import (
    DEFAULT_REMINDER_PLAN,
    Activity,
    Attendance,
    Kind,
    MeetingSeries,
    ReminderRule,
)
from .services import sync_parts

# The rotation of the agreement: Jinshan → Pinghu → Jiashan (the courts' sort order).


def can_manage_series(user) -> bool:
    return is_portal_admin(user) or has_role(user, Role.PARTY_SECRETARY)


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
        return series.fixed_host
    courts = courts or list(Court.objects.order_by("sort_order"))
    return courts[index % len(courts)]


def _secretaries(courts: Iterable[Court]):
    return (
        Person.objects.active()
        .filter(court__in=list(courts), user__groups__name=Role.PARTY_SECRETARY)
        .select_related("user", "court")
        .distinct()
    )


@transaction.atomic
def create_series(*, by, invitees: Iterable[Person] = (), **fields) -> MeetingSeries:
    if not can_manage_series(by):
        raise PermissionDenied
    validate_rrule(fields.get("rrule", ""))
    series = MeetingSeries(created_by=by, **fields)
    series.full_clean()
    with set_actor(by):
        series.save()
        series.invitees.set(list(invitees))
        ReminderRule.objects.bulk_create(
            ReminderRule(series=series, audience=audience, offset_days=days, message=str(text))
            for audience, days, text in DEFAULT_REMINDER_PLAN
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
    by,
    invitees: Iterable[Person] | None = None,
    now: datetime.datetime | None = None,
    **changes,
) -> MeetingSeries:
    """Change the series; only future occurrences nobody edited by hand follow."""
    if not can_manage_series(by):
        raise PermissionDenied
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if set(changes) - SERIES_FIELDS:
        raise ValueError(f"Not editable: {sorted(set(changes) - SERIES_FIELDS)}")
    if "rrule" in changes:
        validate_rrule(changes["rrule"])
    changed = {k for k, v in changes.items() if getattr(series, k) != v}
    for name, value in changes.items():
        setattr(series, name, value)
    series.full_clean()
    with set_actor(by):
        series.save()
        if invitees is not None:
            series.invitees.set(list(invitees))
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
        following.delete()
        series.occurrences.update(occurrence_index=None)
    else:
        courts = list(Court.objects.order_by("sort_order"))
        for activity in following.exclude(occurrence_index=None):
            _apply_series(series, activity, courts=courts, by=by)
    extend_series(series=series, now=now)
    return series


def _apply_series(series, activity: Activity, *, courts: list[Court], by) -> None:
    start = occurrence_start(series, activity.occurrence_index)
    if start is not None:
        activity.start = start
        activity.end = start + datetime.timedelta(minutes=series.duration_minutes)
    host = host_for(series, activity.occurrence_index, courts)
    activity.host_court = host
    activity.title = _occurrence_title(series, activity.occurrence_index)
    activity.place = series.place_rule.replace("{host}", host.short_name_zh)
    activity.agenda = series.agenda
    with set_actor(by):
        activity.save()
        activity.co_host_courts.set([c for c in courts if c.pk != host.pk])
    _ensure_parts_and_invitations(series, activity, courts)
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
        _ensure_parts_and_invitations(series, activity, courts)
        plan_meeting_reminders(activity)
        created += 1
    return created


def _ensure_parts_and_invitations(series, activity: Activity, courts: list[Court]) -> None:
    sync_parts(activity)
    parts = {p.court_id: p for p in activity.parts.all()}
    people = list(series.invitees.active())
    if series.invite_all_secretaries:
        people += list(_secretaries(courts))
    invited = set(activity.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(
            activity=activity, part=parts[p.court_id], person=p, invited_by=series.created_by
        )
        for p in {p.pk: p for p in people}.values()
        if p.pk not in invited and p.court_id in parts
    )


def extend_all_series(*, now: datetime.datetime | None = None) -> int:
    return sum(extend_series(series=s, now=now) for s in MeetingSeries.objects.filter(active=True))


# --- Reminders of a meeting -----------------------------------------------------------------


def plan_meeting_reminders(activity: Activity) -> dict[str, int]:
    """Write the reminders of one occurrence from its series' plan."""
    if activity.series_id is None or activity.is_cancelled:
        return reminders.sync_reminders(activity, [])
    host_secretaries = [p.user for p in _secretaries([activity.host_court])]
    all_secretaries = [p.user for p in _secretaries(activity.courts)]
    invitees = [
        a.person.user
        for a in activity.attendances.select_related("person__user")
        if a.person.user.is_active
    ]
    note_taker = [activity.note_taker.user] if activity.note_taker_id else host_secretaries
    audiences = {
        ReminderRule.Audience.HOST_SECRETARY: host_secretaries,
        ReminderRule.Audience.ALL_SECRETARIES: all_secretaries,
        ReminderRule.Audience.INVITEES: invitees,
        ReminderRule.Audience.NOTE_TAKER: note_taker,
        ReminderRule.Audience.NOTE_TAKER_AND_HOST: note_taker + host_secretaries,
    }
    start = timezone.localtime(activity.start)
    plan = []
    for rule in activity.series.reminder_rules.all():
        if rule.offset_days < 0:
            due = activity.start + datetime.timedelta(days=rule.offset_days)
            expires = activity.start
        else:
            due = activity.end + datetime.timedelta(days=rule.offset_days)
            expires = due + datetime.timedelta(days=2)
        title = _("Reminder: %(title)s on %(date)s") % {
            "title": activity.title,
            "date": start.strftime("%Y-%m-%d %H:%M"),
        }
        body = "\n".join(
            filter(
                None,
                [
                    rule.message,
                    _("Time: %(start)s") % {"start": start.strftime("%Y-%m-%d %H:%M")},
                    _("Place: %(place)s") % {"place": activity.place},
                    _("Host: %(court)s") % {"court": activity.host_court.name_zh},
                    _("Agenda:\n%(agenda)s") % {"agenda": activity.agenda}
                    if activity.agenda
                    else "",
                ],
            )
        )
        for user in audiences[rule.audience]:
            plan.append(
                reminders.Planned(
                    stage=rule.stage,
                    recipient=user,
                    due_at=due,
                    expires_at=expires,
                    title=title,
                    body=body,
                    link=activity.get_absolute_url(),
                )
            )
    return reminders.sync_reminders(activity, plan)


def _meeting_still_wanted(activity: Activity, reminder) -> bool:
    if activity.is_cancelled:
        return False
    if reminder.stage.startswith("note_taker"):
        return activity.minutes_status != "final"
    return True


def _meeting_ics(activity: Activity) -> list[tuple[str, bytes, str]]:
    return [
        (
            f"meeting-{activity.pk}.ics",
            calendar_bytes(activity.title, [activity], base_url=reminders._site_url()),
            "text/calendar",
        )
    ]


reminders.register_target(Activity, still_wanted=_meeting_still_wanted, attachments=_meeting_ics)


@transaction.atomic
def update_reminder_plan(
    *, series: MeetingSeries, by, formset, now: datetime.datetime | None = None
) -> int:
    """Save the edited plan and re-plan the reminders of every coming occurrence."""
    if not can_manage_series(by):
        raise PermissionDenied
    with set_actor(by):
        formset.save()
    now = now or timezone.now()
    coming = series.occurrences.filter(end__gt=now).exclude(status=Activity.Status.CANCELLED)
    for activity in coming:
        plan_meeting_reminders(activity)
    return coming.count()
