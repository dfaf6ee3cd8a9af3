"""Publicity's lists, each declared once for its page, phone cards and export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import PublicityItem


def _status_badge(item: PublicityItem):
    return badge(f"badge-publicity-{item.status}", item.get_status_display())


def _records(item: PublicityItem) -> list[str]:
    """Each publication record in one line: outlet, channel, date, reads, link."""
    lines = []
    for record in item.records.all():
        parts = [record.outlet, record.get_channel_display(), formats.date_format(record.date)]
        if record.reach is not None:
            parts.append(str(_("%(n)s reads") % {"n": record.reach}))
        if record.link:
            parts.append(record.link)
        lines.append(" · ".join(parts))
    return lines


ITEMS = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=PublicityItem.get_absolute_url, key=True),
    Column("court", _("Court"), attrgetter("court.short_name"), nowrap=True),
    Column("area", _("Area"), methodcaller("get_area_display")),
    Column("author", _("Author"), attrgetter("author.full_name"), nowrap=True),
    Column(
        "status", _("Status"), methodcaller("get_status_display"), html=_status_badge, nowrap=True
    ),
    Column("good", _("Good practice"), attrgetter("good_practice")),
    Column("updated", _("Last change"), attrgetter("updated_at"), nowrap=True),
    Column("published", _("Published at"), attrgetter("published_at"), nowrap=True),
    Column("tags", _("Tags"), lambda i: [t.name for t in i.tags.all()], on_page=False),
    Column("records", _("Publication records"), _records, on_page=False),
    caption=_("Publicity items"),
    empty=_("No publicity items match these filters."),
    filename=_("publicity-items"),
)
