"""What the symposia add to the shell: their entry in the trial-quality menu."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.registry import NavEntry, register_nav
from courts.choices import Area
from courts.figures import Counts, tally
from courts.registry import Figure, register_figure

from .models import Paper

# The same label as the case-study groups' entries: one dropdown for the area.
TRIAL_QUALITY = _("Trial quality")


def _papers(year: int, *, awarded: bool = False) -> Counts:
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


def _awarded(year: int) -> Counts:
    return _papers(year, awarded=True)


def _papers_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"year": str(year), **narrow}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("symposia:paper-list") + "?" + urlencode(query)


def _awarded_link(year: int, area: str, court_id: int | None) -> str:
    return _papers_link(year, area, court_id, awarded="true")


TRIAL_QUALITY_ROW = ((Area.TRIAL_QUALITY.value, Area.TRIAL_QUALITY.label),)


def register() -> None:
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
