"""What the case-study groups add to the shell: navigation, the requests waiting for a
convenor, and the groups on the "trial quality" area page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import search
from core.registry import (
    NavEntry,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_calendar_source,
    register_nav,
    register_search_source,
    register_waiting,
    rows_calendar_source,
)
from core.reminders import StageWords, register_stage_words
from courts.choices import Area
from courts.figures import Counts, in_year, tally, year_bounds
from courts.permissions import can_read, is_portal_admin, person_of
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

from .models import SESSION_KIND, CaseReview, CaseStudyGroup, Membership, StudyCase, StudySession
from .permissions import case_reader, readable_cases, reviewable_cases
from .search import SEARCH_COLUMNS

# The menu's dropdown for the "trial quality" area: groups here, symposia (symposia/).
TRIAL_QUALITY = _("Trial quality")


def _area_groups(area: str, user: Any) -> dict | None:

    if area != Area.TRIAL_QUALITY:
        return None
    groups = CaseStudyGroup.objects.for_list().filter(active=True).order_by("name")[:20]
    return {"rows": list(groups), "more_url": reverse("casegroups:group-list")}


def _requests_to_decide(user: Any) -> list[WaitingItem]:
    """Requests to join a group the user convenes (all of them for an administrator)."""

    person = person_of(user)
    pending = Membership.objects.filter(status=Membership.Status.PENDING).select_related(
        "group", "person__court"
    )
    if not is_portal_admin(user):
        if person is None:
            return []
        pending = pending.filter(group__convenor=person)
    return [
        WaitingItem(
            title=str(_("%(person)s asks to join “%(group)s”"))
            % {"person": m.person.full_name, "group": m.group.name},
            url=m.group.get_absolute_url() + "#requests",
            detail=m.person.court.short_name,
            when=m.requested_at,
        )
        for m in pending.exclude(person=person).order_by("requested_at")[:10]
    ]


def _my_coming_sessions(user: Any) -> list[WaitingItem]:
    """The next study sessions of the groups the user belongs to (a month ahead)."""
    import datetime

    person = person_of(user)
    if person is None:
        return []
    now = timezone.now()
    sessions = (
        StudySession.objects.filter(
            start__gte=now,
            start__lt=now + datetime.timedelta(days=30),
            cancelled=False,
            group__memberships__person=person,
            group__memberships__status=Membership.Status.ACTIVE,
        )
        .select_related("group")
        .order_by("start")[:5]
    )
    return [
        WaitingItem(
            title=session.title,
            url=session.get_absolute_url(),
            detail=session.place or str(_("Online")),
            when=session.start,
        )
        for session in sessions
    ]


def _session_kinds() -> list[tuple[str, str]]:

    return [(SESSION_KIND, str(_("Study session")))]


def _sessions(start, end, court=None, kind=None, person=None):

    if kind and kind != SESSION_KIND:
        return StudySession.objects.none()
    sessions = StudySession.objects.filter(start__gte=start, start__lt=end).select_related("group")
    if court is not None:
        sessions = sessions.filter(group__member_courts=court)
    if person is not None:  # a member's own feed
        sessions = sessions.filter(
            Exists(
                Membership.objects.filter(
                    group=OuterRef("group"), person=person, status=Membership.Status.ACTIVE
                )
            )
        )
    return sessions.order_by("start", "pk")


def _story(user: Any, pk: int) -> StoryStart | None:
    """A concluded case its submitter made public, as the start of a good-practice item."""

    case = (
        StudyCase.objects.filter(
            pk=pk, status=StudyCase.Status.CONCLUDED, visibility=StudyCase.Visibility.PUBLIC
        )
        .select_related("court_of_origin", "group")
        .first()
    )
    if case is None or not getattr(user, "is_authenticated", False):
        return None
    title = str(_("Trial experience: %(cause)s")) % {"cause": case.cause_of_action}
    body = "\n\n".join(filter(None, [case.summary, case.conclusion, case.experience]))
    courts = {case.court_of_origin_id, *case.group.member_courts.values_list("pk", flat=True)}
    return StoryStart(
        title=title,
        summary=(case.experience or case.conclusion)[:300],
        body=body,
        area=Area.TRIAL_QUALITY,
        court_ids=tuple(sorted(courts)),
        url=case.get_absolute_url(),
    )


def _find_groups(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Groups by their name and purpose (every member of staff reads a group's page)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        CaseStudyGroup.objects.all(), q, ("name", "purpose"), limit=limit, order=("-pk",)
    )
    return total, [SearchHit(g.name, g.get_absolute_url(), text=g.purpose) for g in rows]


def _find_cases(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Cases by their number, cause, summary and the group's conclusion — those whose details
    ``user`` reads only (a group-only case is found by its group's members alone, and counted
    for them alone)."""
    cases = readable_cases(user, StudyCase.objects.select_related("group"))
    total, rows = search.find(cases, q, SEARCH_COLUMNS, limit=limit, order=("-pk",), indexed=True)
    return total, [
        SearchHit(
            f"{c.case_number} · {c.cause_of_action}",
            c.get_absolute_url(),
            text=" ".join([c.summary, c.difficulty, c.conclusion, c.experience]),
            when=c.created_at,
            detail=c.group.name,
        )
        for c in rows
    ]


def _case_reader_key(user: Any) -> str:
    """What decides which cases a viewer finds: reading every case, or their groups'."""
    reader = case_reader(user)
    if reader is None:
        return "none"
    return "all" if reader.everything else ",".join(map(str, sorted(reader.groups)))


def _find_sessions(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Study sessions by their title and place (joint records; their agenda is not searched:
    it names group-only cases)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        StudySession.objects.select_related("group"),
        q,
        ("title", "place"),
        limit=limit,
        order=("-start", "-pk"),
    )
    return total, [
        SearchHit(s.title, s.get_absolute_url(), text=s.place, when=s.start, detail=s.group.name)
        for s in rows
    ]


def _record_rows(viewer: Any, person: Any, year: int) -> list[tuple]:
    """The cases ``person`` submitted in ``year`` that ``viewer`` may read (a group-only case is
    for its group's members: for others it is in the count only), and the reviews written."""
    cases = readable_cases(
        viewer, StudyCase.objects.filter(in_year("created_at", year), submitted_by=person)
    ).select_related("group")
    rows: list[tuple] = [
        (
            timezone.localtime(c.created_at).date(),
            str(_("Case submitted")),
            f"{c.case_number} · {c.cause_of_action}",
            c.group.name,
        )
        for c in cases.order_by("created_at", "pk")
    ]
    reviews = (
        readable_cases(
            viewer,
            StudyCase.objects.filter(
                reviews__reviewer=person,
                reviews__created_at__gte=year_bounds(year)[0],
                reviews__created_at__lt=year_bounds(year)[1],
            ),
        )
        .select_related("group")
        .distinct()
    )
    rows += [
        (None, str(_("Review written")), f"{c.case_number} · {c.cause_of_action}", c.group.name)
        for c in reviews.order_by("pk")
    ]
    return rows


def _record_counts(person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
    """Cases submitted and reviews written, per person (counts, as a group's page shows them)."""
    counts: dict[int, int] = {}
    submitted = (
        StudyCase.objects.filter(in_year("created_at", year), submitted_by__in=person_ids)
        .values_list("submitted_by")
        .annotate(n=Count("pk"))
    )
    reviews = (
        CaseReview.objects.filter(in_year("created_at", year), reviewer__in=person_ids)
        .values_list("reviewer")
        .annotate(n=Count("pk"))
    )
    for pk, n in [*submitted, *reviews]:
        counts[pk] = counts.get(pk, 0) + n
    return {pk: (n, None) for pk, n in counts.items()}


def _cases_to_review(user: Any) -> list[WaitingItem]:
    """Concluded cases of the judge's groups they have not reviewed (their own aside): what the
    review rule (``can_review_case``) allows and nobody has asked of them yet."""
    reviewed = CaseReview.objects.filter(case=OuterRef("pk"), reviewer=person_of(user))
    cases = (
        reviewable_cases(user, StudyCase.objects.all())
        .exclude(Exists(reviewed))
        .select_related("group")
        .order_by("-updated_at")[:10]
    )
    return [
        WaitingItem(
            title=f"{c.case_number} · {c.cause_of_action}",
            url=reverse("casegroups:case-review", args=[c.pk]),
            detail=c.group.name,
            when=c.updated_at,
        )
        for c in cases
    ]


# --- The dashboard's figures ------------------------------------------------------------------
# Cases are counted when their details are shared with the three courts: a figure is the same
# for every viewer, and its link lists exactly that many cases to every viewer (a group-only
# case is read by its group alone).
_TRIAL = ((Area.TRIAL_QUALITY.value, Area.TRIAL_QUALITY.label),)


def _sessions_held(year: int, today: datetime.date) -> Counts:
    """Study sessions of ``year`` held by the start of ``today``, for each member court of the
    group that met (and once for the alliance)."""
    held = StudySession.objects.filter(in_year("start", year)).held(today)
    return tally(
        held,
        area=Area.TRIAL_QUALITY,
        fixed_area=True,
        courts=("group__member_courts",),
        when="start",
    )


def _sessions_link(year: int, area: str, court_id: int | None) -> str:
    query = {"year": str(year), "held": "true"}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("casegroups:session-list") + "?" + urlencode(query)


def _concluded_shared(year: int) -> Any:
    return StudyCase.objects.filter(
        in_year("concluded_at", year), status=StudyCase.Status.CONCLUDED
    ).exclude(visibility=StudyCase.Visibility.GROUP)


def _by_origin(rows: Any) -> Counts:
    return tally(
        rows,
        area=Area.TRIAL_QUALITY,
        fixed_area=True,
        courts=("court_of_origin",),
        when="concluded_at",
    )


def _cases_concluded(year: int, today: datetime.date) -> Counts:
    """Cases concluded in ``year`` and shared with the three courts, for their court of origin."""
    return _by_origin(_concluded_shared(year))


def _cases_reviewed(year: int, today: datetime.date) -> Counts:
    reviewed = Exists(CaseReview.objects.filter(case=OuterRef("pk")))
    return _by_origin(_concluded_shared(year).filter(reviewed))


def _cases_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"status": "concluded", "concluded": str(year), "shared": "true", **narrow}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("casegroups:all-case-list") + "?" + urlencode(query)


def _report_cases(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The cases concluded in ``year`` and shared with the three courts (those from
    ``court_id``), with their group and how many reviews they had — one query."""
    cases = _concluded_shared(year)
    if court_id is not None:
        cases = cases.filter(court_of_origin=court_id)
    rows = (
        cases.order_by("concluded_at", "pk")
        .annotate(review_count=Count("reviews", distinct=True))
        .values_list(
            "concluded_at",
            "case_number",
            "cause_of_action",
            "group__name",
            "court_of_origin_id",
            "review_count",
        )
    )
    if per_area is not None:
        rows = rows[:per_area]
    return [
        (
            Area.TRIAL_QUALITY,
            (timezone.localdate(when), number, cause, group, court_name(origin), reviews),
        )
        for when, number, cause, group, origin, reviews in rows
    ]


def _reviewed_link(year: int, area: str, court_id: int | None) -> str:
    return _cases_link(year, area, court_id, reviewed="true")


def register() -> None:
    register_waiting(
        WaitingList("cases-to-review", _("Concluded cases to review"), _cases_to_review, order=31)
    )
    register_record_part(
        RecordPart(
            "cases",
            _("Cases submitted and reviews written"),
            (_("Date"), pgettext_lazy("record", "What"), _("Case"), _("Group")),
            _record_rows,
            _record_counts,
            order=30,
            viewer=_case_reader_key,  # a group-only case's row is for its group's members
        )
    )
    from django.utils.translation import gettext_lazy, ngettext_lazy

    register_stage_words(
        "member",
        StageWords(
            who=gettext_lazy("Group members"),
            before=ngettext_lazy(
                "%(days)d day before the discussion", "%(days)d days before the discussion", "days"
            ),
        ),
    )

    register_report_section(
        ReportSection(
            "cases",
            _("Cases concluded and shared with the three courts"),
            (
                _("Concluded"),
                _("Case number"),
                _("Cause of action"),
                _("Group"),
                _("Court of origin"),
                _("Reviews"),
            ),
            _report_cases,
            order=25,
        )
    )
    for figure in [
        Figure(
            "study-sessions-held",
            _("Case-study sessions held"),
            _sessions_held,
            _sessions_link,
            order=30,
            rows=_TRIAL,
        ),
        Figure(
            "cases-concluded",
            _("Cases concluded and shared with the three courts"),
            _cases_concluded,
            _cases_link,
            order=31,
            rows=_TRIAL,
        ),
        Figure(
            "cases-reviewed",
            _("Shared concluded cases reviewed, of those concluded"),
            _cases_reviewed,
            _reviewed_link,
            order=32,
            rows=_TRIAL,
            of=_cases_concluded,
        ),
    ]:
        register_figure(figure)

    register_nav(
        NavEntry(
            "casegroups",
            _("Case-study groups"),
            "casegroups:group-list",
            group=TRIAL_QUALITY,
            order=35,
        )
    )
    # Every member of staff sees when a group meets (the groups are joint records); the
    # online link goes only into a member's own feed.
    register_calendar_source(
        rows_calendar_source(
            key="study-sessions",
            kinds=_session_kinds,
            rows=_sessions,
            event=lambda session, person: session.as_calendar_event(with_link=person is not None),
        )
    )
    register_waiting(
        WaitingList(
            key="casegroup-requests",
            label=_("Requests to join my case-study groups"),
            items=_requests_to_decide,
            order=30,
        )
    )
    register_waiting(
        WaitingList(
            key="casegroup-sessions",
            label=_("My coming study sessions"),
            items=_my_coming_sessions,
            order=6,
            actionable=False,
        )
    )
    register_story_source(StorySource("case", _("Concluded public case"), _story))
    for source in [
        SearchSource(
            "groups",
            _("Case-study groups"),
            _find_groups,
            more=lambda q: reverse("casegroups:group-list") + "?" + urlencode({"q": q}),
            order=30,
        ),
        SearchSource("cases", _("Study cases"), _find_cases, order=31, viewer=_case_reader_key),
        SearchSource("study-sessions", _("Study sessions"), _find_sessions, order=32),
    ]:
        register_search_source(source)
    register_area_section(
        AreaSection(
            key="casegroups",
            label=_("Case-study groups"),
            template="casegroups/partials/area_groups.html",
            context=_area_groups,
            order=20,
            shared=True,
        )
    )
