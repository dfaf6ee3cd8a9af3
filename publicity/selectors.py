"""Reads of publicity that several pages share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from core import generations
from courts.models import Court

from .models import (
    ItemAttachment,
    ItemEvent,
    ItemImage,
    PublicationRecord,
    PublicityItem,
    Signoff,
    Tag,
)


@dataclass
class ItemPage:
    """What an item's staff page shows besides the item itself, the same for every viewer."""

    courts: list[Court]
    tags: list[Tag]
    images: list[ItemImage]
    attachments: list[ItemAttachment]
    records: list[PublicationRecord]
    events: list[ItemEvent]
    signoffs: list[Signoff] = field(default_factory=list)


def item_page(item: PublicityItem) -> ItemPage:
    """The courts, tags, images, attachments, publication records, history and sign-offs of
    ``item``, kept until one of them (or a person or court) changes (core.generations)."""

    def build() -> ItemPage:
        return ItemPage(
            courts=list(item.courts.order_by("sort_order")),
            tags=list(item.tags.all()),
            images=list(item.images.all()),
            attachments=list(item.attachments.all()),
            records=list(item.records.all()),
            events=list(item.events.select_related("by__person", "signoff_court")),
            signoffs=list(item.signoffs.select_related("by__person")),
        )

    return generations.kept(
        f"publicity:item-page:{item.pk}",
        build,
        600,
        local=True,
    )


def attach(item: PublicityItem, page: ItemPage) -> Any:
    """Let the permission rules read the kept courts and sign-offs instead of asking again."""
    cast(Any, item)._prefetched_objects_cache = {  # what prefetch_related would have filled
        "courts": page.courts,
        "signoffs": page.signoffs,
    }
    return item
