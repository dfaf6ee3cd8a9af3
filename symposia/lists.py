"""The symposia's lists, each declared once for its page, phone cards and export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import Paper, Symposium

SYMPOSIA = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=Symposium.get_absolute_url, key=True),
    Column("year", _("Year"), attrgetter("year"), nowrap=True),
    Column("host_court", _("Host court"), attrgetter("host_court.short_name"), nowrap=True),
    Column("date", _("Date"), attrgetter("date"), nowrap=True),
    Column("papers", _("Papers"), attrgetter("paper_count")),
    caption=_("Academic symposia"),
    empty=_("No symposia match these filters."),
    filename=_("symposia"),
)


def authors_of(paper: Paper) -> list[str]:
    return [f"{p.full_name} · {p.court.short_name}" for p in paper.authors.all()]


PAPERS = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=Paper.get_absolute_url, key=True),
    Column("symposium", _("Symposium"), attrgetter("symposium.title")),
    Column("year", _("Year"), attrgetter("symposium.year"), nowrap=True),
    Column("authors", _("Authors"), authors_of),
    Column(
        "award",
        _("Award"),
        methodcaller("get_award_display"),
        html=lambda p: badge(f"badge-award-{p.award}", p.get_award_display()),
        nowrap=True,
    ),
    Column("file", _("File"), lambda p: bool(p.file), on_page=False),
    caption=_("Symposium papers"),
    empty=_("No papers match these filters."),
    filename=_("symposium-papers"),
)
