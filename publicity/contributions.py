"""What publicity adds to the shell: navigation, the review queue and returned items on the home
page, and each area page's latest published items."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core import search
from core.registry import (
    NavEntry,
    PublicSource,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_nav,
    register_public_source,
    register_search_source,
    register_waiting,
)
from courts.figures import Counts, first_per_area, in_year, tally
from courts.permissions import can_read, person_of, write_scope
from courts.registry import (
    AreaSection,
    Figure,
    RecordPart,
    ReportSection,
    register_area_section,
    register_figure,
    register_record_part,
    register_report_section,
)
from courts.selectors import court_name

from . import permissions
from .models import Channel, PublicityItem
from .public import public_item_entries
from .search import SEARCH_COLUMNS

PUBLICITY = _("Publicity")


def _area_items(area: str, user: Any) -> dict | None:

    items = (
        PublicityItem.objects.published()
        .filter(area=area)
        .select_related("court")
        .order_by("-published_at", "-id")[:5]
    )
    return {"rows": list(items), "more_url": reverse("public-list") + f"?area={area}"}


def _to_review(user: Any) -> list[WaitingItem]:
    """Items in review of the reviewer's court, and joint items waiting for their sign-off."""

    items = permissions.awaiting_review_by(user, PublicityItem.objects.select_related("court"))
    return [
        WaitingItem(
            title=str(_("To review: %(title)s")) % {"title": item.title},
            url=item.get_absolute_url(),
            detail=item.court.short_name,
            when=item.updated_at,
        )
        for item in items.order_by("updated_at")[:10]
    ]


def _returned_to_me(user: Any) -> list[WaitingItem]:

    person = person_of(user)
    if person is None:
        return []
    items = PublicityItem.objects.filter(author=person, status="returned").order_by("updated_at")
    return [
        WaitingItem(
            title=str(_("Returned to you: %(title)s")) % {"title": item.title},
            url=item.get_absolute_url(),
            detail=item.review_comment[:80],
            when=item.updated_at,
        )
        for item in items[:10]
    ]


def _published_counts(year: int, today: datetime.date) -> Counts:
    """Items published in ``year`` (and still on the public pages) per area and month: for the
    court that published each, and once each for the alliance."""
    published = PublicityItem.objects.filter(
        in_year("published_at", year), status=PublicityItem.Status.PUBLISHED
    )
    return tally(published, area="area", courts=("court",), when="published_at")


def _published_link(year: int, area: str, court_id: int | None) -> str:
    query = f"?status=published&area={area}&year={year}"
    if court_id is not None:
        query += f"&court={court_id}"
    return reverse("publicity:item-list") + query


def _carried_counts(year: int, today: datetime.date) -> Counts:
    """Items published in ``year`` per channel that carried them (a publication record), in
    the month each was published: an item two newspapers carried counts once for newspapers."""
    published = PublicityItem.objects.filter(
        in_year("published_at", year),
        status=PublicityItem.Status.PUBLISHED,
        records__isnull=False,
    )
    return tally(published, area="records__channel", courts=("court",), when="published_at")


def _carried_link(year: int, channel: str, court_id: int | None) -> str:
    query = f"?status=published&channel={channel}&year={year}"
    if court_id is not None:
        query += f"&court={court_id}"
    return reverse("publicity:item-list") + query


def _report_published(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The items published in ``year`` (by ``court_id``), good practices first."""
    published = PublicityItem.objects.filter(
        in_year("published_at", year), status=PublicityItem.Status.PUBLISHED
    )
    if court_id is not None:
        published = published.filter(court=court_id)
    order = ("-good_practice", "published_at", "pk")
    rows = first_per_area(published, area="area", order=order, n=per_area).values_list(
        "area", "published_at", "title", "court_id", "good_practice"
    )
    yes = str(_("Yes"))
    return [
        (area, (timezone.localtime(when).date(), title, court_name(court), yes if good else ""))
        for area, when, title, court, good in rows
    ]


MARKUP = re.compile(r"[#*_>`|]+|!?\[|\]\([^)]*\)")  # Markdown's marks, not the words


def _find_items(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Items by their title, summary and body (staff read every item, as its list shows)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        PublicityItem.objects.select_related("court"),
        q,
        SEARCH_COLUMNS,
        limit=limit,
        order=("-pk",),
        indexed=True,  # the newest first, walking the key's index
    )
    return total, [
        SearchHit(
            i.title,
            i.get_absolute_url(),
            text=MARKUP.sub(" ", f"{i.summary} {i.body}"),
            when=i.published_at or i.updated_at,
            detail=f"{i.court.short_name} · {i.get_status_display()}",
        )
        for i in rows
    ]


def _record_rows(viewer: Any, person: Any, year: int) -> list[tuple]:
    """The items ``person`` wrote in ``year`` and where each stands."""
    rows = PublicityItem.objects.filter(in_year("created_at", year), author=person).order_by(
        "created_at", "pk"
    )
    return [
        (timezone.localtime(i.created_at).date(), i.title, i.get_status_display()) for i in rows
    ]


def _record_counts(person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
    """Items published of those written, per author."""
    rows = (
        PublicityItem.objects.filter(in_year("created_at", year), author__in=person_ids)
        .values("author")
        .annotate(
            written=Count("pk"),
            published=Count("pk", filter=Q(status=PublicityItem.Status.PUBLISHED)),
        )
    )
    return {r["author"]: (r["published"], r["written"]) for r in rows}


def register() -> None:
    register_record_part(
        RecordPart(
            "publicity",
            _("Publicity items published of those written"),
            (_("Written"), _("Title"), _("Status")),
            _record_rows,
            _record_counts,
            order=60,
        )
    )
    register_public_source(PublicSource("publicity", public_item_entries))
    register_search_source(
        SearchSource(
            "publicity",
            _("Publicity items"),
            _find_items,
            more=lambda q: reverse("publicity:item-list") + "?" + urlencode({"q": q}),
            order=60,
        )
    )
    register_report_section(
        ReportSection(
            "publicity",
            _("Publicity items published"),
            (_("Published"), _("Title"), _("Court"), _("Good practice")),
            _report_published,
            order=60,
        )
    )
    register_figure(
        Figure(
            key="publicity-published",
            label=_("Publicity items published"),
            counts=_published_counts,
            link=_published_link,
            order=60,
        )
    )
    register_figure(
        Figure(
            key="publicity-channels",
            label=_("Publicity items published, by the channels that carried them"),
            counts=_carried_counts,
            link=_carried_link,
            order=61,
            rows=tuple(Channel.choices),
            row_label=_("Channel"),
        )
    )

    register_nav(
        NavEntry(
            "publicity-items",
            _("Publicity items"),
            "publicity:item-list",
            group=PUBLICITY,
            order=50,
        )
    )
    register_nav(
        NavEntry(
            "publicity-mine",
            _("My publicity items"),
            "publicity:my-items",
            group=PUBLICITY,
            order=51,
        )
    )
    register_nav(
        NavEntry(
            "publicity-review",
            _("Review queue"),
            "publicity:review-queue",
            group=PUBLICITY,
            order=52,
            visible=lambda user: not write_scope(user, "publicity_reviewer").empty,
        )
    )
    register_nav(
        NavEntry("publicity-public", _("Public pages"), "public-list", group=PUBLICITY, order=53)
    )
    register_waiting(
        WaitingList(
            key="publicity-review",
            label=_("Publicity items to review"),
            items=_to_review,
            order=45,
        )
    )
    register_waiting(
        WaitingList(
            key="publicity-returned",
            label=_("Publicity items returned to me"),
            items=_returned_to_me,
            order=46,
        )
    )
    register_area_section(
        AreaSection(
            key="publicity",
            label=_("Published good practices"),
            template="publicity/partials/area_items.html",
            context=_area_items,
            order=80,
            shared=True,
        )
    )
