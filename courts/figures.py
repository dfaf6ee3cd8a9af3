"""Counting what the agreement produced, the one way every app's dashboard figure does it.

A figure's counts are ``{(area, court_id or None, month): n}``: for each court that took part the
record counts once, and ``(area, None, month)`` counts it once for the alliance. The dashboard
sums months for its area × court tables and areas for its trend by month, so both come from the
same few aggregate queries — one for the alliance and one per court path — never rows loaded
into Python."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import CharField, Count, F, OrderBy, Q, QuerySet, Value, Window
from django.db.models.functions import ExtractMonth, RowNumber
from django.utils import timezone

Counts = dict[tuple[str, int | None, int], int]


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The local first instant of ``year`` and of the next: a range the date index serves."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def in_year(field: str, year: int, *, is_date: bool = False) -> Q:
    """``field`` falls in ``year`` (local time for a moment)."""
    if is_date:
        return Q(
            **{
                f"{field}__gte": datetime.date(year, 1, 1),
                f"{field}__lt": datetime.date(year + 1, 1, 1),
            }
        )
    start, end = year_bounds(year)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def tally(
    rows: QuerySet, *, area: str, courts: Sequence[str], when: str, fixed_area: bool = False
) -> Counts:
    """Count ``rows`` per area, court and month of ``when``.

    ``area`` is the rows' area field, or with ``fixed_area`` the one area all of them belong to
    (training is the talent area's). ``courts`` are the paths from a row to the courts that took
    part (``host_court``, ``co_host_courts``): a court reached by two paths counts the row once
    per path, so the paths must not overlap (a co-host is never the host)."""
    rows = rows.order_by()
    if fixed_area:
        rows = rows.annotate(_area=Value(area, output_field=CharField()))
        area = "_area"
    rows = rows.annotate(_month=ExtractMonth(when))
    counts: Counts = {}
    for code, month, n in rows.values_list(area, "_month").annotate(n=Count("pk", distinct=True)):
        counts[code, None, month] = n
    for path in courts:
        grouped = (
            rows.filter(**{f"{path}__isnull": False})
            .values_list(area, path, "_month")
            .annotate(n=Count("pk", distinct=True))
        )
        for code, court_id, month, n in grouped:
            counts[code, court_id, month] = counts.get((code, court_id, month), 0) + n
    return counts


def first_per_area(rows: QuerySet, *, area: str, order: Sequence[str], n: int | None) -> QuerySet:
    """``rows`` in ``order``, the first ``n`` of each area only (all of them when ``n`` is None):
    a window function numbers each area's rows, so that a page shows every area's first rows
    of a year of thousands from one query."""
    ordering = [OrderBy(F(field.lstrip("-")), descending=field.startswith("-")) for field in order]
    rows = rows.order_by(*order)
    if n is None:
        return rows
    place = Window(RowNumber(), partition_by=[F(area)], order_by=ordering)
    return rows.alias(_place=place).filter(_place__lte=n)
