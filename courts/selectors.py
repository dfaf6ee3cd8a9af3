"""Reads for courts that are more than one queryset method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import generations

from .choices import Area, Position
from .figures import Counts
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
class Cell:
    """One number of the dashboard, the list it counts and, for a share, the whole."""

    n: int
    link: str
    of: int | None = None

    @property
    def percent(self) -> int | None:
        if self.of is None or not self.of:
            return None
        return round(100 * self.n / self.of)


@dataclass(frozen=True)
class Bar:
    """One month of a figure's trend: its count and its bar's height (percent of the highest)."""

    month: int
    n: int
    height: float

    # Its rectangle in the chart's 240 × 64 box: twelve 20-wide slots, bars up to 60 high.
    @property
    def x(self) -> int:
        return (self.month - 1) * 20 + 2

    @property
    def h(self) -> float:
        return round(self.height * 0.6, 1)

    @property
    def y(self) -> float:
        return round(64 - self.h, 1)


@dataclass(frozen=True)
class FigureTable:
    """One figure of the dashboard: a row per area (and their total), a column per court and
    the alliance's; then the months of the chosen column."""

    figure: Figure
    year: int
    courts: list[Court]
    row_label: str
    rows: list[tuple[str, list[Cell]]]  # (area label, a cell per column)
    months: list[tuple[int, list[int]]]  # (month, a count per column)
    trend: list[Bar]  # the last column's months (the chosen court, or the three courts)

    @property
    def trend_max(self) -> int:
        return max((bar.n for bar in self.trend), default=0)


def _kept_counts(name: str, key: str, year: int, count: Callable[[int], Counts]) -> Counts:
    """A figure's counts, kept until a table the counting read is written — and for one day at
    most, since a count may depend on today (what is overdue)."""
    return generations.kept(
        f"figure:{name}:{key}:{year}:{timezone.localdate()}", partial(count, year), 600, local=True
    )


def figure_tables(year: int, court: Court | None = None) -> list[FigureTable]:
    """Every registered figure for ``year``: one court's column, or each court's and the
    alliance's; the areas a figure has, their total when it has more than one, and its months."""
    courts = [court] if court else sorted(courts_by_id().values(), key=lambda c: c.sort_order)
    columns: list[int | None] = [c.pk for c in courts] + ([] if court else [None])
    tables = []
    for figure in figures():
        monthly = _kept_counts("n", figure.key, year, figure.counts)
        counts = _sum_months(monthly)
        wholes = _sum_months(_kept_counts("of", figure.key, year, figure.of)) if figure.of else None
        named = [(code, str(label)) for code, label in figure.rows or Area.choices]
        areas = [code for code, _label in named]
        if len(areas) > 1:
            named.append(("", str(_("Altogether"))))
        rows = [
            (
                label,
                [
                    Cell(
                        _area_total(counts, code, pk, areas),
                        figure.link(year, code, pk),
                        _area_total(wholes, code, pk, areas) if wholes is not None else None,
                    )
                    for pk in columns
                ],
            )
            for code, label in named
        ]
        per_month: dict[tuple[int, int | None], int] = {}
        for (code, pk, month), n in monthly.items():
            if code in areas:
                per_month[month, pk] = per_month.get((month, pk), 0) + n
        months = [(m, [per_month.get((m, pk), 0) for pk in columns]) for m in range(1, 13)]
        top = max((per[-1] for _m, per in months), default=0)
        trend = [Bar(m, per[-1], 100 * per[-1] / top if top else 0) for m, per in months]
        row_label = str(figure.row_label or _("Area"))
        tables.append(FigureTable(figure, year, courts, row_label, rows, months, trend))
    return tables


def _sum_months(counts: dict) -> dict[tuple[str, int | None], int]:
    summed: dict[tuple[str, int | None], int] = {}
    for (area, court_id, _month), n in counts.items():
        summed[area, court_id] = summed.get((area, court_id), 0) + n
    return summed


def _area_total(counts: dict, code: str, pk: int | None, areas: list[str]) -> int:
    """One area's count for a column, or with ``code`` empty every area's."""
    if code:
        return counts.get((code, pk), 0)
    return sum(counts.get((a, pk), 0) for a in areas)
