"""The library's lists, each declared once for its page, its phone cards and its export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import Resource


def _latest(resource: Resource) -> str:
    version = resource.latest
    if version is None:
        return str(_("Link"))
    return f"v{version.number} · {filesizeformat(version.size)}"


RESOURCES = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=Resource.get_absolute_url, key=True),
    Column("kind", _("Kind of resource"), methodcaller("get_kind_display"), nowrap=True),
    Column("area", _("Area"), methodcaller("get_area_display")),
    Column("court", _("Owning court"), attrgetter("court.short_name"), nowrap=True),
    Column(
        "visibility",
        _("Shared with"),
        methodcaller("get_visibility_display"),
        html=lambda r: badge(f"badge-visibility-{r.visibility}", r.get_visibility_display()),
        nowrap=True,
    ),
    Column("latest", _("Latest version"), _latest, nowrap=True),
    Column("updated", _("Updated"), attrgetter("updated_at"), nowrap=True),
    caption=_("Shared resources"),
    empty=_("No resources match these filters."),
    filename=_("resources"),
)
