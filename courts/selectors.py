"""Reads for courts that are more than one queryset method."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import generations
from core.types import Viewer

from . import registry
from .choices import Area, Position, Role
from .figures import Counts
from .models import CooperationItem, Court, PartyBranch, Person, Target
from .permissions import can_change_target
from .registry import Figure, figures


def courts_by_id() -> dict[int, Court]:
    """Every court by id, kept in the worker until a court changes (three rows every page
    names: a list's host courts, a filter's chosen court)."""

    courts = generations.kept("courts", lambda: list(Court.objects.all()), 300, local=True)
    return {c.pk: c for c in courts}


def secretaries(courts: Iterable[Court | int]) -> QuerySet[Person]:
    """The active Party secretaries of these courts."""
    return (
        Person.objects.active()
        .filter(court__in=list(courts), user__groups__name=Role.PARTY_SECRETARY)
        .select_related("user", "court")
        .distinct()
    )


def court_name(court_id: int | None) -> str:
    """A court's short name in the current language, from the kept courts (no query)."""
    court = courts_by_id().get(court_id or 0)
    return court.short_name if court else ""


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
    target: int | None = None  # the court's yearly target for the row, if it set one
    expected: int | None = None  # where the count should be by today to meet it

    @property
    def behind(self) -> bool:
        return self.expected is not None and self.n < self.expected

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


def _kept_counts(
    name: str,
    key: str,
    year: int,
    count: Callable[[int, datetime.date], Counts],
    today: datetime.date,
) -> Counts:
    """A figure's counts for ``today``, kept until a table the counting read is written (the day
    is in the key: counting reads no clock)."""
    return generations.kept(
        f"figure:{name}:{key}:{year}:{today}", partial(count, year, today), 600, local=True
    )


def _wholes(figure: Figure, year: int, today: datetime.date) -> dict | None:
    """A share's wholes per area and court (None for a plain count)."""
    if figure.of is None:
        return None
    return _sum_months(_kept_counts("of", figure.key, year, figure.of, today))


def months_passed(year: int, today: datetime.date) -> int:
    """The months of ``year`` over by ``today``: none before it, twelve after it."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def expected_by(target: int, year: int, today: datetime.date) -> int:
    """The count a yearly target asks for by ``today``: the target spread evenly over the
    months that are over, rounded down (4 lessons a year: 1 once March is over, 2 once June
    is, all 4 once the year is)."""
    return target * months_passed(year, today) // 12


def targets_of(year: int) -> dict[tuple[str, str, int], int]:
    """The courts' targets for ``year`` by (measure, row, court), kept until one changes."""
    return generations.kept(
        f"targets:{year}",
        lambda: {
            (t.figure, t.row, t.court_id): t.value
            for t in Target.objects.filter(year=year).only("figure", "row", "court", "value")
        },
        600,
        local=True,
    )


def figure_tables(
    year: int, court: Court | None = None, today: datetime.date | None = None
) -> list[FigureTable]:
    """Every registered figure for ``year``: one court's column, or each court's and the
    alliance's; the areas a figure has, their total when it has more than one, and its months.
    A court's cell carries its target for the row and where the count should be today."""
    courts = [court] if court else sorted(courts_by_id().values(), key=lambda c: c.sort_order)
    columns: list[int | None] = [c.pk for c in courts] + ([] if court else [None])
    targets = targets_of(year)
    today = today or timezone.localdate()
    tables = []
    for figure in figures():
        monthly = _kept_counts("n", figure.key, year, figure.counts, today)
        counts = _sum_months(monthly)
        wholes = (
            _sum_months(_kept_counts("of", figure.key, year, figure.of, today))
            if figure.of
            else None
        )
        named = [(code, str(label)) for code, label in figure.rows or Area.choices]
        areas = [code for code, _label in named]
        if len(areas) > 1:
            named.append(("", str(_("Altogether"))))
        rows = [
            (
                label,
                [
                    _cell(
                        _area_total(counts, code, pk, areas),
                        figure.link(year, code, pk),
                        _area_total(wholes, code, pk, areas) if wholes is not None else None,
                        targets.get((figure.key, code, pk)) if pk is not None else None,
                        year,
                        today,
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


def _cell(
    n: int, link: str, of: int | None, target: int | None, year: int, today: datetime.date
) -> Cell:
    expected = expected_by(target, year, today) if target is not None else None
    return Cell(n, link, of, target, expected)


@dataclass(frozen=True)
class Behind:
    """A court's count that is short of where its target says it should be by today."""

    court: Court
    figure: Figure
    row: str
    cell: Cell


def behind(tables: list[FigureTable]) -> list[Behind]:
    """Every court's cell of ``tables`` that is behind its target."""
    found = []
    for table in tables:
        for label, cells in table.rows:
            for court, cell in zip(table.courts, cells, strict=False):
                if cell.behind:
                    found.append(Behind(court, table.figure, label, cell))
    return found


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


@dataclass(frozen=True)
class TargetRow:
    """A target on the targets page: what it asks, where the count stands, who may remove it."""

    target: Target
    measure: str
    row: str
    cell: Cell
    removable: bool


def target_rows(
    year: int, user: Viewer | None = None, today: datetime.date | None = None
) -> list[TargetRow]:
    """The targets of ``year`` with their courts' counts (kept, like the dashboard's) and
    whether ``user`` (if any) may remove each (the rule the delete view asks)."""
    today = today or timezone.localdate()
    rows = []
    for target in Target.objects.filter(year=year).select_related("court", "set_by__person"):
        figure = registry.figure(target.figure)
        if figure is None:  # a measure no app registers any more: nothing to count it by
            continue
        labels = dict(registry.figure_rows(figure))
        counts = _sum_months(_kept_counts("n", figure.key, year, figure.counts, today))
        wholes = (
            _sum_months(_kept_counts("of", figure.key, year, figure.of, today))
            if figure.of
            else None
        )
        pk = target.court_id
        cell = _cell(
            counts.get((target.row, pk), 0),
            figure.link(year, target.row, pk),
            wholes.get((target.row, pk), 0) if wholes is not None else None,
            target.value,
            year,
            today,
        )
        rows.append(
            TargetRow(
                target,
                str(figure.label),
                str(labels.get(target.row, target.row)),
                cell,
                user is not None and can_change_target(user, target),
            )
        )
    return rows


@dataclass(frozen=True)
class MonthRow:
    """One row of a court's monthly figures: the month's count, the year's so far, and the
    target with where the count should be once the month is over."""

    measure: str
    row: str
    month: int
    to_date: int
    target: int | None
    expected: int | None


def month_rows(court: Court, year: int, month: int) -> list[MonthRow]:
    """``court``'s count of every figure and row in ``month`` of ``year`` (the same kept
    counts as the dashboard's)."""
    targets = targets_of(year)
    after = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    found = []
    for figure in figures():
        monthly = _kept_counts("n", figure.key, year, figure.counts, after)
        for code, label in registry.figure_rows(figure):
            target = targets.get((figure.key, code, court.pk))
            found.append(
                MonthRow(
                    str(figure.label),
                    str(label),
                    monthly.get((code, court.pk, month), 0),
                    sum(monthly.get((code, court.pk, m), 0) for m in range(1, month + 1)),
                    target,
                    expected_by(target, year, after) if target is not None else None,
                )
            )
    return found


@dataclass(frozen=True)
class RecordTable:
    """One part of a person's record: its rows for the viewer, and its count."""

    part: registry.RecordPart
    rows: list[tuple]
    count: tuple[int, int | None]


def person_record(viewer: Viewer, person: Person, year: int) -> list[RecordTable]:
    """``person``'s record of ``year`` across the three courts, part by part."""
    return [
        RecordTable(
            part,
            part.kept_rows(viewer, person, year),
            part.kept_counts([person.pk], year).get(person.pk, (0, None)),
        )
        for part in registry.record_parts()
    ]


def record_viewer_key(viewer: Viewer) -> str:
    """What of the viewer a person's record depends on: each part's say (a group-only case is
    shown to its group's members)."""
    return "|".join(part.viewer(viewer) for part in registry.record_parts())


def branch_record(branch: PartyBranch, year: int) -> tuple[list[Person], list[tuple]]:
    """A branch's active members and, per part, ``{person_id: (n, whole)}`` of ``year``: one
    aggregate query or two per part, whatever the branch's size."""
    members = list(
        Person.objects.active().filter(branch=branch).order_by("full_name").select_related("court")
    )
    ids = [m.pk for m in members]
    return members, [(part, part.kept_counts(ids, year)) for part in registry.record_parts()]
