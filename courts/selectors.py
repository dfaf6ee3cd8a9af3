"""Reads for courts that are more than one queryset method."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .choices import Position
from .models import CooperationItem, Court, PartyBranch, Person


def court_overview(court: Court) -> dict:
    branches = PartyBranch.objects.filter(court=court).annotate(
        member_count=Count("members", filter=Q(members__user__is_active=True))
    )
    position_rows = (
        court.people.active().values("position").annotate(n=Count("id")).order_by("position")
    )
    labels = dict(Position.choices)
    return {
        "branches": branches,
        "positions": [
            (labels.get(row["position"], row["position"]), row["n"]) for row in position_rows
        ],
        "people_count": court.people.active().count(),
        "party_member_count": court.people.active().filter(is_party_member=True).count(),
        "items": CooperationItem.objects.with_related().filter(lead_court=court).open()[:10],
    }


def courts_with_counts() -> QuerySet[Court]:
    """The courts with their active people and open cooperation items counted — each by its
    own subquery: joining both in one COUNT(DISTINCT) multiplied people by items (1.7 s at the
    benchmark's volume)."""
    people = (
        Person.objects.filter(court=OuterRef("pk"), user__is_active=True)
        .order_by()
        .values("court")
        .annotate(n=Count("pk"))
        .values("n")
    )
    items = (
        CooperationItem.objects.filter(lead_court=OuterRef("pk"))
        .exclude(status__in=["done", "dropped"])
        .order_by()
        .values("lead_court")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Court.objects.annotate(
        people_count=Coalesce(Subquery(people), 0),
        open_item_count=Coalesce(Subquery(items), 0),
    ).order_by("sort_order")
