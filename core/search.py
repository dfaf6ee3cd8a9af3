"""Substring search that an index can serve, Chinese included.

Django's ``icontains`` is the meaning of a search box here: the text contains what was typed.
PostgreSQL's trigram indexes serve it from three characters on, but Chinese words are mostly two
characters (党日, 调研), and a two-character LIKE read every row. So each searchable table gets a
GIN index on the set of its text's *grams* — every character and every pair of adjacent
characters, lower-cased — computed by the SQL function ``jpj_grams`` (migration
core/0006). A text containing what was typed contains all of the query's pairs (or its one
character), so ``jpj_grams(text) @> query grams`` narrows the rows through the index, and the
``icontains`` that follows keeps the meaning exact. On SQLite only the ``icontains`` runs.

Index and query must use the very same expression: :func:`gram_index_sql` and :func:`narrow`
build both from one list of columns.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

from . import generations

MAX_QUERY_GRAMS = 12  # enough to narrow; the icontains does the rest

GRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION jpj_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (
    SELECT lower(substr(t, i, 2)) AS g FROM generate_series(1, length(t) - 1) AS i
    UNION ALL
    SELECT lower(substr(t, i, 1)) FROM generate_series(1, length(t)) AS i
  ) AS grams
  WHERE g !~ '\s'
$$
"""


def grams(value: str) -> list[str]:
    """The grams a text containing ``value`` must have: its adjacent pairs (its one character
    when it has one), lower-cased, none with white space."""
    text = value.strip().lower()
    found = [text] if len(text) == 1 else [text[i : i + 2] for i in range(len(text) - 1)]
    unique = list(dict.fromkeys(g for g in found if not any(c.isspace() for c in g)))
    return unique[:MAX_QUERY_GRAMS]


def text_expression(table: str, columns: Sequence[str]) -> str:
    """The searched text of a row: its columns joined by a space (one expression for the index
    and the query)."""
    parts = [
        f"coalesce({connection.ops.quote_name(table)}.{connection.ops.quote_name(c)}, '')"
        for c in columns
    ]
    return "(" + " || ' ' || ".join(parts) + ")"


def gram_index_sql(name: str, table: str, columns: Sequence[str]) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS {name} ON {connection.ops.quote_name(table)} "
        f"USING gin ((jpj_grams({text_expression(table, columns)})))"
    )


def gram_index_operation(name: str, table: str, columns: Sequence[str]) -> Any:
    """A migration's operation building the gram index ``name`` on ``table`` (PostgreSQL only;
    elsewhere the search falls back to plain matching), and dropping it when unapplied."""
    from django.db import migrations

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(gram_index_sql(name, table, columns))

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)


PAGE_ROWS = 20


def narrow(queryset: models.QuerySet, value: str, columns: Sequence[str]) -> models.QuerySet:
    """On PostgreSQL, keep the rows whose text has every gram of ``value`` (through the gram
    index) — when the term is rare. A common term (党日: one activity in seven) is left to the
    list's order index: walking it finds a page of matches after a few dozen rows, whereas
    fetching every candidate to sort them grows with the table. The planner's own estimate
    (its statistics of the index's grams) tells which: walking costs about
    ``PAGE_ROWS × total ÷ matches`` rows, fetching ``matches``; they meet at √(PAGE_ROWS ×
    total). Elsewhere, all rows; the caller's ``icontains`` decides in every case."""
    wanted = grams(value)
    if connection.vendor != "postgresql" or not wanted:
        return queryset
    table = queryset.model._meta.db_table
    sql = f"jpj_grams({text_expression(table, columns)}) @> %s::text[]"
    quoted = connection.ops.quote_name(table)

    def rare() -> bool:
        matches = _estimated_rows(f"SELECT 1 FROM {quoted} WHERE {sql}", [wanted])  # noqa: S608
        total = _estimated_rows(f"SELECT 1 FROM {quoted}", [])  # noqa: S608
        return matches <= math.sqrt(PAGE_ROWS * max(total, 1.0))

    # The planner's statistics change when the table is analysed, not with each row: the
    # verdict is kept ten minutes per term (a filtered list's pages ask it again and again).
    digest = hashlib.blake2b(f"{table}|{sql}|{sorted(wanted)}".encode(), digest_size=16)
    if not generations.kept(f"search-rare:{digest.hexdigest()}", rare, 600, local=True):
        return queryset
    condition = RawSQL(sql, (wanted,), output_field=models.BooleanField())  # noqa: S611
    return queryset.filter(condition)


def _estimated_rows(sql: str, params: list) -> float:
    """The planner's estimate of a query's rows (EXPLAIN, nothing executed)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


COUNT_AT_MOST = 500  # a kind's total stops counting here ("500+"): a count is not a list


def find(
    queryset: models.QuerySet,
    value: str,
    columns: Sequence[str],
    *,
    limit: int,
    order: Sequence[str],
    indexed: bool = False,
) -> tuple[int, list]:
    """The rows of ``queryset`` whose ``columns`` contain ``value``: how many (up to
    :data:`COUNT_AT_MOST`) and the first ``limit`` in ``order``. Two queries; with ``indexed``
    (the table has the gram index of ``columns``) narrowed through it where the words are rare
    — a table without the index is not narrowed: computing the grams of every row would cost
    more than the ``icontains`` alone."""
    contains = models.Q()
    for column in columns:
        contains |= models.Q(**{f"{column}__icontains": value})
    rows = (narrow(queryset, value, columns) if indexed else queryset).filter(contains)
    total = rows.order_by()[:COUNT_AT_MOST].count()
    return total, list(rows.order_by(*order)[:limit]) if total else []


SNIPPET = 60  # characters of text around the first match


def marked(text: str, value: str, *, around: int | None = None) -> list[tuple[str, bool]]:
    """``text`` cut into (part, is a match of ``value``) for a template to mark — all of it, or
    with ``around`` the window of that many characters before the first match and after it."""
    text = " ".join(text.split())
    needle = value.strip().lower()
    if not needle:
        return [(text, False)] if text else []
    lowered = text.lower()
    if around is not None:
        first = lowered.find(needle)
        if first < 0:
            cut = text[: around * 2]
            return [(cut + ("…" if len(text) > len(cut) else ""), False)] if cut else []
        start, end = max(first - around, 0), min(first + len(needle) + around, len(text))
        ellipsis = [("…", False)]
        return (
            (ellipsis if start else [])
            + marked(text[start:end], value)
            + (ellipsis if end < len(text) else [])
        )
    parts: list[tuple[str, bool]] = []
    position = 0
    while (found := lowered.find(needle, position)) >= 0:
        if found > position:
            parts.append((text[position:found], False))
        parts.append((text[found : found + len(needle)], True))
        position = found + len(needle)
    if position < len(text):
        parts.append((text[position:], False))
    return parts
