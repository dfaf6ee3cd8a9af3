"""Reads for courts that are more than one queryset method."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core import generations

from .choices import Area, Position
from .models import CooperationItem, Court, PartyBranch, Person
from .registry import Figure, figures


def courts_by_id() -> dict[int, Court]:
    """Every court by id, kept in the worker until a court changes (three rows every page
    names: a list's host courts, a filter's chosen court)."""

    courts = generations.kept("courts", lambda: list(Court.objects.all()), 300, local=True)
    return {c.pk: c for c in courts}


def overview_reads() -> tuple:
    """What a court's page shows (its cached HTML follows their generations)."""
    from django.contrib.auth import get_user_model

    return (Person, PartyBranch, Court, CooperationItem, get_user_model())


def court_overview(court: Court) -> dict:
    """A court's page: its branches with their members, its people by position and its open
    cooperation items. The counts run over every person of the court: they are kept until a
    person, branch, user or court changes (core.generations)."""

    def counts() -> dict:
        branches = list(
            PartyBranch.objects.filter(court=court).annotate(
                member_count=Count("members", filter=Q(members__user__is_active=True))
            )
        )
        people = court.people.active()
        by_position = people.values("position").annotate(n=Count("id")).order_by("position")
        totals = people.aggregate(
            people_count=Count("id"), party_member_count=Count("id", filter=Q(is_party_member=True))
        )
        return {
            "branches": branches,
            "position_rows": [(row["position"], row["n"]) for row in by_position],
            **totals,
        }

    kept = generations.kept(
        f"court-overview:{court.pk}",
        counts,
        seconds=300,
        local=True,
    )
    labels = dict(Position.choices)
    return {
        "branches": kept["branches"],
        "positions": [(labels.get(code, code), n) for code, n in kept["position_rows"]],
        "people_count": kept["people_count"],
        "party_member_count": kept["party_member_count"],
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


@dataclass(frozen=True)
class FigureTable:
    """One figure of the dashboard: a row per area, a column per court and the alliance's."""

    figure: Figure
    year: int
    courts: list[Court]
    rows: list[tuple[str, list[tuple[int, str]]]]  # (area label, [(count, its list's address)])


def figure_tables(year: int, court: Court | None = None) -> list[FigureTable]:
    """Every registered figure for ``year`` (one court's column, or each court's and the
    alliance's), kept until a table its counting read is written."""
    courts = [court] if court else sorted(courts_by_id().values(), key=lambda c: c.sort_order)
    columns: list[int | None] = [c.pk for c in courts] + ([] if court else [None])
    tables = []
    for figure in figures():
        counts: dict[tuple[str, int | None], int] = generations.kept(
            f"figure:{figure.key}:{year}", partial(figure.counts, year), 600, local=True
        )
        rows = [
            (
                str(label),
                [(counts.get((area, pk), 0), figure.link(year, area, pk)) for pk in columns],
            )
            for area, label in Area.choices
        ]
        tables.append(FigureTable(figure, year, courts, rows))
    return tables
