"""What the activities app adds to the shell: navigation, calendar events, "waiting for me"
lists and a section on each area page (registered from ``ActivitiesConfig.ready``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core import search
from core.lists import labelled, separator
from core.registry import (
    CalendarEvent,
    CalendarSource,
    NavEntry,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_calendar_source,
    register_nav,
    register_search_source,
    register_waiting,
)
from core.reminders import StageWords, register_stage_words
from courts.figures import Counts, first_per_area, in_year, tally
from courts.models import PartyBranch
from courts.permissions import can_read, person_of, write_scope
from courts.registry import (
    AreaSection,
    Figure,
    RecordPart,
    ReportSection,
    StorySource,
    StoryStart,
    register_area_section,
    register_figure,
    register_record_part,
    register_report_section,
    register_story_source,
)
from courts.selectors import court_name

from . import rhythm, selectors, windows
from .models import (
    ActionItem,
    Activity,
    Attachment,
    Attendance,
    Kind,
    MeetingSeries,
    ReminderRule,
)
from .search import SEARCH_COLUMNS

ACTIVITIES = _("Activities")


def _calendar_kinds() -> list[tuple[str, Any]]:

    return list(Kind.choices)


def _calendar_activities(
    start: datetime.datetime,
    end: datetime.datetime,
    court: Any = None,
    kind: str | None = None,
    person: Any = None,
):

    activities = selectors.calendar_activities(start, end).defer(
        "notice", "summary", "minutes", "minutes_decisions"
    )
    if court is not None:
        activities = activities.filter(Q(host_court=court) | _co_hosted_by(court))
    if kind:
        activities = activities.filter(kind=kind)
    if person is not None:
        activities = activities.filter(
            Q(host_court=person.court_id)
            | _co_hosted_by(person.court_id)
            | Exists(Attendance.objects.filter(activity=OuterRef("pk"), person=person))
        )
    return activities


def _co_hosted_by(court: Any) -> Exists:

    through = Activity.co_host_courts.through
    return Exists(through.objects.filter(activity=OuterRef("pk"), court=court))


def _calendar_events(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    court: Any = None,
    kind: str | None = None,
    person: Any = None,
    per_day: int | None = None,
    limit: int | None = None,
) -> Iterable[CalendarEvent]:
    activities = _calendar_activities(start, end, court, kind, person)
    if per_day:
        # The first N of each local day, chosen by the database: a month at volume has
        # hundreds of activities and the grid shows three a day.
        activities = activities.alias(
            day_rank=Window(
                RowNumber(),
                partition_by=[TruncDate("start", tzinfo=timezone.get_current_timezone())],
                order_by=[F("start").asc(), F("pk").asc()],
            )
        ).filter(day_rank__lte=per_day)
    if limit is not None:
        activities = activities[:limit]
    return selectors.calendar_events(activities)


def _calendar_day_counts(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    court: Any = None,
    kind: str | None = None,
    person: Any = None,
) -> dict[datetime.date, int]:
    rows = (
        _calendar_activities(start, end, court, kind, person)
        .order_by()
        .annotate(day=TruncDate("start", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
    )
    return {row["day"]: row["n"] for row in rows}


def _my_coming(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=a.activity.shown_title,
            url=a.activity.get_absolute_url(),
            detail=f"{a.activity.host_court.short_name} · {a.get_status_display()}",
            when=a.activity.start,
        )
        for a in selectors.my_upcoming(person_of(user))
    ]


def _leave_requests(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=labelled(a.person.full_name, a.leave_reason),
            url=reverse("activities:roll-call", kwargs={"pk": a.activity_id}),
            detail=a.activity.shown_title,
            when=a.activity.start,
        )
        for a in selectors.leave_requests_for(user, person_of(user))
    ]


def _minutes_to_write(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=activity.shown_title,
            url=reverse("activities:minutes", kwargs={"pk": activity.pk}),
            detail=str(_("Minutes to write")),
            when=activity.start,
        )
        for activity in selectors.minutes_waiting_for(person_of(user))
    ]


def _to_record(user: Any) -> list[WaitingItem]:
    """Activities of the user's court (all for an administrator) that ended while still
    planned: nobody recorded whether they were held."""

    rows = Activity.objects.editable_by(user).unrecorded().order_by("end")[:10]
    return [
        WaitingItem(
            title=activity.shown_title,
            url=reverse("activities:activity-record", kwargs={"pk": activity.pk}),
            detail=str(_("Ended, not recorded")),
            when=activity.end,
        )
        for activity in rows
    ]


def _comments_open(user: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            title=activity.shown_title,
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
            detail=item.activity.shown_title,
            when=item.due_date,
        )
        for item in selectors.action_items_of(person_of(user))
    ]


def _area_activities(area: str, user: Any) -> dict | None:

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


def _story(user: Any, pk: int) -> StoryStart | None:
    """A held or completed joint activity as the start of a publicity draft: its title, date,
    courts, summary and photos (read by every member of staff: joint records)."""

    activity = (
        Activity.objects.filter(pk=pk, status__in=("held", "completed"))
        .select_related("host_court")
        .first()
    )
    if activity is None or not getattr(user, "is_authenticated", False):
        return None
    if not windows.window_story(activity).is_open():
        return None
    photos = []
    for photo in Attachment.objects.filter(activity=activity, kind="photo").order_by("pk")[:6]:
        try:
            with photo.file.open("rb") as stored:
                photos.append((photo.original_name, stored.read()))
        except OSError:
            continue
    courts = (activity.host_court_id, *activity.co_host_courts.values_list("pk", flat=True))
    return StoryStart(
        title=activity.title,
        summary=(activity.summary or activity.title)[:300],
        body=_story_body(activity),
        area=activity.area,
        court_ids=tuple(courts),
        url=activity.get_absolute_url(),
        date=timezone.localdate(activity.start),
        photos=tuple(photos),
    )


def _story_body(activity: Any) -> str:
    """A draft's body from the record, in the portal's language and in Markdown the editor
    shows as formatted text: the summary, then the facts (time, place, courts, attendance),
    the agenda and the decisions — what a publicity officer would otherwise copy by hand."""
    from django.conf import settings
    from django.utils import formats, translation

    with translation.override(settings.LANGUAGE_CODE):
        courts = [activity.host_court, *activity.co_host_courts.exclude(pk=activity.host_court_id)]
        invited = activity.attendances.count()
        present = activity.attendances.filter(
            status__in=[Attendance.Status.SIGNED_IN, Attendance.Status.LATE]
        ).count()
        start = timezone.localtime(activity.start)
        facts = [
            _("Time: %(start)s") % {"start": formats.date_format(start, "DATETIME_FORMAT")},
            _("Place: %(place)s") % {"place": activity.place},
            _("Courts: %(courts)s (hosted by %(host)s)")
            % {
                "courts": separator().join(c.short_name for c in courts),
                "host": activity.host_court.short_name,
            },
        ]
        if invited:
            facts.append(
                _("Attendance: %(present)d of the %(invited)d invited")
                % {"present": present, "invited": invited}
            )
        # (headings outside the f-strings: makemessages does not look inside them)
        about, agenda, decided = _("The activity"), _("Agenda"), _("What was decided")
        parts = [activity.summary.strip()] if activity.summary.strip() else []
        parts.append(f"## {about}\n\n" + "\n".join(f"- {fact}" for fact in facts))
        if activity.agenda.strip():
            parts.append(f"## {agenda}\n\n{activity.agenda.strip()}")
        if activity.minutes_decisions.strip():
            parts.append(f"## {decided}\n\n{activity.minutes_decisions.strip()}")
    return "\n\n".join(parts) + "\n"


def MEETING_STAGE_WORDS(who):  # noqa: N802  (a constructor of words, like a class)
    from django.utils.translation import ngettext_lazy

    return StageWords(
        who=who,
        before=ngettext_lazy(
            "%(days)d day before the meeting", "%(days)d days before the meeting", "days"
        ),
        after=ngettext_lazy(
            "%(days)d day after the meeting", "%(days)d days after the meeting", "days"
        ),
    )


def _anyone(user) -> bool:
    return True


def _is_a_person(user) -> bool:
    """Only someone in the directory has a record of their own (not the admin account)."""
    return person_of(user) is not None


def _completed(year: int) -> Any:
    return Activity.objects.filter(in_year("start", year), status=Activity.Status.COMPLETED)


def _courts_of(rows: Any, by: str = "area") -> Counts:
    """``rows`` counted for each court that hosted or co-hosted them (and the alliance)."""
    return tally(rows, area=by, courts=("host_court", "co_host_courts"), when="start")


def _completed_counts(year: int, today: datetime.date) -> Counts:
    """Joint activities completed in ``year`` per area and month."""
    return _courts_of(_completed(year))


def _kind_counts(year: int, today: datetime.date) -> Counts:
    """The same activities per kind (三会一课's parts, themed Party days, red base visits…)."""
    return _courts_of(_completed(year), by="kind")


def _meetings_counts(year: int, today: datetime.date) -> Counts:
    """Regular exchange meetings (occurrences of a series) completed in ``year``."""
    return _courts_of(_completed(year).filter(series__isnull=False))


def _meetings_planned(year: int, today: datetime.date) -> Counts:
    """Every occurrence of a series in ``year`` that was not cancelled: the meetings planned."""
    occurrences = Activity.objects.filter(in_year("start", year), series__isnull=False)
    return _courts_of(occurrences.exclude(status=Activity.Status.CANCELLED))


def _invited_to_completed(year: int) -> Any:
    return Attendance.objects.filter(
        in_year("activity__start", year), activity__status=Activity.Status.COMPLETED
    )


def _by_attendee(rows: Any) -> Counts:
    """Invitations counted for the court of the person invited (and the alliance)."""
    return tally(rows, area="activity__area", courts=("person__court",), when="activity__start")


def _attended_counts(year: int, today: datetime.date) -> Counts:
    """People taking part in the activities completed in ``year``: those who signed in."""
    return _by_attendee(_invited_to_completed(year).filter(status__in=ATTENDED))


def _invited_counts(year: int, today: datetime.date) -> Counts:
    return _by_attendee(_invited_to_completed(year))


def _list_link(year: int, court_id: int | None, **narrow: str) -> str:
    """The activity list of the activities completed in ``year``, narrowed the same way."""
    query = {"status": "completed", "date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}
    query.update(narrow)
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("activities:activity-list") + "?" + urlencode(query)


def _completed_link(year: int, area: str, court_id: int | None) -> str:
    return _list_link(year, court_id, area=area)


def _roll_calls_link(year: int, area: str, court_id: int | None) -> str:
    """The activities whose roll calls a participation figure counts: every completed one of
    the area and year (a court's people take part in activities other courts hold)."""
    return _list_link(year, None, area=area)


def _kind_link(year: int, kind: str, court_id: int | None) -> str:
    return _list_link(year, court_id, kind=kind)


def _meetings_link(year: int, area: str, court_id: int | None) -> str:
    return _list_link(year, court_id, area=area, regular="true")


def _action_items_due(year: int) -> Any:
    """Action items due in ``year``, counted for the court that is to do them."""
    return ActionItem.objects.filter(in_year("due_date", year, is_date=True))


def _by_item_court(rows: Any) -> Counts:
    return tally(rows, area="activity__area", courts=("court",), when="due_date")


def _actions_done(year: int, today: datetime.date) -> Counts:
    return _by_item_court(_action_items_due(year).filter(done_at__isnull=False))


def _actions_due(year: int, today: datetime.date) -> Counts:
    return _by_item_court(_action_items_due(year))


def _actions_overdue(year: int, today: datetime.date) -> Counts:
    """Items due in ``year`` whose date has passed (as of ``today``) while they are open."""
    return _by_item_court(_action_items_due(year).open().filter(due_date__lt=today))


def _actions_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"area": area, "due_after": f"{year}-01-01", "due_before": f"{year}-12-31", **narrow}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("activities:action-item-list") + "?" + urlencode(query)


def _actions_done_link(year: int, area: str, court_id: int | None) -> str:
    return _actions_link(year, area, court_id, status="done")


def _actions_overdue_link(year: int, area: str, court_id: int | None) -> str:
    return _actions_link(year, area, court_id, overdue="true")


def _report_activities(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The joint activities completed in ``year`` (those ``court_id`` hosted or co-hosted), with
    their co-hosts from one more query."""
    done = _completed(year)
    if court_id is not None:
        done = done.filter(Q(host_court=court_id) | _co_hosted_by(court_id))
    rows = list(
        first_per_area(done, area="area", order=("start", "pk"), n=per_area).values_list(
            "pk", "area", "start", "title", "kind", "host_court_id", "place"
        )
    )
    through = Activity.co_host_courts.through.objects.filter(activity__in=[r[0] for r in rows])
    co_hosts: dict[int, list[str]] = {}
    for activity_id, court_id in through.order_by("court__sort_order").values_list(
        "activity_id", "court_id"
    ):
        co_hosts.setdefault(activity_id, []).append(court_name(court_id))
    kinds = dict(Kind.choices)
    return [
        (
            area,
            (
                timezone.localtime(start).date(),
                title,
                str(kinds.get(kind, kind)),
                court_name(host),
                str(separator()).join(co_hosts.get(pk, [])),
                place,
            ),
        )
        for pk, area, start, title, kind, host, place in rows
    ]


def _find_activities(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Joint activities by their title, place and agenda (every member of staff reads them)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Activity.objects.select_related("host_court"),
        q,
        SEARCH_COLUMNS,
        limit=limit,
        order=("-start", "-pk"),
        indexed=True,
    )
    return total, [
        SearchHit(
            a.shown_title,
            a.get_absolute_url(),
            text=f"{a.place} {a.agenda}",
            when=a.start,
            detail=a.host_court.short_name,
        )
        for a in rows
    ]


def _find_series(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        MeetingSeries.objects.select_related("convening_court"),
        q,
        ("title",),
        limit=limit,
        order=("-pk",),
    )
    return total, [
        SearchHit(s.title, s.get_absolute_url(), detail=s.convening_court.short_name) for s in rows
    ]


ATTENDED = (Attendance.Status.SIGNED_IN, Attendance.Status.LATE)


def _invitations(year: int) -> Any:
    """Invitations to the joint activities of ``year`` that were not cancelled."""
    return Attendance.objects.filter(in_year("activity__start", year)).exclude(
        activity__status=Activity.Status.CANCELLED
    )


def _record_rows(viewer: Any, person: Any, year: int) -> list[tuple]:
    """The joint activities ``person`` was invited to in ``year``, across the three courts."""
    rows = (
        _invitations(year)
        .filter(person=person)
        .select_related("activity")
        .order_by("activity__start", "pk")
    )
    return [
        (
            timezone.localtime(a.activity.start).date(),
            a.activity.shown_title,
            court_name(a.activity.host_court_id),
            a.activity.get_kind_display(),
            str(a.status_as_shown(a.activity).label),
        )
        for a in rows
    ]


def _record_counts(person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
    """Activities attended of those invited to, per person: one aggregate query."""
    rows = (
        _invitations(year)
        .filter(person__in=person_ids)
        .values("person")
        .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    )
    return {r["person"]: (r["attended"], r["invited"]) for r in rows}


def _branches_behind(user: Any) -> list[WaitingItem]:
    """The branches of the secretary's court (every court's for an administrator) behind the
    rhythm of 三会一课, the longest due first."""
    scope = write_scope(user)
    if scope.empty:
        return []
    branches = PartyBranch.objects.select_related("court")
    if not scope.all_courts:
        branches = branches.filter(court=scope.court_id)
    return [
        WaitingItem(
            title=f"{lapse.branch.name} · {lapse.beat.label}",
            url=reverse("courts:branch-record", args=[lapse.branch.pk]),
            detail=str(_("Due since")),
            when=lapse.due,
        )
        for lapse in rhythm.lapses(branches, timezone.localdate())[:10]
    ]


def register() -> None:
    register_waiting(
        WaitingList(
            "branches-behind", _("Branches behind their meeting rhythm"), _branches_behind, order=44
        )
    )
    register_stage_words(
        "branch_secretaries",
        StageWords(
            who=_("The branch's court's Party secretaries"),
            before=_("once a period passed without the meeting"),
        ),
    )
    register_record_part(
        RecordPart(
            "activities",
            _("Joint activities attended of those invited to"),
            (_("Date"), _("Title"), _("Host court"), _("Kind"), _("Attendance")),
            _record_rows,
            _record_counts,
            order=10,
        )
    )
    register_report_section(
        ReportSection(
            "activities",
            _("Joint activities completed"),
            (_("Date"), _("Title"), _("Kind"), _("Host court"), _("Co-host courts"), _("Place")),
            _report_activities,
            order=10,
        )
    )
    from django.utils.translation import ngettext_lazy

    for figure in [
        Figure(
            "activities-completed",
            _("Joint activities completed"),
            _completed_counts,
            _completed_link,
            order=10,
        ),
        Figure(
            "activities-kinds",
            _("Joint activities completed, by kind"),
            _kind_counts,
            _kind_link,
            order=11,
            rows=tuple(Kind.choices),
            row_label=_("Kind"),
        ),
        Figure(
            "participation",
            _("Taking part in the activities completed, of those invited"),
            _attended_counts,
            _roll_calls_link,
            order=13,
            of=_invited_counts,
        ),
        Figure(
            "exchange-meetings",
            _("Regular exchange meetings completed of those planned"),
            _meetings_counts,
            _meetings_link,
            order=12,
            of=_meetings_planned,
        ),
        Figure(
            "action-items-done",
            _("Action items done of those due"),
            _actions_done,
            _actions_done_link,
            order=14,
            of=_actions_due,
        ),
        Figure(
            "action-items-overdue",
            _("Action items overdue"),
            _actions_overdue,
            _actions_overdue_link,
            order=15,
        ),
    ]:
        register_figure(figure)

    for audience in ReminderRule.Audience:
        register_stage_words(audience.value, MEETING_STAGE_WORDS(audience.label))
    register_stage_words(
        "unrecorded",
        StageWords(
            who=_("The host court's secretaries"),
            before=ngettext_lazy("%(days)d day before", "%(days)d days before", "days"),
            after=ngettext_lazy(
                "%(days)d day after the end, not yet recorded",
                "%(days)d days after the end, not yet recorded",
                "days",
            ),
        ),
    )

    for order, (key, label, url_name) in enumerate(
        [
            ("activities", _("Joint activities"), "activities:activity-list"),
            ("series", _("Regular exchange meetings"), "activities:series-list"),
            ("my-record", _("My participation record"), "activities:my-record"),
            ("bases", _("Red education bases"), "activities:base-list"),
            ("action-items", _("Action items"), "activities:action-item-list"),
        ]
    ):
        visible = _is_a_person if key == "my-record" else _anyone
        register_nav(
            NavEntry(key, label, url_name, group=ACTIVITIES, order=20 + order, visible=visible)
        )
    register_calendar_source(
        CalendarSource(
            key="activities",
            kinds=_calendar_kinds,
            events=_calendar_events,
            day_counts=_calendar_day_counts,
        )
    )
    for waiting in [
        WaitingList("my-coming", _("My coming activities"), _my_coming, order=5, actionable=False),
        WaitingList("leave-requests", _("Leave requests to decide"), _leave_requests, order=10),
        WaitingList("to-record", _("Activities to record"), _to_record, order=15),
        WaitingList("minutes-to-write", _("Minutes to write"), _minutes_to_write, order=20),
        WaitingList("minutes-comments", _("Minutes open for your comments"), _comments_open, 25),
        WaitingList("action-items", _("My action items"), _action_items, order=30),
    ]:
        register_waiting(waiting)
    register_story_source(StorySource("activity", _("Joint activity"), _story))
    register_search_source(
        SearchSource(
            "activities",
            _("Joint activities"),
            _find_activities,
            more=lambda q: reverse("activities:activity-list") + "?" + urlencode({"q": q}),
            order=10,
        )
    )
    register_search_source(
        SearchSource("series", _("Regular exchange meetings"), _find_series, order=11)
    )
    register_area_section(
        AreaSection(
            key="activities",
            label=_("Joint activities in this area"),
            template="activities/partials/area_activities.html",
            context=_area_activities,
            order=20,
            shared=True,
        )
    )
