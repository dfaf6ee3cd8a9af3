"""What the resource library adds to the shell and the overview: its menu entry, its records in
the search box."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core import generations, search
from core.registry import (
    NavEntry,
    ObjectPanel,
    PublicSource,
    SearchHit,
    SearchSource,
    register_nav,
    register_object_panel,
    register_public_source,
    register_search_source,
)
from courts.contributions import COOPERATION
from courts.figures import Counts, in_year, tally
from courts.permissions import can_read
from courts.registry import Figure, register_figure

from . import permissions, uses
from .models import Resource, ResourceUse, Visibility
from .public import public_resource_entries
from .search import SEARCH_COLUMNS


def _reader_key(user: Any) -> str:
    """What of the viewer decides which resources they read (the library's one rule)."""
    return permissions.resource_reader(user).key


def _find_resources(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Resources by their title, description and the text of their latest file, as the viewer
    may read them (the library's one visibility rule)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Resource.objects.visible_to(user).select_related("court"),
        q,
        SEARCH_COLUMNS,
        limit=limit,
        order=("-updated_at", "-pk"),
        indexed=True,  # library/0002_gram_search
    )
    return total, [
        SearchHit(
            r.title,
            r.get_absolute_url(),
            text=f"{r.description} {r.file_text[:2000]}",
            when=r.updated_at,
            detail=f"{r.court.short_name} · {r.get_kind_display()}",
        )
        for r in rows
    ]


def _shared_counts(year: int, today: datetime.date) -> Counts:
    """Resources shared in ``year`` with the three courts or the public (a court's own ones are
    its own), for the owning court: the same for every viewer, and so is the list it opens."""
    shared = Resource.objects.filter(in_year("created_at", year)).exclude(
        visibility=Visibility.COURT
    )
    return tally(shared, area="area", courts=("court",), when="created_at")


def _shared_link(year: int, area: str, court_id: int | None) -> str:
    query = {"year": str(year), "area": area, "shared": "true"}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("library:resource-list") + "?" + urlencode(query)


@dataclass(frozen=True)
class _Used:
    use_id: int
    title: str
    url: str
    detail: str


def _used_by(record: Any, user: Any) -> list[_Used]:
    """The resources ``record`` uses that ``user`` reads: kept per record, language and what of
    the viewer decides the library's rule, until a table it was read from is written."""

    def build() -> list[_Used]:
        rows = ResourceUse.objects.filter(
            target_type=uses.content_type(record),
            target_id=record.pk,
            resource__in=Resource.objects.visible_to(user),
        ).select_related("resource__court")
        return [
            _Used(
                u.pk,
                u.resource.title,
                u.resource.get_absolute_url(),
                f"{u.resource.court.short_name} · {u.resource.get_kind_display()}",
            )
            for u in rows
        ]

    key = f"library-uses:{uses.token(record)}:{translation.get_language()}:{_reader_key(user)}"
    return generations.kept(key, build, 600, local=True)


def _uses_panel(request: Any, record: Any) -> str | None:
    """The resources a record uses, on its page: those the viewer reads; with the buttons to
    add one (from the library, or shared from here) and take one off for whoever changes the
    record. Nothing for a record using none that the viewer may not change."""
    user = request.user
    used = _used_by(record, user)
    may_change = uses.may_change(user, record)
    if not used and not may_change:
        return None
    return render_to_string(
        "library/partials/uses_panel.html",
        {
            "used": used,
            "may_change": may_change,
            "record_token": uses.token(record),
            "may_share": may_change and permissions.can_share_resource(user),
        },
        request=request,
    )


def register() -> None:
    register_object_panel(ObjectPanel("library-uses", tuple(uses.USED_BY), _uses_panel, order=50))
    register_public_source(PublicSource("library", public_resource_entries))
    register_figure(
        Figure(
            "library-shared",
            _("Resources shared with the three courts"),
            _shared_counts,
            _shared_link,
            order=70,
        )
    )
    register_nav(
        NavEntry(
            "library", _("Resource library"), "library:resource-list", group=COOPERATION, order=39
        )
    )
    register_search_source(
        SearchSource(
            "library",
            _("Shared resources"),
            _find_resources,
            more=lambda q: reverse("library:resource-list") + "?" + urlencode({"q": q}),
            order=70,
            viewer=_reader_key,
        )
    )
