import hashlib
from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from .generations import (
    COUNT_SECONDS,
    cached_count,
    cached_ids,
    kept,
    query_digest,
)

DEFERRED_JOIN_FROM = 200  # rows to skip before a page is fetched in two steps
KEEP_IDS_UP_TO = 30_000  # a list this long keeps its ordered ids: each page is a slice


class KeptPage(Page):
    """A page that knows what a kept rendering of its rows is keyed by (``kept_key``)."""

    kept_key: str | None = None


class CountCachedPaginator(Paginator):
    """A paginator whose total comes from :func:`core.generations.cached_count`; a list of up
    to KEEP_IDS_UP_TO rows keeps its ordered ids (:func:`core.generations.cached_ids`), and a
    longer one fetches its deep pages in two steps: the page's ids (an index-only walk past the
    skipped rows), then those rows with their joins. One step fetched every skipped row from the
    table — page 200 of the activities read 4,000 rows for 20."""

    @cached_property
    def digest(self) -> str | None:
        """The list query's digest: the key of its total, its ids and its pages' tables."""
        return query_digest(self.object_list) if isinstance(self.object_list, QuerySet) else None

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list, self.digest)
        return super().count

    def _get_page(self, *args: Any, **kwargs: Any) -> KeptPage:
        """Django's hook for the kind of page made (Paginator._get_page)."""
        page = KeptPage(*args, **kwargs)
        # What a kept rendering of the page's rows (ListSpec.page_table) is keyed by: the ids
        # shown, when they were chosen before (a kept list of ids: which rows a filter's
        # subquery lets through is then no input of the rendering), else the page's query,
        # which the rendering runs itself.
        rows = page.object_list
        if isinstance(rows, RowsByIds):
            page.kept_key = rows.kept_key
        elif self.digest is not None:
            page.kept_key = f"{self.digest}:{page.number}:{self.per_page}:{self.orphans}"
        return page

    def get_page(self, number: Any) -> KeptPage:
        return cast(KeptPage, super().get_page(number))  # made by _get_page

    def page(self, number: Any) -> KeptPage:
        number = self.validate_number(number)
        if not isinstance(self.object_list, QuerySet):
            return cast(KeptPage, super().page(number))  # made by _get_page
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # A list of a few thousand rows (people, items) sorted by a joined column sorts them all
        # for every page: its ordered ids are kept instead, until a model it reads changes.
        all_ids = (
            cached_ids(self.object_list, self.digest) if self.count <= KEEP_IDS_UP_TO else None
        )
        if all_ids is not None:
            page_ids = list(all_ids[bottom:top])
            return self._get_page(RowsByIds(self.object_list, page_ids), number, self)
        if bottom < DEFERRED_JOIN_FROM:
            return cast(KeptPage, super().page(number))  # made by _get_page
        ids_query = self.object_list.values_list("pk", flat=True)[bottom:top]
        if self.digest is None:
            ids = list(ids_query)
        else:  # the walk past the skipped rows, kept like the total
            ids = kept(
                f"page-ids:{self.digest}:{bottom}:{top}",
                lambda: list(ids_query),
                COUNT_SECONDS,
                local=True,
            )
        return self._get_page(RowsByIds(self.object_list, ids), number, self)


class RowsByIds(Sequence):
    """A page's rows by their ids: fetched in the ids' order when first read, not at all when
    the page's table comes from the cache (``ListSpec.page_table``)."""

    def __init__(self, queryset: QuerySet, ids: list) -> None:
        self.queryset, self.ids = queryset, ids

    @property
    def kept_key(self) -> str:
        """What a kept rendering of these rows is keyed by: the ids shown (chosen before, so
        which rows a filter let through is no input of the rendering)."""
        label = self.queryset.model._meta.label_lower
        return (
            "ids:" + hashlib.blake2b(f"{label}|{self.ids!r}".encode(), digest_size=16).hexdigest()
        )

    @cached_property
    def _rows(self) -> list:
        rows = {row.pk: row for row in self.queryset.filter(pk__in=self.ids)}
        return [rows[pk] for pk in self.ids if pk in rows]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        return self._rows[index]


def paginate_ids(
    request: HttpRequest, queryset: QuerySet, ids: list, *, per_page: int | None = None
) -> KeptPage:
    """The requested page of ``ids`` (ordered, chosen before: a kept overview's), showing the
    rows of ``queryset`` with those ids — fetched only when the page's table is not kept."""
    page = CountCachedPaginator(ids, per_page or settings.PAGINATE_BY).get_page(
        request.GET.get("page")
    )
    page.object_list = RowsByIds(queryset, list(page.object_list))
    page.kept_key = page.object_list.kept_key
    return page


def paginate(request: HttpRequest, queryset: Any, *, per_page: int | None = None) -> KeptPage:
    """The requested page of ``queryset``; a bad or too-large page number gives the last page."""
    paginator = CountCachedPaginator(queryset, per_page or settings.PAGINATE_BY)
    return paginator.get_page(request.GET.get("page"))
