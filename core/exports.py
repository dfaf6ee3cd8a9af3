"""Export a table to Excel (.xlsx, openpyxl) or CSV, the same rows either way."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # Text a user typed must never run as a spreadsheet formula (CSV/formula injection).
        return "'" + value
    return "" if value is None else value


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def export_response(
    fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An .xlsx or .csv download (CSV with a BOM so that Excel reads the Chinese)."""
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + csv_text(headers, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = _disposition(f"{filename}.csv")
        return response
    response = HttpResponse(xlsx_bytes(headers, rows, title=filename), content_type=XLSX)
    response["Content-Disposition"] = _disposition(f"{filename}.xlsx")
    return response
