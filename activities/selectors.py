"""Reads for joint activities that are more than a queryset method."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext

from core import generations
from core.models import Reminder
from core.registry import CalendarEvent
from core.reminders import stage_words
from core.types import Viewer
from courts.models import Court, PartyBranch, Person
from courts.permissions import write_scope
from courts.selectors import courts_by_id

from .minutes import carried_over
from .models import (
    ActionItem,
    Activity,
    ActivityPart,
    Attachment,
    Attendance,
    MeetingSeries,
    MinutesStatus,
)
from .models.activity import AREA_LABELS, KIND_LABELS, ActivityQuerySet, calendar_event


def activity_for_detail(pk: int) -> Activity:
    """One activity with everything its detail, roll-call and minutes pages show: kept in the
    cache (a fresh copy for each request) until a table it was read from is written — its five
    queries were 40% of the detail page's time, and the roll call is opened again and again
    at a venue. Raises ``Activity.DoesNotExist``."""

    return generations.kept(
        f"activity:{pk}:detail",
        lambda: _activity_for_detail(pk),
        600,
        local=True,
    )


def _activity_for_detail(pk: int) -> Activity:
    """Courts and Party branches come from the cache (core.generations) rather than from
    joins: nine joins per attendance row cost more to plan and build than the rows themselves,
    and the ordering (court, then name) is done here on the few rows."""

    activity = (
        Activity.objects.select_related(
            "host_court", "red_base", "created_by__person", "note_taker"
        )
        .prefetch_related(
            Prefetch("parts", queryset=ActivityPart.objects.order_by()),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related(
                    "person", "signed_in_by__person"
                ).order_by(),
            ),
            Prefetch(
                "attachments", queryset=Attachment.objects.select_related("uploaded_by__person")
            ),
        )
        .get(pk=pk)
    )
    courts = _courts_by_id()
    branches = {
        b.pk: b
        for b in generations.kept(
            "party-branches",
            lambda: list(PartyBranch.objects.all()),
            300,
            local=True,
        )
    }
    attach_courts([activity])
    parts = activity.parts.all()
    for part in parts:
        part._state.fields_cache["court"] = courts[part.court_id]
    cast(Any, parts)._result_cache.sort(key=lambda p: (p.court.sort_order, p.pk))
    by_part = {part.pk: part for part in parts}
    part_court = {part.pk: part.court for part in parts}
    attendances = activity.attendances.all()
    for attendance in attendances:
        person = attendance.person
        person._state.fields_cache["court"] = courts[person.court_id]
        person._state.fields_cache["branch"] = branches.get(person.branch_id)
    cast(Any, attendances)._result_cache.sort(
        key=lambda a: (part_court[a.part_id].sort_order, a.person.full_name, a.pk)
    )
    for attachment in activity.attachments.all():
        if attachment.part_id in by_part:
            attachment._state.fields_cache["part"] = by_part[attachment.part_id]
    return activity


@dataclass
class CourtRollCall:
    court: Court
    attendances: list[Attendance] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def expected(self) -> int:
        """Everyone invited except those on approved leave."""
        return len(self.attendances) - self.counts[Attendance.Status.LEAVE]

    @property
    def attended(self) -> int:
        return self.counts[Attendance.Status.SIGNED_IN] + self.counts[Attendance.Status.LATE]

    @property
    def rate(self) -> float | None:
        """Participation rate: attended ÷ (invited − on leave); None when nobody is expected."""
        return self.attended / self.expected if self.expected else None

    @property
    def leave_requests(self) -> int:
        return sum(1 for a in self.attendances if a.leave == Attendance.Leave.REQUESTED)


def roll_call(activity: Activity) -> list[CourtRollCall]:
    """The roll call of each participating court, side by side (uses prefetched rows).

    Each attendance gets ``shown_status``: its status as the roll call shows it, where someone
    still only invited after the end counts as absent. Pages and the dossier show that one."""
    columns = {court.pk: CourtRollCall(court=court) for court in activity.courts}
    for attendance in activity.attendances.all():
        column = columns.get(attendance.person.court_id)
        if column is None:
            continue
        status = attendance.status_as_shown(activity)
        attendance.shown_status = status  # for the template
        column.attendances.append(attendance)
        column.counts[status] += 1
    return list(columns.values())


def participation_record(person: Person, *, year: int | None = None) -> QuerySet[Attendance]:
    """The joint activities a person was invited to, newest first, with their attendance."""
    rows = (
        Attendance.objects.filter(person=person)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity__host_court")
        .order_by("-activity__start")
    )
    if year:
        rows = rows.filter(activity__start__year=year)
    return rows


def participation_overview(person: Person, *, year: int | None = None) -> dict:
    """A person's record page without its rows: the ids of the rows (newest first), the
    activities attended by year and by kind, and the years they were invited in — kept until
    an invitation or an activity changes (the page read and built every row of the record on
    each view to count them)."""

    def compute() -> dict:
        rows = list(
            participation_record(person, year=year).values_list(
                "pk", "activity__start", "activity__kind", "status"
            )
        )
        attended = {Attendance.Status.SIGNED_IN, Attendance.Status.LATE}
        by_year: Counter = Counter()
        by_kind: Counter = Counter()
        for _pk, start, kind, status in rows:
            if status in attended:
                by_year[timezone.localtime(start).year] += 1
                by_kind[kind] += 1
        starts = participation_record(person).values_list("activity__start", flat=True)
        return {
            "ids": [row[0] for row in rows],
            "by_year": sorted(by_year.items(), reverse=True),
            "by_kind": by_kind.most_common(),
            "years": sorted({timezone.localtime(s).year for s in starts}, reverse=True),
        }

    key = f"record:{person.pk}:{year or ''}:{timezone.localdate()}"
    return generations.kept(key, compute, 600, local=True)


def calendar_activities(
    start: datetime.datetime,
    end: datetime.datetime,
    queryset: ActivityQuerySet | None = None,
) -> ActivityQuerySet:
    """Activities overlapping [start, end), in time order. The lower bound on ``start`` (an
    activity lasts less than a week) lets the index on ``start`` scan only the period: with
    ``end > start`` alone PostgreSQL walked every earlier activity (31 ms at volume)."""
    queryset = queryset if queryset is not None else Activity.objects.all()
    return (
        queryset.with_related()
        .filter(start__gte=start - datetime.timedelta(days=7), start__lt=end, end__gt=start)
        .order_by("start")
    )


CALENDAR_FIELDS = (
    "pk",
    "title",
    "start",
    "end",
    "place",
    "agenda",
    "area",
    "kind",
    "status",
    "ical_sequence",
    "host_court_id",
)


def calendar_events(activities: ActivityQuerySet) -> list[CalendarEvent]:
    """The activities as calendar events from plain rows and one query of co-hosts: a private
    feed at volume holds thousands, and model instances were most of its time."""
    rows = list(
        activities.prefetch_related(None).select_related(None).values_list(*CALENDAR_FIELDS)
    )
    by_id = _courts_by_id()
    order = {pk: court.sort_order for pk, court in by_id.items()}
    name = {pk: court.short_name for pk, court in by_id.items()}  # once, in the active language
    labels = (
        {k: str(v) for k, v in AREA_LABELS.items()},
        {k: str(v) for k, v in KIND_LABELS.items()},
    )
    co_hosts = _co_host_ids([row[0] for row in rows])
    events = []
    for pk, title, start, end, place, agenda, area, kind, status, sequence, host in rows:
        names = tuple(name[c] for c in _host_first(host, co_hosts.get(pk, ()), order))
        events.append(
            calendar_event(
                pk=pk,
                title=title,
                start=start,
                end=end,
                place=place,
                agenda=agenda,
                area=area,
                kind=kind,
                status=status,
                sequence=sequence,
                court_names=names,
                labels=labels,
            )
        )
    return events


def _courts_by_id() -> dict[int, Court]:
    return courts_by_id()


def _host_first(host: int, co_hosts: Iterable[int], order: dict[int, int]) -> list[int]:
    """Court ids as ``Activity.courts`` lists them: the host, then the co-hosts in the
    agreement's order."""
    return [host, *sorted((c for c in co_hosts if c != host and c in order), key=order.__getitem__)]


def _co_host_ids(activity_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    through = Activity.co_host_courts.through
    for chunk_start in range(0, len(activity_ids), 5000):
        chunk = activity_ids[chunk_start : chunk_start + 5000]
        for activity_id, court_id in through.objects.filter(activity_id__in=chunk).values_list(
            "activity_id", "court_id"
        ):
            found.setdefault(activity_id, []).append(court_id)
    return found


def attach_courts(activities: Iterable[Activity]) -> list[Activity]:
    """Fill each activity's ``courts`` (host first, then co-hosts in the agreement's order) from
    one query of co-host ids and the cached courts — a prefetch built a manager and a queryset
    per row (4 ms of a 20-row list page)."""
    rows = list(activities)
    by_id = _courts_by_id()
    order = {pk: court.sort_order for pk, court in by_id.items()}
    co_hosts = _co_host_ids([a.pk for a in rows])
    for activity in rows:
        ordered = _host_first(activity.host_court_id, co_hosts.get(activity.pk, ()), order)
        activity.__dict__["courts"] = [by_id[c] for c in ordered]  # the cached_property
    return rows


def with_courts(activities: Iterable[Activity], *, chunk: int = 2000) -> Iterator[Activity]:
    """:func:`attach_courts` over a stream (an export), a chunk at a time."""
    batch: list[Activity] = []
    for activity in activities:
        batch.append(activity)
        if len(batch) == chunk:
            yield from attach_courts(batch)
            batch = []
    yield from attach_courts(batch)


def my_upcoming(person: Person | None, *, limit: int = 5) -> QuerySet[Attendance]:
    """The coming joint activities a person is invited to."""
    if person is None:
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(person=person, activity__end__gte=timezone.now())
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity__host_court")
        .order_by("activity__start")[:limit]
    )


def leave_requests_for(user: Viewer, person: Person | None) -> QuerySet[Attendance]:
    """Open leave requests this user may decide (their court's, or all for an admin), for
    activities still to come."""
    scope = write_scope(user)
    if scope.empty:
        return Attendance.objects.none()
    rows = Attendance.objects.filter(
        leave=Attendance.Leave.REQUESTED, activity__start__gte=timezone.now()
    )
    if not scope.all_courts:
        rows = rows.filter(person__court_id=cast(int, scope.court_id))  # not empty: one court
    return rows.select_related("activity", "person").order_by("activity__start")[:10]


def minutes_waiting_for(person: Person | None) -> QuerySet[Activity]:
    """Held meetings whose minutes this person takes and which are not final yet."""
    if person is None:
        return Activity.objects.none()
    return (
        Activity.objects.filter(note_taker=person, end__lt=timezone.now())
        .exclude(status=Activity.Status.CANCELLED)
        .exclude(minutes_status=MinutesStatus.FINAL)
        .order_by("start")[:10]
    )


def comments_open_for(person: Person | None) -> QuerySet[Activity]:
    """Minutes open for comments to which this person was invited."""
    if person is None:
        return Activity.objects.none()
    return (
        Activity.objects.filter(
            minutes_status=MinutesStatus.OPEN,
            comments_until__gt=timezone.now(),
            attendances__person=person,
        )
        .distinct()
        .order_by("comments_until")[:10]
    )


def action_items_of(person: Person | None) -> QuerySet[ActionItem]:
    """Open action items this person is responsible for, soonest due first."""
    if person is None:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.open()
        .filter(responsible=person)
        .select_related("activity")
        .order_by("due_date")[:10]
    )


# What a meeting series' page shows: its kept copy is rebuilt when one of these changes.


def series_for_detail(
    pk: int,
) -> tuple[MeetingSeries, list[Activity], list[Activity], list[ActionItem]]:
    """A series with its reminder plan, its meetings from today on, the last twelve before
    today, and its overdue action items — kept per day until a table it read is written
    (the page split all of a series' meetings into coming and past on every view). Raises
    ``MeetingSeries.DoesNotExist``."""

    def compute() -> tuple[MeetingSeries, list[Activity], list[Activity], list[ActionItem]]:
        series = (
            MeetingSeries.objects.select_related("convening_court", "fixed_host")
            .prefetch_related("reminder_rules")
            .get(pk=pk)
        )
        midnight = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time())
        )
        meetings = series.occurrences.select_related("host_court").order_by("start")
        today_on = list(meetings.filter(end__gte=midnight))
        before_today = list(meetings.filter(end__lt=midnight).order_by("-start")[:12])[::-1]
        overdue = list(
            ActionItem.objects.overdue()
            .filter(activity__series=series)
            .select_related("court", "responsible", "activity")
        )
        return series, today_on, before_today, overdue

    return generations.kept(f"series:{pk}:detail:{timezone.localdate()}", compute, 600, local=True)


def minutes_lists(activity: Activity) -> dict[str, list]:
    """The minutes page's versions (the last twenty), comments, action items and the items
    carried over from the series' earlier meetings, kept per day until one of them (or a
    person, court or user they name) changes."""

    def compute() -> dict[str, list]:
        return {
            "versions": list(activity.minutes_versions.select_related("saved_by__person")[:20]),
            "comments": list(activity.minutes_comments.select_related("author__person")),
            "action_items": list(activity.action_items.select_related("court", "responsible")),
            "carried_over": list(carried_over(activity)),
        }

    key = f"minutes:{activity.pk}:lists:{timezone.localdate()}"
    return generations.kept(key, compute, 600, local=True)


@dataclass(frozen=True)
class ComingReminder:
    due_at: Any
    stage: str
    meeting: str
    recipient: str
    court: str
    channels: list[str]


def coming_reminders(series: MeetingSeries, *, limit: int = 50) -> list[ComingReminder]:
    """The concrete reminders the plan will send for the series' meetings: when, which stage,
    to whom, through which channels (the inbox always; e-mail where the court uses it and the
    person has an address; the court's group robot where it has one)."""
    from django.contrib.contenttypes.models import ContentType

    meetings = dict(series.occurrences.values_list("pk", "title"))
    rows = (
        Reminder.objects.filter(
            content_type=ContentType.objects.get_for_model(Activity),
            object_id__in=list(meetings),
            status__in=[Reminder.Status.PENDING, Reminder.Status.RETRY],
        )
        .select_related("recipient__person__court")
        .order_by("due_at", "pk")[:limit]
    )
    coming = []
    for row in rows:
        person = getattr(row.recipient, "person", None)
        court = getattr(person, "court", None)
        channels = [pgettext("channel", "Inbox")]
        if row.recipient.email and (court is None or court.email_reminders):
            channels.append(pgettext("channel", "E-mail"))
        if court is not None and court.webhook_url:
            channels.append(pgettext("channel", "Group robot"))
        coming.append(
            ComingReminder(
                due_at=row.due_at,
                stage=stage_words(row.stage),
                meeting=meetings.get(row.object_id, ""),
                recipient=person.full_name if person else row.recipient.get_username(),
                court=court.short_name if court else "",
                channels=channels,
            )
        )
    return coming
