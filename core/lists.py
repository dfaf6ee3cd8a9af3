"""Lists from one column spec: the HTML table, its phone cards and the xlsx/csv export.

An app declares a list once::

    ACTIVITIES = ListSpec(
        Column("title", _("Title"), attrgetter("title"), link=Activity.get_absolute_url, key=True),
        Column("start", _("Start"), attrgetter("start")),
        ...,
        filename=_("joint-activities"),
        empty=_("No activities match."),
    )

and the view hands ``ACTIVITIES.table(page_obj)`` to ``partials/list.html`` and
``ACTIVITIES.export(fmt, queryset)`` to a download. A column's *value* is the raw datum (a string,
a number, a date, a datetime, a bool or a list of strings): the export writes it as a real
spreadsheet value and the page formats it in the active language. Only where the page shows more
than the datum (a badge, a bold host court) does a column give its own ``html``.

On a phone the same table turns into cards (CSS in ``portal.css``): the key column is the card's
heading and every other cell carries its column's label, so no column is ever hidden off-screen.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from .exports import export_response

EXPORT_FORMATS = ("xlsx", "csv")


def separator() -> str:
    """How list items are joined in running text: 、 in Chinese, a comma in English."""
    return pgettext("list separator", ", ")


def display_text(value: Any) -> str:
    """A datum as the page shows it, in the active language (no HTML)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return separator().join(str(v) for v in value) or "—"
    return str(value)


def display_html(value: Any) -> SafeString:
    """A datum as page HTML: dates and times in a ``<time>`` element, the rest escaped text."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return SafeString(
            f'<time datetime="{local.isoformat(timespec="minutes")}">'
            f"{escape(display_text(value))}</time>"
        )
    if isinstance(value, datetime.date):
        return SafeString(
            f'<time datetime="{value.isoformat()}">{escape(display_text(value))}</time>'
        )
    return escape(display_text(value))


@dataclass(frozen=True)
class Column:
    """One column of a list: its label, its datum and, optionally, how the page shows it."""

    name: str
    label: str | Promise
    value: Callable[[Any], Any]
    html: Callable[[Any], SafeString] | None = None
    link: Callable[[Any], str] | None = None
    key: bool = False  # the row's heading: <th scope="row"> on a desktop, the card title on a phone
    nowrap: bool = False
    on_page: bool = True
    in_export: bool = True

    def cell_html(self, obj: Any) -> SafeString:
        inner = self.html(obj) if self.html else display_html(self.value(obj))
        if self.link:
            return SafeString(f'<a href="{escape(self.link(obj))}">{conditional_escape(inner)}</a>')
        return inner

    def td_html(self, obj: Any, label: str) -> str:
        """The whole cell: ``<th scope="row">`` for the key column, else a ``<td>`` labelled
        with the column (the phone card's label, ``label`` escaped once per page). Built here
        rather than in the template: a page of 20 rows × 7 columns cost ~10 ms of template
        work."""
        inner = conditional_escape(self.cell_html(obj))
        if self.key:
            return f'<th scope="row" class="list-key fw-normal">{inner}</th>'
        nowrap = ' class="text-md-nowrap"' if self.nowrap else ""
        return f'<td data-label="{label}"{nowrap}>{inner}</td>'


@dataclass(frozen=True)
class Cell:
    column: Column
    html: SafeString


@dataclass(frozen=True)
class Row:
    obj: Any
    cells: list[Cell]

    @property
    def html(self) -> SafeString:
        return SafeString("".join(cell.html for cell in self.cells))


@dataclass
class Table:
    """What ``partials/list.html`` renders: headers, rows of cells, the caption and empty text."""

    columns: list[Column]
    rows: list[Row]
    caption: str | Promise
    empty: str | Promise
    extra: dict[str, Any] = field(default_factory=dict)


class ListSpec:
    def __init__(
        self,
        *columns: Column,
        caption: str | Promise,
        empty: str | Promise,
        filename: str | Promise,
    ) -> None:
        keys = [c for c in columns if c.key]
        if len(keys) != 1:
            raise ValueError("A list has exactly one key column.")
        self.columns = list(columns)
        self.caption = caption
        self.empty = empty
        self.filename = filename

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.on_page]

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_export]

    def table(self, objects: Iterable[Any]) -> Table:
        columns = self.page_columns
        labels = [escape(c.label) for c in columns]
        rows = [
            Row(
                obj,
                [
                    Cell(c, SafeString(c.td_html(obj, label)))
                    for c, label in zip(columns, labels, strict=True)
                ],
            )
            for obj in objects
        ]
        return Table(columns, rows, self.caption, self.empty)

    def export_rows(self, objects: Iterable[Any]) -> Iterable[list[Any]]:
        columns = self.export_columns
        for obj in objects:
            yield [_export_value(c.value(obj)) for c in columns]

    def export(self, fmt: str, objects: Iterable[Any]) -> HttpResponse:
        """The list as an .xlsx (default) or .csv download, with the page's translated headers."""
        return export_response(
            fmt if fmt in EXPORT_FORMATS else "xlsx",
            filename=str(self.filename),
            headers=[str(c.label) for c in self.export_columns],
            rows=self.export_rows(objects),
        )


def _export_value(value: Any) -> Any:
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, (list, tuple)):
        return separator().join(str(v) for v in value)
    if isinstance(value, Promise):
        return str(value)
    return value


def badge(css_class: str, text: Any) -> SafeString:
    return format_html('<span class="badge {}">{}</span>', css_class, text)


def join_html(items: Sequence[SafeString | str]) -> SafeString:
    """Items joined by the language's separator, each escaped unless already safe."""
    html = SafeString("")
    for index, item in enumerate(items):
        if index:
            html += format_html("{}", separator())
        html += format_html("{}", item)
    return html
