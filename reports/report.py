"""The annual report of a year: the dashboard's figures, the targets met or missed, and the
tables the apps contribute (``courts.registry.ReportSection``), per area — one object the page,
the workbook and the Word document are all made from, so that they hold the same numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from courts.choices import Area
from courts.models import Court
from courts.registry import ReportSection, report_sections
from courts.selectors import FigureTable, TargetRow, figure_tables, target_rows


@dataclass(frozen=True)
class SectionRows:
    section: ReportSection
    rows: list[tuple]  # a value per header


@dataclass(frozen=True)
class AreaPart:
    """One of the six areas: each section's rows of that area (sections without any left out)."""

    code: str
    label: str
    sections: list[SectionRows]

    @property
    def count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True)
class Report:
    year: int
    court: Court | None
    made: datetime.date
    tables: list[FigureTable]
    targets: list[TargetRow]
    areas: list[AreaPart]
    per_area: int | None = None

    @property
    def met(self) -> list[TargetRow]:
        return [t for t in self.targets if t.cell.n >= t.target.value]

    @property
    def missed(self) -> list[TargetRow]:
        return [t for t in self.targets if t.cell.n < t.target.value]


def annual_report(
    year: int,
    court: Court | None = None,
    *,
    per_area: int | None = None,
    today: datetime.date | None = None,
) -> Report:
    """The report of ``year`` for the three courts, or for ``court`` (the records it took part
    in, its column of the figures, its targets); each section's first ``per_area`` rows of each
    area (the page), or all of them (the files)."""
    court_id = court.pk if court else None
    today = today or timezone.localdate()
    rows = {s.key: s.rows(year, court_id, per_area, today) for s in report_sections()}
    areas = []
    for code, label in Area.choices:
        parts = [
            SectionRows(s, [values for area, values in rows[s.key] if area == code])
            for s in report_sections()
        ]
        areas.append(AreaPart(code, str(label), [p for p in parts if p.rows]))
    targets = [
        t for t in target_rows(year, today=today) if court is None or t.target.court_id == court_id
    ]
    return Report(
        year=year,
        court=court,
        made=today,
        tables=figure_tables(year, court, today),
        targets=targets,
        areas=areas,
        per_area=per_area,
    )
