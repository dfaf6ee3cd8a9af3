"""Export a table to Excel (.xlsx, openpyxl) or CSV, the same rows either way."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value: Any) -> Any:
    """A value as a spreadsheet cell holds it: local naive times, typed text never a formula."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # Text a user typed must never run as a spreadsheet formula (CSV/formula injection).
        return "'" + value
    return "" if value is None else value


def text_width(text: str) -> int:
    """Columns a text needs: a Chinese character (East Asian wide or full-width) takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sample_width(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return 16  # 2026-11-26 14:00
    if isinstance(value, datetime.date):
        return 10
    return text_width(str(value))


WIDTH_SAMPLE = 200  # rows looked at to size the columns; the rest are streamed
MAX_WIDTH = 60


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    """A workbook with a bold, frozen header row, an autofilter, real dates and widths that fit
    Chinese text. Written in openpyxl's write-only mode, so a long export streams in constant
    memory; the widths come from the header and the first rows."""
    workbook = Workbook(write_only=True)
    _fill(workbook.create_sheet(title=title[:31]), headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Any, headers: Sequence[Any], rows: Iterable[Sequence]) -> None:
    """A write-only sheet: the bold, frozen header row, the rows streamed, an autofilter."""
    iterator = iter(rows)
    sample = [[cell_value(v) for v in row] for row in itertools.islice(iterator, WIDTH_SAMPLE)]
    for index, header in enumerate(headers, start=1):
        width = max([text_width(str(header))] + [_sample_width(r[index - 1]) for r in sample])
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in itertools.chain(sample, ([cell_value(v) for v in r] for r in iterator)):
        sheet.append([_typed_cell(sheet, value) for value in row])
        count += 1
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"


def _typed_cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([cell_value(value) for value in row])
    return out.getvalue()


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def export_bytes(
    fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> bytes:
    """The file of an .xlsx or .csv download (CSV with a BOM so that Excel reads the Chinese)."""
    if fmt == "csv":
        return ("\ufeff" + csv_text(headers, rows)).encode()
    return xlsx_bytes(headers, rows, title=filename)


def download(fmt: str, *, filename: str, content: bytes) -> HttpResponse:
    """``content`` (from :func:`export_bytes`) as an attachment named ``filename``."""
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    return attachment(content, content_type=content_type, filename=f"{filename}.{fmt}")


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file to download, its name in UTF-8 (Chinese names survive)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _disposition(filename)
    return response


def export_response(
    fmt: str, *, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """An .xlsx or .csv download (CSV with a BOM so that Excel reads the Chinese)."""
    content = export_bytes(fmt, filename=filename, headers=headers, rows=rows)
    return download(fmt, filename=filename, content=content)


def workbook_of_sheets(
    sheets: Sequence[tuple[str, Sequence[Any], Sequence[Sequence[Any]]]],
) -> bytes:
    """A workbook of several tables, one a sheet: ``(title, headers, rows)`` each, with the bold
    frozen header row, real dates and fitting widths of :func:`xlsx_bytes`."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, headers, rows in sheets:
        name = _sheet_name(title, used)
        sheet = workbook.create_sheet(title=name)
        _fill(sheet, headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    name = "".join(" " if c in "[]:*?/\\" else c for c in title)[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name
