"""Reads for courts that are more than one queryset method."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .choices import Position
from .models import CooperationItem, Court, PartyBranch


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
    return Court.objects.annotate(
        people_count=Count("people", filter=Q(people__user__is_active=True), distinct=True),
        open_item_count=Count(
            "led_cooperation_items",
            filter=~Q(led_cooperation_items__status__in=["done", "dropped"]),
            distinct=True,
        ),
    ).order_by("sort_order")
