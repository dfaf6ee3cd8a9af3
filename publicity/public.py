"""The public pages (no login): published items, newest first, filtered by court, area and tag;
an item's page at a stable address; an Atom feed; the items' images. Nothing unpublished is
reachable here, no staff name is shown (only the author's court), and no attachment."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core import generations
from core.access import fetch
from core.lists import separator
from core.pagination import paginate
from core.registry import PublicEntry, public_entries
from courts.selectors import courts_by_id

from . import permissions, selectors
from .filters import PublicFilter
from .models import ItemImage, PublicityItem

FEED_ITEMS = 30


def _published():
    return (
        PublicityItem.objects.published()
        .select_related("court", "cover")
        .order_by("-published_at", "-id")
    )


@require_http_methods(["GET"])
def public_list(request: HttpRequest) -> HttpResponse:
    public_filter = PublicFilter(request.GET, queryset=_published())
    items = public_filter.qs.distinct().order_by("-published_at", "-id")
    page_obj = paginate(request, items, per_page=12)
    return render(
        request,
        "publicity/public_list.html",
        {"filter": public_filter, "page_obj": page_obj, "cards": _cards(page_obj)},
    )


def _cards(page_obj) -> str:
    """The page's cards, rendered once per page of the list query and language and kept until
    an item, an image or a court changes (the same for every visitor: ``core.generations``)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.safestring import mark_safe

    def build() -> str:
        return render_to_string(
            "publicity/partials/public_cards.html", {"items": list(page_obj.object_list)}
        )

    key = getattr(page_obj, "kept_key", None)
    if key is None:
        return mark_safe(build())  # noqa: S308 - our own template's output
    html = generations.kept(
        f"public-cards:{translation.get_language()}:{key}",
        build,
        600,
        local=True,
    )
    return mark_safe(html)  # noqa: S308 - our own template's output


@require_http_methods(["GET"])
def public_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = fetch(_published(), user=request.user, rule=permissions.can_read_public_item, pk=pk)
    page = selectors.item_page(item)  # kept: courts, tags, records (attachments never shown)
    return render(
        request,
        "publicity/public_item.html",
        {
            "item": item,
            "courts": page.courts,
            "tags": page.tags,
            "records": [r for r in page.records if r.link],
        },
    )


@require_http_methods(["GET"])
def public_image(request: HttpRequest, pk: int) -> FileResponse:
    """An item's image: public once the item is published; before, for staff only."""
    image = fetch(
        ItemImage.objects.select_related("item"),
        user=request.user,
        rule=permissions.can_read_image,
        pk=pk,
    )
    response = FileResponse(image.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600" if image.item.is_public else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PublicFeed(Feed):
    """The newest published items as Atom 1.0, the same for every reader: its bytes are kept
    (core.generations) per language and address until a table it read is written."""

    feed_type = Atom1Feed
    title = _("Jin-Ping-Jia courts: good practices and joint work")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        def build() -> tuple[str, bytes, str | None]:
            response = super(PublicFeed, self).__call__(request, *args, **kwargs)
            return response["Content-Type"], response.content, response.get("Last-Modified")

        # the links are absolute: the address the feed was asked at is part of the key
        key = f"public-feed:{translation.get_language()}:{request.scheme}://{request.get_host()}"
        content_type, content, modified = generations.kept(key, build, 600, local=True)
        response = HttpResponse(content, content_type=content_type)
        if modified:
            response["Last-Modified"] = modified
        return response

    def subtitle(self) -> str:
        """Who publishes: the alliance's courts from the directory (a court added in admin
        appears)."""

        names = separator().join(court.name for court in courts_by_id().values())
        return gettext("Published by %(courts)s.") % {"courts": names}

    def link(self) -> str:
        return reverse("public-list")

    def items(self) -> list[PublicEntry]:
        """The newest published items and the other public records the apps contribute
        (``core.registry.register_public_source``: the library's public resources)."""
        return public_entries(FEED_ITEMS)

    def item_title(self, item: PublicEntry) -> str:
        return item.title

    def item_description(self, item: PublicEntry) -> str:
        return item.summary

    def item_link(self, item: PublicEntry) -> str:
        return item.link

    def item_pubdate(self, item: PublicEntry):
        return item.published

    def item_updateddate(self, item: PublicEntry):
        return item.updated

    def item_author_name(self, item: PublicEntry) -> str:
        return item.author

    def item_categories(self, item: PublicEntry):
        return list(item.categories)


def public_item_entries(n: int) -> list[PublicEntry]:
    """The feed's entries of the newest published items."""
    return [
        PublicEntry(
            title=item.title,
            link=item.get_public_url(),
            published=item.published_at,
            updated=item.updated_at,
            summary=item.summary,
            author=item.court.name,  # the court, never a member of staff
            categories=(str(item.get_area_display()),),
        )
        for item in _published()[:n]
    ]
