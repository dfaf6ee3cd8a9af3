from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .generations import cached_count

DEFERRED_JOIN_FROM = 200  # rows to skip before a page is fetched in two steps


class CountCachedPaginator(Paginator):
    """A paginator whose total comes from :func:`core.generations.cached_count` and whose deep
    pages are fetched in two steps: the page's ids (an index-only walk past the skipped rows),
    then those rows with their joins. One step fetched every skipped row from the table — page
    200 of the activities read 4,000 rows for 20."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not isinstance(self.object_list, QuerySet) or bottom < DEFERRED_JOIN_FROM:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(RowsByIds(self.object_list, ids), number, self)


class RowsByIds(Sequence):
    """A deep page's rows: fetched in the ids' order when first read, not at all when the
    page's table comes from the cache (``ListSpec.page_table`` keys it by ``ids``)."""

    def __init__(self, queryset: QuerySet, ids: list) -> None:
        self.queryset, self.ids = queryset, ids

    @cached_property
    def _rows(self) -> list:
        rows = {row.pk: row for row in self.queryset.filter(pk__in=self.ids)}
        return [rows[pk] for pk in self.ids if pk in rows]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self._rows[index]


def paginate(request, queryset, *, per_page: int | None = None) -> Page:
    """The requested page of ``queryset``; a bad or too-large page number gives the last page."""
    paginator = CountCachedPaginator(queryset, per_page or settings.PAGINATE_BY)
    return paginator.get_page(request.GET.get("page"))
