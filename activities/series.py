"""Regular exchange meetings: recurrence, rotating hosts, occurrences and their reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from auditlog.context import set_actor
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import audit, holidays
from core.access import require
from core.types import Actor
from core.updates import model_update, new_calendar_revision
from courts.choices import Area
from courts.models import Court, Person
from courts.permissions import can_act_for_court, court_of
from courts.selectors import secretaries

from . import notices, permissions
from .meeting_reminders import plan_meeting_reminders
from .models import (
    DEFAULT_REMINDER_PLAN,
    Activity,
    Attendance,
    Kind,
    MeetingSeries,
    ReminderRule,
)
from .models.activity import OCCURRENCE_TITLE
from .models.series import MAX_HORIZON_DAYS
from .permissions import can_create_series, can_manage_series
from .services import cancel, sync_parts

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
    found = []
    for index, start in enumerate(rule.between(dtstart, naive_until, inc=True)):
        adjusted = holiday_adjusted(series, start)
        if adjusted is not None:
            found.append((index, adjusted.replace(tzinfo=zone)))
    return found


def holiday_adjusted(series: MeetingSeries, start: datetime.datetime) -> datetime.datetime | None:
    """The rule's date after the series' holiday rule: kept, moved to a working day, or None
    (skipped). A skipped date keeps its number unused, so that numbers never change once
    given. In a year whose holidays are not known yet, the date is kept (the preview says so)."""
    rule = series.holiday_rule
    if rule == MeetingSeries.HolidayRule.KEEP:
        return start
    info = holidays.day(start.date())
    if not info.is_statutory_holiday:
        return start
    if rule == MeetingSeries.HolidayRule.SKIP:
        return None
    if rule == MeetingSeries.HolidayRule.NEXT_WORKDAY:
        moved = holidays.next_workday(start.date())
    else:
        moved = holidays.previous_workday(start.date())
    return datetime.datetime.combine(moved, start.time())


def holiday_note(series: MeetingSeries, rule_date: datetime.date, start: datetime.datetime) -> str:
    """What the preview says about a date and the holidays."""
    info = holidays.day(rule_date)
    if not info.known:
        return _("The holidays of %(year)d are not published yet: check this date later.") % {
            "year": rule_date.year
        }
    if info.is_statutory_holiday:
        if start.date() != rule_date:
            text = (
                _("%(holiday)s: moved on from %(date)s")
                if start.date() > rule_date
                else _("%(holiday)s: brought forward from %(date)s")
            )
            return text % {
                "holiday": info.holiday,
                "date": formats.date_format(rule_date, "MONTH_DAY_FORMAT"),
            }
        return _("On %(holiday)s") % {"holiday": info.holiday}
    return ""


def host_for(series: MeetingSeries, index: int, courts: list[Court] | None = None) -> Court:
    """The host of the plan's meeting ``index``: the fixed court, or the rotation counted over
    the series' real meetings (those before the current plan included)."""
    if series.host_mode == MeetingSeries.HostMode.FIXED:
        return cast(Court, series.fixed_host)  # a constraint: fixed mode has a host
    courts = courts or list(Court.objects.order_by("sort_order"))
    return courts[(series.numbering_offset + index) % len(courts)]


def _occurrence_title(series: MeetingSeries, index: int) -> str:
    number = series.numbering_offset + index + 1
    return str(OCCURRENCE_TITLE) % {"title": series.title, "number": number}


def _place(series: MeetingSeries, host: Court) -> str:
    return series.place_rule.replace("{host}", host.short_name_zh)


def _numbering_offset(series: MeetingSeries, now: datetime.datetime, *, before: int) -> int:
    """Number the plan from its first meeting still to come: that meeting is no. ``before`` + 1
    (``before``: the series' meetings that stay as they are), whatever dates of the rule lie in
    the past. Numbering and rotation count real meetings only."""
    zone = timezone.get_current_timezone()
    dtstart = datetime.datetime.combine(series.first_date, series.start_time)
    naive_now = timezone.localtime(now, zone).replace(tzinfo=None)
    passed = len(rrulestr(series.rrule, dtstart=dtstart).between(dtstart, naive_now, inc=True))
    return before - passed


@dataclass(frozen=True)
class PlannedMeeting:
    number: int
    start: datetime.datetime
    host: Court
    place: str
    note: str = ""


def preview(
    series: MeetingSeries, *, now: datetime.datetime | None = None, count: int = 6
) -> list[PlannedMeeting]:
    """The next meetings an (unsaved) series would plan: number, start, host and place."""
    now = now or timezone.now()
    plan = MeetingSeries(
        **{f.attname: getattr(series, f.attname) for f in series._meta.concrete_fields}
    )
    stored = MeetingSeries.objects.filter(pk=series.pk).first() if series.pk else None
    if stored is None or (stored.rrule, stored.first_date) != (series.rrule, series.first_date):
        # A new plan: the meetings that stay count before it (what update_series will do).
        movable = {a.pk for a in _movable(stored, now)} if stored else set()
        before = (
            stored.occurrences.exclude(status=Activity.Status.CANCELLED)
            .exclude(pk__in=movable)
            .count()
            if stored
            else 0
        )
        plan.numbering_offset = _numbering_offset(plan, now, before=before)
    courts = list(Court.objects.order_by("sort_order"))
    first = timezone.make_aware(datetime.datetime.combine(plan.first_date, plan.start_time))
    until = max(now, first) + datetime.timedelta(days=MAX_HORIZON_DAYS)
    coming = [(i, s) for i, s in occurrence_starts(plan, until=until) if s > now]
    found = []
    unknown_years: set[int] = set()
    for index, start in coming[:count]:
        host = host_for(plan, index, courts)
        rule_date = _rule_date(plan, index) or start.date()
        note = holiday_note(plan, rule_date, timezone.localtime(start))
        if not holidays.day(rule_date).known:
            # Said once per year, on that year's first date.
            note = "" if rule_date.year in unknown_years else note
            unknown_years.add(rule_date.year)
        found.append(
            PlannedMeeting(
                plan.numbering_offset + index + 1,
                start,
                host,
                _place(plan, host),
                note,
            )
        )
    return found


@transaction.atomic
def create_series(
    *,
    by: Actor,
    invitees: Iterable[Person] = (),
    now: datetime.datetime | None = None,
    **fields: Any,
) -> MeetingSeries:
    require(can_create_series(by))
    validate_rrule(fields.get("rrule", ""))
    if "convening_court" not in fields:
        fields["convening_court"] = court_of(by)
    if not can_act_for_court(by, fields["convening_court"]):
        raise ValidationError({"convening_court": _("You can only convene for your own court.")})
    _check_fixed_host(by, fields)
    series = MeetingSeries(created_by=by, **fields)
    series.full_clean()
    series.numbering_offset = _numbering_offset(series, now or timezone.now(), before=0)
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
    extend_series(series=series, now=now)
    return series


def _check_fixed_host(by: Actor, fields: dict[str, Any]) -> None:
    """A fixed host other than one's own court is refused, as it is for activities."""
    host = fields.get("fixed_host")
    fixed = fields.get("host_mode") == MeetingSeries.HostMode.FIXED
    if fixed and host is not None and not can_act_for_court(by, host):
        raise ValidationError({"fixed_host": _("You can only fix your own court as the host.")})


SERIES_FIELDS = {
    "title",
    "convening_court",
    "holiday_rule",
    "reminders_on_workdays",
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
# A change of these changes which days the meetings fall on: the plan is made again from now.
# (A new start time or length moves each meeting on its day, keeping its number.)
DATE_FIELDS = {"rrule", "first_date", "holiday_rule"}


def _movable(series: MeetingSeries, now: datetime.datetime) -> list[Activity]:
    """Coming occurrences the series still moves: untouched by hand and not cancelled."""
    return list(
        series.occurrences.filter(start__gt=now, edited_by_hand=False)
        .exclude(status=Activity.Status.CANCELLED)
        .exclude(occurrence_index=None)
        .select_related("host_court")
        .order_by("start")
    )


def coming_untouched(series: MeetingSeries) -> list[Activity]:
    """What ending the series would cancel (shown on its page before one decides)."""
    return [a for a in _movable(series, timezone.now()) if not has_records(a)]


def has_records(activity: Activity) -> bool:
    """Attendance taken or leave asked, files, or minutes: such a meeting is never dropped."""
    return (
        bool(activity.minutes.strip())
        or activity.attachments.exists()
        or activity.attendances.exclude(
            status=Attendance.Status.INVITED, leave=Attendance.Leave.NONE
        ).exists()
    )


@transaction.atomic
def update_series(
    *,
    series: MeetingSeries,
    by: Actor,
    invitees: Iterable[Person] | None = None,
    now: datetime.datetime | None = None,
    **changes: Any,
) -> MeetingSeries:
    """Change the series. Coming meetings nobody edited by hand follow: moved ones keep their
    identity (the same calendar entry, its revision raised), ones the new rule no longer has are
    cancelled, and everybody concerned is told. Meetings with records are never dropped."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.is_ended and permissions.can_change(by, series):
        raise ValidationError(_("This series has ended and can no longer be changed."))
    require(can_manage_series(by, series))
    if "rrule" in changes:
        validate_rrule(changes["rrule"])
    _check_fixed_host(by, {"host_mode": series.host_mode, **changes})
    new_convener = changes.get("convening_court")
    moved_convener = new_convener is not None and new_convener.pk != series.convening_court_id
    if moved_convener and not can_act_for_court(by, new_convener):
        raise ValidationError({"convening_court": _("You can only convene for your own court.")})
    data = dict(changes)
    if invitees is not None:
        data["invitees"] = list(invitees)
    was_active = series.active
    with set_actor(by):
        changed = model_update(instance=series, fields=SERIES_FIELDS | {"invitees"}, data=data)
    if not changed:
        return series
    now = now or timezone.now()
    if changed & DATE_FIELDS or (series.active and not was_active):
        _replan(series, by=by, now=now)
    elif changed - {"active", "horizon_days"}:
        courts = list(Court.objects.order_by("sort_order"))
        for activity in _movable(series, now):
            _apply_series(series, activity, courts=courts, by=by, index=activity.occurrence_index)
    extend_series(series=series, now=now)
    return series


def _replan(series: MeetingSeries, *, by: Actor, now: datetime.datetime) -> None:
    """Make the plan again from now with the (new) rule."""
    movable = _movable(series, now)
    keep = [a for a in movable if has_records(a)]
    move = [a for a in movable if a not in keep]
    # Meetings that stay where they are leave the plan (and its numbering) but count for it.
    # The ones to move give up their numbers first (one meeting per number is a constraint).
    staying = series.occurrences.exclude(status=Activity.Status.CANCELLED).exclude(
        pk__in=[a.pk for a in move]
    )
    audit.bulk_update(
        series.occurrences.exclude(occurrence_index=None).exclude(pk__in=[a.pk for a in move]),
        by=by,
        occurrence_index=None,
    )
    audit.bulk_update(  # audited too: their numbers pass through "none" on the way
        Activity.objects.filter(pk__in=[a.pk for a in move]), by=by, occurrence_index=None
    )
    for activity in move:
        activity.occurrence_index = None  # as the row now says
    offset = _numbering_offset(series, now, before=staying.count())
    with set_actor(by):
        model_update(
            instance=series, fields=["numbering_offset"], data={"numbering_offset": offset}
        )
    until = now + datetime.timedelta(days=series.horizon_days)
    starts = [(i, s) for i, s in occurrence_starts(series, until=until) if s > now]
    courts = list(Court.objects.order_by("sort_order"))
    for activity, (index, start) in zip(move, starts, strict=False):
        _apply_series(series, activity, courts=courts, by=by, index=index, start=start)
    for activity in move[len(starts) :]:
        cancel_for_series(
            activity, by=by, reason=_("The series' rule changed; this meeting is no longer held.")
        )


# What an occurrence takes from its series.
SERIES_DECIDES = {
    "occurrence_index",
    "start",
    "end",
    "host_court",
    "title",
    "place",
    "agenda",
    "notice",
    "co_host_courts",
}


def _apply_series(
    series: MeetingSeries,
    activity: Activity,
    *,
    courts: list[Court],
    by: Actor,
    index: int | None,
    start: datetime.datetime | None = None,
) -> None:
    """Give an occurrence what the series says for meeting ``index``; tell those concerned when
    its time, place or host changed (its calendar revision rises)."""
    index = cast(int, index)
    old = (activity.start, activity.place, activity.host_court)
    start = start or occurrence_start(series, index) or activity.start
    host = host_for(series, index, courts)
    with set_actor(by):
        changed = model_update(
            instance=activity,
            fields=SERIES_DECIDES,
            data={
                "occurrence_index": index,
                "start": start,
                "end": start + datetime.timedelta(minutes=series.duration_minutes),
                "host_court": host,
                "title": _occurrence_title(series, index),
                "place": _place(series, host),
                "agenda": series.agenda,
                "notice": _occurrence_notice(series, host, start),
                "co_host_courts": [c for c in courts if c.pk != host.pk],
            },
        )
        moved = bool(changed & {"start", "place", "host_court"})
        if moved:
            new_calendar_revision(activity)
    _ensure_parts_and_invitations(series, activity, courts, by=by)
    plan_meeting_reminders(activity)
    if moved:
        notices.tell_changed(activity, old_start=old[0], old_place=old[1], old_host=old[2])


def _rule_date(series: MeetingSeries, index: int) -> datetime.date | None:
    dtstart = datetime.datetime.combine(series.first_date, series.start_time)
    for position, start in enumerate(rrulestr(series.rrule, dtstart=dtstart)):
        if position == index:
            return start.date()
    return None


def occurrence_start(series: MeetingSeries, index: int) -> datetime.datetime | None:
    dtstart = datetime.datetime.combine(series.first_date, series.start_time)
    rule = rrulestr(series.rrule, dtstart=dtstart)
    for position, start in enumerate(rule):
        if position == index:
            adjusted = holiday_adjusted(series, start)
            if adjusted is None:
                return None
            return adjusted.replace(tzinfo=timezone.get_current_timezone())
        if position > index:
            break
    return None


def cancel_for_series(activity: Activity, *, by: Actor, reason: str) -> None:
    """Cancel an occurrence on the series' behalf (its convener decided), telling those
    concerned; the meeting stays in the records as cancelled."""
    cancel(activity, by=by, reason=reason)


@transaction.atomic
def end_series(
    *, series: MeetingSeries, by: Actor, reason: str, now: datetime.datetime | None = None
) -> int:
    """End the series: no more meetings are planned, the coming ones nobody touched are
    cancelled with notice (ones with records stay). Returns how many were cancelled."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.is_ended and permissions.can_change(by, series):
        raise ValidationError(_("This series has already ended."))
    require(can_manage_series(by, series))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for ending the series.")})
    now = now or timezone.now()
    cancelled = 0
    for activity in _movable(series, now):
        if not has_records(activity):
            cancel_for_series(
                activity, by=by, reason=_("The series has ended: %(reason)s") % {"reason": reason}
            )
            cancelled += 1
    with set_actor(by):
        model_update(
            instance=series,
            fields=["active", "ended_on"],
            data={"active": False, "ended_on": timezone.localdate(now)},
        )
    return cancelled


@transaction.atomic
def extend_series(*, series: MeetingSeries, now: datetime.datetime | None = None) -> int:
    """Create the occurrences of the rolling horizon that do not exist yet. The series row is
    locked first, so that two runs at once (beat and a save, two workers) plan each meeting
    once: the second waits and then finds the first's meetings."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if not series.active:
        return 0
    now = now or timezone.now()
    until = now + datetime.timedelta(days=series.horizon_days)
    existing = set(
        series.occurrences.exclude(occurrence_index=None).values_list("occurrence_index", flat=True)
    )
    courts = list(Court.objects.order_by("sort_order"))
    created = 0
    invited: dict[Any, list[Activity]] = {}  # user → the new meetings they are invited to
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
            place=_place(series, host),
            agenda=series.agenda,
            notice=_occurrence_notice(series, host, start),
            series=series,
            occurrence_index=index,
            created_by=series.created_by,
        )
        activity.co_host_courts.set([c for c in courts if c.pk != host.pk])
        new = _ensure_parts_and_invitations(series, activity, courts, by=None)
        plan_meeting_reminders(activity)
        for attendance in new:
            invited.setdefault(attendance.person.user, []).append(activity)
        created += 1
    # One invitation per person for all the meetings planned now, listing their dates.
    by_meetings: dict[tuple[int, ...], list[Any]] = {}
    for user, meetings in invited.items():
        by_meetings.setdefault(tuple(m.pk for m in meetings), []).append(user)
    for users in by_meetings.values():
        meetings = invited[users[0]]
        notices.tell_invited_to_series(series, meetings, users)
    return created


def _occurrence_notice(series: MeetingSeries, host: Court, start: datetime.datetime) -> str:
    """The meeting's notice (会议通知), from the series: when, where, who hosts, the standing
    agenda — so that each meeting of the series is called in writing."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("%(series)s: the meeting is held on %(start)s at %(place)s, hosted by %(host)s.")
            % {
                "series": series.title,
                "start": formats.date_format(timezone.localtime(start), "DATETIME_FORMAT"),
                "place": _place(series, host),
                "host": host.name,
            }
        ]
        if series.agenda.strip():
            lines.append(_("Agenda:\n%(agenda)s") % {"agenda": series.agenda.strip()})
    return "\n\n".join(lines)


def _ensure_parts_and_invitations(
    series: MeetingSeries, activity: Activity, courts: list[Court], *, by: Actor | None
) -> list[Attendance]:
    """Each court's part and the series' invitations (``by`` None: the planner itself).
    Returns the new invitations."""
    sync_parts(activity, by=by)
    parts = {p.court_id: p for p in activity.parts.all()}
    people = list(series.invitees.active())
    if series.invite_all_secretaries:
        people += list(secretaries(courts))
    invited = set(activity.attendances.values_list("person_id", flat=True))
    return audit.bulk_create(
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
