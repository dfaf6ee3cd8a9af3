"""Reads for the case-study group pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Count, Q

from core.types import Viewer
from courts.models import Court
from courts.permissions import person_of

from . import permissions
from .models import CaseStudyGroup, Membership, StudyCase, StudySession


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


def group_page(
    group: CaseStudyGroup, user: Viewer, *, cases_shown: int = 20, sessions_shown: int = 8
) -> GroupPage:
    """What the group page shows ``user``: members by court, the requests the user may decide,
    the cases the user may read (the newest ``cases_shown``) and how many others exist."""
    open_ones = list(
        Membership.objects.filter(group=group, status__in=Membership.OPEN)
        .select_related("person__court", "person__user")
        .order_by("person__court__sort_order", "person__full_name")
    )
    active = [m for m in open_ones if m.status == Membership.Status.ACTIVE]
    members_by_court = [
        (court, list(members)) for court, members in groupby(active, key=lambda m: m.person.court)
    ]
    for membership in open_ones:
        membership.group = group  # the rules below ask about the group: no query each
    pending = [
        m
        for m in open_ones
        if m.status == Membership.Status.PENDING and permissions.can_decide_membership(user, m)
    ]
    all_cases = StudyCase.objects.filter(group=group)
    readable = StudyCase.objects.visible_to(user).filter(group=group)
    counts = all_cases.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in StudyCase.Status.values},
    )
    shown = list(readable.for_list()[:cases_shown])
    total = counts.pop("total")
    readable_count = len(shown) if len(shown) < cases_shown else readable.count()
    person = person_of(user)
    mine = next((m for m in open_ones if person and m.person_id == person.pk), None)
    if person is not None:  # permissions.active_membership: answered already
        group.__dict__.setdefault("_open_memberships", {})[person.pk] = mine
    return GroupPage(
        group=group,
        members_by_court=members_by_court,
        pending=pending,
        cases=shown,
        case_count=total,
        hidden_case_count=total - readable_count,
        my_membership=mine,
        sessions=list(StudySession.objects.filter(group=group).order_by("-start")[:sessions_shown]),
        status_counts=[
            (str(StudyCase.Status(status).label), counts[status])
            for status in StudyCase.Status.values
            if counts[status]
        ],
    )


@dataclass
class ReviewSummary:
    """Average scores per criterion: over all reviews of a group's cases and per year."""

    criteria: list[str]
    overall: list[float | None]
    count: int
    years: list[tuple[int, int, list[float | None]]]  # (year, reviews, averages)


def review_summary(group: CaseStudyGroup) -> ReviewSummary:
    from django.db.models import Avg
    from django.db.models.functions import ExtractYear

    from .models import CaseReview, Criterion

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
