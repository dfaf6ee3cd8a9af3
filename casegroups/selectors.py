"""Reads for the case-study group pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Count, Q
from django.utils import translation

from core import generations
from core.types import Viewer
from courts.models import Court
from courts.permissions import person_of

from . import permissions
from .models import CaseReview, CaseStudyGroup, Criterion, Membership, StudyCase, StudySession


@dataclass
class GroupPage:
    group: CaseStudyGroup
    members_by_court: list[tuple[Court, list[Membership]]]
    pending: list[Membership]
    cases: list[StudyCase]
    case_count: int
    hidden_case_count: int
    my_membership: Membership | None
    sessions: list[StudySession] = field(default_factory=list)
    status_counts: list[tuple[str, int]] = field(default_factory=list)


KEPT_SECONDS = 600


def _kept(key: str, compute: Any) -> Any:
    return generations.kept(key, compute, KEPT_SECONDS, local=True)


def group_lists_html(group: CaseStudyGroup, user: Viewer) -> str:
    """The group page's study sessions and cases (casegroups/partials/group_lists.html): the
    same HTML for every reader of the same cases (members and administrators read all of a
    group's cases, others the shared ones), so it is rendered once per group, language and kind
    of reader and kept until a table it was read from is written. The page is computed inside
    the kept computation, so that every table behind it is recorded (core.generations)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    reader = permissions.case_reader(user)
    kind = "all" if reader is not None and reader.reads_all_of(group.pk) else "shared"
    html = _kept(
        f"group:{group.pk}:lists:{kind}:{translation.get_language()}",
        lambda: render_to_string(
            "casegroups/partials/group_lists.html",
            {"group_pk": group.pk, "page": group_page(group, user)},
        ),
    )
    return mark_safe(html)  # noqa: S308 - our own template's output


def group_page(
    group: CaseStudyGroup, user: Viewer, *, cases_shown: int = 20, sessions_shown: int = 8
) -> GroupPage:
    """What the group page shows ``user``: members by court, the requests the user may decide,
    the cases the user may read (the newest ``cases_shown``) and how many others exist.

    What it reads is the same for every viewer, or for every viewer of one kind (members and
    administrators read all of a group's cases, others the shared ones): kept until a table it
    read is written (``core.generations``), so a view costs no query of its own."""
    pk = group.pk
    open_ones: list[Membership] = _kept(
        f"group:{pk}:open",
        lambda: list(
            Membership.objects.filter(group_id=pk, status__in=Membership.OPEN)
            .select_related("person__court")
            .order_by("person__court__sort_order", "person__full_name")
        ),
    )
    for membership in open_ones:
        membership.group = group  # the rules below ask about the group: no query each
    person = person_of(user)
    mine = next((m for m in open_ones if person and m.person_id == person.pk), None)
    if person is not None:  # permissions.active_membership: answered already
        group.__dict__.setdefault("_open_memberships", {})[person.pk] = mine
    active = [m for m in open_ones if m.status == Membership.Status.ACTIVE]
    members_by_court = [
        (court, list(members)) for court, members in groupby(active, key=lambda m: m.person.court)
    ]
    pending = [
        m
        for m in open_ones
        if m.status == Membership.Status.PENDING and permissions.can_decide_membership(user, m)
    ]
    reader = permissions.case_reader(user)
    sees_all = reader is not None and reader.reads_all_of(group.pk)

    def cases() -> tuple[list[StudyCase], int, int, dict[str, int]]:
        all_cases = StudyCase.objects.filter(group_id=pk)
        readable = all_cases if sees_all else all_cases.exclude(visibility="group")
        counts = all_cases.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in StudyCase.Status.values},
        )
        shown = list(readable.for_list()[:cases_shown])
        readable_count = len(shown) if len(shown) < cases_shown else readable.count()
        return shown, readable_count, counts.pop("total"), counts

    shown, readable_count, total, counts = _kept(
        f"group:{pk}:cases:{'all' if sees_all else 'shared'}:{cases_shown}",
        cases,
    )
    sessions = _kept(
        f"group:{pk}:sessions:{sessions_shown}",
        lambda: list(StudySession.objects.filter(group_id=pk).order_by("-start")[:sessions_shown]),
    )
    return GroupPage(
        group=group,
        members_by_court=members_by_court,
        pending=pending,
        cases=shown,
        case_count=total,
        hidden_case_count=total - readable_count,
        my_membership=mine,
        sessions=sessions,
        status_counts=[
            (str(StudyCase.Status(status).label), counts[status])
            for status in StudyCase.Status.values
            if counts[status]
        ],
    )


def member_courts(group: CaseStudyGroup) -> list[Court]:
    return _kept(
        f"group:{group.pk}:courts",
        lambda: list(group.member_courts.order_by("sort_order")),
    )


@dataclass
class ReviewSummary:
    """Average scores per criterion: over all reviews of a group's cases and per year."""

    criteria: list[str]
    overall: list[float | None]
    count: int
    years: list[tuple[int, int, list[float | None]]]  # (year, reviews, averages)


def review_summary(group: CaseStudyGroup) -> ReviewSummary:
    """Kept per group and language until a review changes."""

    return _kept(
        f"group:{group.pk}:reviews:{translation.get_language()}",
        lambda: _review_summary(group),
    )


def _review_summary(group: CaseStudyGroup) -> ReviewSummary:
    from django.db.models import Avg
    from django.db.models.functions import ExtractYear

    averages = {c: Avg(c) for c in Criterion.values}
    by_year: Any = list(
        CaseReview.objects.filter(case__group=group)
        .order_by()
        .annotate(year=ExtractYear("created_at"))
        .values("year")
        .annotate(n=Count("pk"), **averages)
        .order_by("-year")
    )
    count = sum(row["n"] for row in by_year)
    # the overall mean from the years' means, weighted by their counts: one query, not two
    overall = [
        sum(row[c] * row["n"] for row in by_year) / count if count else None
        for c in Criterion.values
    ]
    return ReviewSummary(
        criteria=[str(label) for label in Criterion.labels],
        overall=overall,
        count=count,
        years=[(row["year"], row["n"], [row[c] for c in Criterion.values]) for row in by_year],
    )


def case_reviews(case: StudyCase) -> list:
    """A case's reviews with their reviewers, kept until a review or a person changes."""

    return _kept(
        f"case:{case.pk}:reviews",
        lambda: list(CaseReview.objects.filter(case_id=case.pk).select_related("reviewer__court")),
    )


def case_for_detail(pk: int) -> StudyCase | None:
    """A case with its group, convenor, court of origin and submitter (None when there is
    none): kept until one of them changes."""
    return _kept(
        f"case:{pk}:detail",
        lambda: (
            StudyCase.objects.for_list()
            .select_related("group__convenor__court")
            .filter(pk=pk)
            .first()
        ),
    )
