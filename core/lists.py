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
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page
from django.db import models
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from .exports import download, export_bytes
from .generations import kept, query_digest

EXPORT_FORMATS = ("xlsx", "csv")
EXPORT_KEPT_BYTES = 2 * 1024 * 1024  # larger downloads are built each time


def separator() -> str:
    """How list items are joined in running text: 、 in Chinese, a comma in English."""
    return pgettext("list separator", ", ")


def colon() -> str:
    """What follows a label in running text: ： in Chinese, ": " in English."""
    return pgettext("colon", ": ")


def labelled(label: Any, text: Any) -> str:
    """``label``, the language's colon, ``text``: 请假：外出开庭 / Leave: in court."""
    return f"{label}{colon()}{text}"


def bracketed(text: Any) -> str:
    """``text`` in the language's brackets, with what precedes it: （主办） / " (host)"."""
    return pgettext("in brackets", " (%(text)s)") % {"text": text}


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


_PHONE = re.compile(
    r"(?<![\d-])(?:\+?86[ -]?)?(?:0\d{2,3}[ -]?)?\d{7,8}(?![\d-])"  # office: 021-57920002
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile: 13812345678
)


def phone_html(text: Any) -> SafeString:
    """``text`` with each telephone number in it a tap-to-call link (``tel:``): 021-57920002,
    0573-82000000, 13812345678; the rest escaped."""
    if text in (None, ""):
        return SafeString("—")
    text = str(text)
    parts, last = [], 0
    for match in _PHONE.finditer(text):
        number = re.sub(r"[^\d+]", "", match.group(0))
        parts += [
            str(escape(text[last : match.start()])),
            f'<a href="tel:{number}">{escape(match.group(0))}</a>',
        ]
        last = match.end()
    parts.append(str(escape(text[last:])))
    return SafeString("".join(parts))


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
class Row:
    obj: Any  # None when the row came from the cache (ListSpec.page_table)
    html: SafeString


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
        cells = [(c, escape(str(c.label))) for c in columns]
        rows = [
            Row(obj, SafeString("".join(c.td_html(obj, lb) for c, lb in cells))) for obj in objects
        ]
        return Table(columns, rows, self.caption, self.empty)

    def page_table(
        self, page: Page, prepare: Callable[[list[Any]], Iterable[Any]] | None = None
    ) -> Table:
        """The table of one page of a list, its rows kept rendered per page (its ids or its
        query), language and day until a table their rendering read is written
        (``core.generations``): the
        rows' query, their joins and their HTML were two thirds of a list page's own time,
        the same for every viewer who sees the same rows. ``prepare`` completes the fetched
        rows (attach related data) before they are rendered."""

        def build() -> list[SafeString]:
            objects = list(page.object_list)
            return [row.html for row in self.table(prepare(objects) if prepare else objects).rows]

        key = self._page_key(page)
        if key is None:
            objects = list(page.object_list)
            return self.table(prepare(objects) if prepare else objects)
        rows = kept(key, build, seconds=600, local=True)
        return Table(
            self.page_columns, [Row(None, html) for html in rows], self.caption, self.empty
        )

    def _page_key(self, page: Page) -> str | None:
        rows = page.object_list
        page_key = getattr(page, "kept_key", None)  # core.pagination: its ids or its query
        if page_key:
            digest: str | None = self._digest(page_key)
        elif isinstance(rows, models.QuerySet):  # the rendering runs the query itself
            digest = self._query_key(rows)
        else:  # rows read before: what they hold is no input the rendering reads
            digest = None
        if digest is None:
            return None
        return f"table:{translation.get_language()}:{timezone.localdate()}:{digest}"

    def _query_key(self, rows: Any) -> str | None:
        """This list's digest of a queryset (None for anything else, or a query that cannot
        match: none(), an empty IN)."""
        if not isinstance(rows, models.QuerySet):
            return None
        digest = query_digest(rows)
        return None if digest is None else self._digest(f"{rows.model._meta.label_lower}|{digest}")

    def _digest(self, what: str) -> str:
        text = f"{[c.name for c in self.columns]}|{what}"
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def export_rows(self, objects: Iterable[Any]) -> Iterable[list[Any]]:
        columns = self.export_columns
        for obj in objects:
            yield [_export_value(c.value(obj)) for c in columns]

    def export(
        self,
        fmt: str,
        objects: Iterable[Any],
        prepare: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
    ) -> HttpResponse:
        """The list as an .xlsx (default) or .csv download, with the page's translated headers.
        A queryset is read in chunks (``prepare`` completes each row: related data); its file
        is kept per query, format, language and day until a table its building read is
        written, when it is at most EXPORT_KEPT_BYTES (the same report downloaded by the
        secretaries of three courts is built once)."""
        fmt = fmt if fmt in EXPORT_FORMATS else "xlsx"
        filename = str(self.filename)

        def build() -> bytes:
            rows: Iterable[Any] = objects
            if isinstance(objects, models.QuerySet):
                rows = objects.iterator(chunk_size=2000)
            return export_bytes(
                fmt,
                filename=filename,
                headers=[str(c.label) for c in self.export_columns],
                rows=self.export_rows(prepare(rows) if prepare else rows),
            )

        digest = self._query_key(objects)
        if digest is None:
            return download(fmt, filename=filename, content=build())
        content = kept(
            f"export:{fmt}:{translation.get_language()}:{timezone.localdate()}:{digest}",
            build,
            600,
            keep_if=lambda found: len(found) <= EXPORT_KEPT_BYTES,
        )
        return download(fmt, filename=filename, content=content)


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
