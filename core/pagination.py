from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .generations import cached_count


class CountCachedPaginator(Paginator):
    """A paginator whose total comes from :func:`core.generations.cached_count`."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count


def paginate(request, queryset, *, per_page: int | None = None) -> Page:
    """The requested page of ``queryset``; a bad or too-large page number gives the last page."""
    paginator = CountCachedPaginator(queryset, per_page or settings.PAGINATE_BY)
    return paginator.get_page(request.GET.get("page"))
