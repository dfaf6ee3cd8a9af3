"""What the symposia add to the shell: their entry in the trial-quality menu."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core import search
from core.lists import separator
from core.registry import (
    NavEntry,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_nav,
    register_search_source,
    register_waiting,
)
from courts.choices import Area
from courts.figures import Counts, tally
from courts.permissions import can_read, person_of
from courts.registry import (
    Figure,
    RecordPart,
    ReportSection,
    register_figure,
    register_record_part,
    register_report_section,
)
from courts.selectors import court_name

from .models import Paper, Symposium
from .search import SEARCH_COLUMNS

# The same label as the case-study groups' entries: one dropdown for the area.
TRIAL_QUALITY = _("Trial quality")


def _papers(year: int, today: datetime.date, *, awarded: bool = False) -> Counts:
    """Papers presented at the year's symposia, for each court an author belongs to (a paper of
    two courts' authors counts for both) and once for the alliance; the trial-quality area's."""
    papers = Paper.objects.filter(symposium__year=year)
    if awarded:
        papers = papers.exclude(award=Paper.Award.NONE)
    return tally(
        papers,
        area=Area.TRIAL_QUALITY,
        fixed_area=True,
        courts=("authors__court",),
        when="symposium__date",
    )


def _awarded(year: int, today: datetime.date) -> Counts:
    return _papers(year, today, awarded=True)


def _papers_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"year": str(year), **narrow}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("symposia:paper-list") + "?" + urlencode(query)


def _awarded_link(year: int, area: str, court_id: int | None) -> str:
    return _papers_link(year, area, court_id, awarded="true")


TRIAL_QUALITY_ROW = ((Area.TRIAL_QUALITY.value, Area.TRIAL_QUALITY.label),)


def _report_papers(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The papers of ``year``'s symposia (by authors of ``court_id``), with their authors, their
    courts and awards — two queries."""
    papers = Paper.objects.filter(symposium__year=year)
    if court_id is not None:
        papers = papers.filter(authors__court=court_id).distinct()
    if per_area is not None:  # one area, trial quality's
        first = papers.order_by("symposium__date", "title").values_list("pk", flat=True)
        papers = Paper.objects.filter(pk__in=list(first[:per_area]))
    authors: dict[int, list[tuple[str, str]]] = {}
    through = Paper.authors.through.objects.filter(paper__in=papers).order_by("person__full_name")
    for paper_id, name, court in through.values_list(
        "paper_id", "person__full_name", "person__court_id"
    ):
        authors.setdefault(paper_id, []).append((name, court_name(court)))
    awards = dict(Paper.Award.choices)
    rows = papers.order_by("symposium__date", "title").values_list(
        "pk", "symposium__title", "title", "award"
    )
    sep = str(separator())
    return [
        (
            Area.TRIAL_QUALITY,
            (
                symposium,
                title,
                sep.join(name for name, _c in authors.get(pk, [])),
                sep.join(sorted({c for _n, c in authors.get(pk, [])})),
                "" if award == Paper.Award.NONE else str(awards.get(award, award)),
            ),
        )
        for pk, symposium, title, award in rows
    ]


def _find_symposia(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Symposium.objects.all(), q, ("title", "theme"), limit=limit, order=("-date", "-pk")
    )
    return total, [
        SearchHit(s.title, s.get_absolute_url(), text=s.theme, when=s.date) for s in rows
    ]


def _find_papers(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Paper.objects.select_related("symposium"),
        q,
        SEARCH_COLUMNS,
        limit=limit,
        order=("-pk",),
        indexed=True,
    )
    return total, [
        SearchHit(p.title, p.get_absolute_url(), text=p.abstract, detail=p.symposium.title)
        for p in rows
    ]


def _record_rows(viewer: Any, person: Any, year: int) -> list[tuple]:
    papers = Paper.objects.filter(symposium__year=year, authors=person).select_related("symposium")
    return [
        (p.symposium.date, p.symposium.title, p.title, p.get_award_display())
        for p in papers.order_by("symposium__date", "title")
    ]


def _record_counts(person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
    """Papers (co-)written for the year's symposia, per author."""
    through = Paper.authors.through.objects.filter(
        person__in=person_ids, paper__symposium__year=year
    )
    rows = through.values("person").annotate(n=Count("paper", distinct=True))
    return {r["person"]: (r["n"], None) for r in rows}


def _my_papers(user: Any) -> list[WaitingItem]:
    """The judge's latest papers, with their symposia and awards."""
    person = person_of(user)
    if person is None:
        return []
    papers = (
        Paper.objects.filter(authors=person)
        .select_related("symposium")
        .order_by("-symposium__date", "-pk")[:5]
    )
    return [
        WaitingItem(
            title=p.title,
            url=p.get_absolute_url(),
            detail=p.symposium.title
            + ("" if p.award == Paper.Award.NONE else f" · {p.get_award_display()}"),
            when=p.symposium.date,
        )
        for p in papers
    ]


def register() -> None:
    register_waiting(
        WaitingList("my-papers", _("My papers"), _my_papers, order=8, actionable=False)
    )
    register_record_part(
        RecordPart(
            "papers",
            _("Symposium papers"),
            (_("Date"), _("Symposium"), _("Title"), _("Award")),
            _record_rows,
            _record_counts,
            order=35,
        )
    )
    register_search_source(
        SearchSource("symposia", _("Academic symposia"), _find_symposia, order=35)
    )
    register_search_source(
        SearchSource(
            "papers",
            _("Symposium papers"),
            _find_papers,
            more=lambda q: reverse("symposia:paper-list") + "?" + urlencode({"q": q}),
            order=36,
        )
    )
    register_report_section(
        ReportSection(
            "papers",
            _("Symposium papers"),
            (_("Symposium"), _("Title"), _("Authors"), _("Courts"), _("Award")),
            _report_papers,
            order=30,
        )
    )
    register_figure(
        Figure(
            "papers", _("Symposium papers"), _papers, _papers_link, order=30, rows=TRIAL_QUALITY_ROW
        )
    )
    register_figure(
        Figure(
            "papers-awarded",
            _("Symposium papers awarded"),
            _awarded,
            _awarded_link,
            order=31,
            rows=TRIAL_QUALITY_ROW,
        )
    )
    register_nav(
        NavEntry(
            "symposia",
            _("Academic symposia"),
            "symposia:symposium-list",
            group=TRIAL_QUALITY,
            order=36,
        )
    )
