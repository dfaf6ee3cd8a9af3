"""The annual report as an Excel workbook: a summary sheet (every figure, a row per area or kind
and a column per court), the targets, and a sheet per area with each section's rows — real
numbers and dates, bold frozen headers, widths that fit Chinese text."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exports import MAX_WIDTH, XLSX, cell_value, text_width, workbook_of_sheets
from courts.models import Court
from courts.selectors import month_rows

from .report import Report

__all__ = ["XLSX", "monthly_workbook_bytes", "workbook_bytes"]

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="F2E6E6")


def workbook_bytes(report: Report) -> bytes:
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = pgettext("workbook", "Summary")
    _summary(summary, report)
    _targets(workbook.create_sheet(_("Targets")), report)
    for part in report.areas:
        sheet = workbook.create_sheet(part.label[:31])
        _title(sheet, f"{part.label} · {report.year}")
        row = 3
        if not part.sections:
            sheet.cell(row=row, column=1, value=_("Nothing recorded in this area."))
        for section in part.sections:
            sheet.cell(row=row, column=1, value=str(section.section.label)).font = BOLD
            row = _table(sheet, row + 1, section.section.headers, section.rows) + 1
        _widths(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(sheet: Any, text: str) -> None:
    sheet.cell(row=1, column=1, value=text).font = TITLE
    sheet.freeze_panes = "A2"


def _summary(sheet: Any, report: Report) -> None:
    courts = report.tables[0].courts if report.tables else []
    headers = [_("Measure"), _("Area or kind"), *[c.short_name for c in courts]]
    if report.court is None:
        headers.append(_("The three courts"))
    rows: list[list[Any]] = []
    for table in report.tables:
        for label, cells in table.rows:
            rows.append([str(table.figure.label), label, *[c.n for c in cells]])
            if table.figure.of is not None:
                whole = _("%(figure)s · the whole") % {"figure": table.figure.label}
                rows.append([whole, label, *[c.of for c in cells]])
    _table(sheet, 1, headers, rows)
    sheet.freeze_panes = "C2"
    _widths(sheet)


def _targets(sheet: Any, report: Report) -> None:
    headers = [_("Court"), _("Measure"), _("Area or kind"), _("Target"), _("Done"), _("Met")]
    yes, no = _("Yes"), _("No")
    rows = [
        [
            t.target.court.short_name,
            t.measure,
            t.row,
            t.target.value,
            t.cell.n,
            yes if t.cell.n >= t.target.value else no,
        ]
        for t in report.targets
    ]
    _table(sheet, 1, headers, rows)
    sheet.freeze_panes = "A2"
    _widths(sheet)


def _table(sheet: Any, first: int, headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> int:
    """Headers on row ``first`` and the rows below; the next free row."""
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first, column=column, value=str(header))
        cell.font, cell.fill = BOLD, HEADER_FILL
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first + offset, column=column, value=cell_value(value))
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    return first + len(rows) + 1


def _widths(sheet: Any) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                width = 10 if isinstance(cell.value, datetime.date) else text_width(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_WIDTH)


def monthly_workbook_bytes(court: Court, month: datetime.date) -> bytes:
    """A court's figures of ``month`` (its first day): the month's counts, the year's so far and
    the targets, for the e-mail to its secretaries at the start of the next month."""
    headers = [
        _("Measure"),
        _("Area or kind"),
        _("This month"),
        _("This year so far"),
        _("Target"),
        _("Due by the month's end"),
    ]
    rows = [
        [r.measure, r.row, r.month, r.to_date, r.target, r.expected]
        for r in month_rows(court, month.year, month.month)
    ]
    return workbook_of_sheets([(pgettext("workbook", "Month"), headers, rows)])
