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
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
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


@dataclass(frozen=True)
class Piece:
    """A piece of what a list cell shows, as data: ``partials/pieces.html`` draws it (escaped
    there) — plain or strong text, a date or time (a ``<time>`` element), a badge, or a
    telephone number (a tap-to-call link)."""

    text: Any = ""
    kind: str = "text"  # "text", "strong", "time", "badge", "tel"
    css: str = ""  # a badge's class
    attr: str = ""  # a time's machine-readable value, a number's tel: address


def display_pieces(value: Any) -> list[Piece]:
    """A datum as the page shows it: dates and times as ``<time>``, the rest as text."""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return [Piece(display_text(value), "time", attr=local.isoformat(timespec="minutes"))]
    if isinstance(value, datetime.date):
        return [Piece(display_text(value), "time", attr=value.isoformat())]
    return [Piece(display_text(value))]


_PHONE = re.compile(
    r"(?<![\d-])(?:\+?86[ -]?)?(?:0\d{2,3}[ -]?)?\d{7,8}(?![\d-])"  # office: 021-57920002
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"  # mobile: 13812345678
)


def phone_pieces(text: Any) -> list[Piece]:
    """``text`` with each telephone number in it a tap-to-call link (``tel:``): 021-57920002,
    0573-82000000, 13812345678."""
    if text in (None, ""):
        return [Piece("—")]
    text = str(text)
    pieces, last = [], 0
    for match in _PHONE.finditer(text):
        number = re.sub(r"[^\d+]", "", match.group(0))
        pieces += [Piece(text[last : match.start()]), Piece(match.group(0), "tel", attr=number)]
        last = match.end()
    pieces.append(Piece(text[last:]))
    return [p for p in pieces if p.text]


def badge(css_class: str, text: Any) -> Piece:
    return Piece(text, "badge", css=css_class)


def strong(text: Any) -> Piece:
    return Piece(text, "strong")


def joined(pieces: Iterable[Piece]) -> list[Piece]:
    """Pieces joined by the language's separator."""
    out: list[Piece] = []
    for piece in pieces:
        if out:
            out.append(Piece(separator()))
        out.append(piece)
    return out


def render_pieces(pieces: Sequence[Piece]) -> SafeString:
    """Pieces as HTML, outside a list (a template filter's answer)."""
    return SafeString(render_to_string("partials/pieces.html", {"pieces": pieces}))


@dataclass(frozen=True)
class Column:
    """One column of a list: its label, its datum and, optionally, how the page shows it
    (``html``: the cell's pieces, where the page shows more than the datum)."""

    name: str
    label: str | Promise
    value: Callable[[Any], Any]
    html: Callable[[Any], Piece | Sequence[Piece]] | None = None
    link: Callable[[Any], str] | None = None
    key: bool = False  # the row's heading: <th scope="row"> on a desktop, the card title on a phone
    nowrap: bool = False
    on_page: bool = True
    in_export: bool = True

    def pieces(self, obj: Any) -> Sequence[Piece]:
        if self.html is None:
            return display_pieces(self.value(obj))
        shown = self.html(obj)
        return [shown] if isinstance(shown, Piece) else shown

    def cell(self, obj: Any) -> dict[str, Any]:
        """What ``partials/list_rows.html`` draws of this column for ``obj``."""
        return {
            "column": self,
            "link": self.link(obj) if self.link else "",
            "pieces": self.pieces(obj),
        }


@dataclass
class Table:
    """What ``partials/list.html`` renders: headers, the rows (drawn by partials/list_rows.html,
    kept rendered per page), the caption and empty text."""

    columns: list[Column]
    rows_html: SafeString
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
        return Table(self.page_columns, self.rows_html(objects), self.caption, self.empty)

    def rows_html(self, objects: Iterable[Any]) -> SafeString:
        """The rows of ``objects`` as the table's ``<tr>``s (partials/list_rows.html)."""
        columns = self.page_columns
        rows = [[c.cell(obj) for c in columns] for obj in objects]
        if not rows:
            return SafeString("")
        return SafeString(render_to_string("partials/list_rows.html", {"rows": rows}))

    def page_table(
        self, page: Page, prepare: Callable[[list[Any]], Iterable[Any]] | None = None
    ) -> Table:
        """The table of one page of a list, its rows kept rendered per page (its ids or its
        query), language and day until a table their rendering read is written
        (``core.generations``): the
        rows' query, their joins and their HTML were two thirds of a list page's own time,
        the same for every viewer who sees the same rows. ``prepare`` completes the fetched
        rows (attach related data) before they are rendered."""

        def build() -> SafeString:
            objects = list(page.object_list)
            return self.rows_html(prepare(objects) if prepare else objects)

        key = self._page_key(page)
        if key is None:
            return Table(self.page_columns, build(), self.caption, self.empty)
        rows = kept(key, build, seconds=600, local=True)
        return Table(self.page_columns, rows, self.caption, self.empty)

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
