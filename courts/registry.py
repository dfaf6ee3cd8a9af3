"""Contribution points of the alliance's domain: what feature apps add to pages about the
agreement itself — a section on each of the six area pages, and the records a publicity draft may
start from. Registered in ``AppConfig.ready()`` like the kernel's (``core/registry.py``), keyed so
that a module imported twice registers once."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import generations

from .choices import Area


# --- Sections of the area pages ------------------------------------------------------------
@dataclass(frozen=True)
class AreaSection:
    key: str
    label: Any
    template: str  # a partial rendered with ``context`` as ``section`` and ``area``
    context: Callable[[str, Any], dict | None]  # (area code, user) → context, None to skip
    order: int = 100
    # The section is the same for every viewer: it is then kept rendered per area, language and
    # day until a table its rendering read is written (core.generations).
    shared: bool = False

    def html(self, area: str, user: Any) -> str | None:
        """The section's HTML for ``user`` (None to skip it)."""

        def render() -> str | None:
            context = self.context(area, user)
            if context is None:
                return None
            return render_to_string(self.template, {"section": context, "area": area})

        if not self.shared:
            return render()
        key = f"area-section:{self.key}:{area}:{translation.get_language()}:{timezone.localdate()}"
        return generations.kept(key, render, 600, local=True)


_area_sections: dict[str, AreaSection] = {}


def register_area_section(section: AreaSection) -> None:
    _area_sections[section.key] = section


def area_sections(area: str, user: Any) -> list[tuple[AreaSection, str]]:
    """The area page's sections with their HTML, in order."""
    sections = sorted(_area_sections.values(), key=lambda s: (s.order, s.key))
    return [(s, html) for s in sections if (html := s.html(area, user)) is not None]


# --- Stories: records a publicity draft can start from -----------------------------------------
@dataclass(frozen=True)
class StoryStart:
    """What a publicity draft takes from the record it reports on."""

    title: str
    summary: str
    body: str
    area: str
    court_ids: tuple[int, ...]
    url: str  # the record's page
    date: datetime.date | None = None
    photos: tuple[tuple[str, bytes], ...] = ()  # (file name, content) of images to carry over


@dataclass(frozen=True)
class StorySource:
    """A kind of record a publicity draft may start from (a joint activity, a concluded public
    case, a training session): ``start(user, pk)`` → what the draft takes, or None when the
    record does not exist, may not be read by ``user`` or may not be written about (yet)."""

    key: str  # "activity", "case", "training"
    label: Any
    start: Callable[[Any, int], StoryStart | None]


_story_sources: dict[str, StorySource] = {}


def register_story_source(source: StorySource) -> None:
    _story_sources[source.key] = source


def story_source(key: str) -> StorySource | None:
    return _story_sources.get(key)


# --- Figures: what the agreement produced, on the dashboard ------------------------------------
@dataclass(frozen=True)
class Figure:
    """One measure of what the agreement produced, contributed by the app that records it.

    ``counts(year, today)`` answers ``{(area, court_id, month): n}`` — each court that took
    part counts the record once, and ``(area, None, month)`` counts it once for the alliance
    — from a bounded number of aggregate queries (``courts.figures.tally``), never rows
    loaded into Python. ``link(year, area, court_id)`` is the filtered list those rows are,
    so that a leader can check a figure; ``today`` is the day counted for (what is overdue),
    given so that counting reads no clock and is kept for the day. A figure with ``of`` is a
    share: ``of(year, today)`` counts the whole the figure is part of (held of planned, done
    of due), in the same shape. Its rows are ``rows`` — choices whose codes stand where the
    area does in the counts (an activity's kind), or some of the areas (training is the
    talent area's only) — every area when empty, under ``row_label``."""

    key: str
    label: Any
    counts: Callable[[int, datetime.date], dict[tuple[str, int | None, int], int]]
    link: Callable[[int, str, int | None], str]
    order: int = 100
    of: Callable[[int, datetime.date], dict[tuple[str, int | None, int], int]] | None = None
    rows: tuple[tuple[str, Any], ...] = ()
    row_label: Any = None


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    _figures[figure.key] = figure


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def figure(key: str) -> Figure | None:
    return _figures.get(key)


def figure_rows(figure: Figure) -> tuple[tuple[str, Any], ...]:
    """The rows a figure has: its own, or every area."""
    return figure.rows or tuple(Area.choices)


# --- Sections of the annual report ---------------------------------------------------------------
@dataclass(frozen=True)
class ReportSection:
    """A table of the annual report contributed by the app that records it: the activities
    completed, the good practices published, the training held, the cooperation items' status.

    ``rows(year, court_id, per_area, today)`` answers the rows of ``year`` (those ``court_id``
    took part in, when given), each ``(area, values)`` with a value per header — text,
    numbers, dates — from one query, the first ``per_area`` of each area (all when None: the
    workbook and the Word document), as they stand on ``today``; only joint records, which
    every member of staff reads."""

    key: str
    label: Any
    headers: tuple[Any, ...]
    rows: Callable[[int, int | None, int | None, datetime.date], list[tuple[str, tuple[Any, ...]]]]
    order: int = 100


_report_sections: dict[str, ReportSection] = {}


def register_report_section(section: ReportSection) -> None:
    _report_sections[section.key] = section


def report_sections() -> list[ReportSection]:
    return sorted(_report_sections.values(), key=lambda s: (s.order, s.key))


# --- A member's record across the alliance (党员队伍共管) ---------------------------------------
@dataclass(frozen=True)
class RecordPart:
    """One part of a person's record, contributed by the app that keeps it: the activities
    they were invited to, their training, their cases and reviews, papers, items written.

    ``rows(viewer, person, year)`` gives the part's rows for the person page (a value per
    header; ``viewer`` for a part whose rows have a visibility of their own, like a group-only
    case); ``counts(person_ids, year)`` gives ``{person_id: (n, whole or None)}`` for a branch's
    members from aggregate queries (attended of invited, completed of enrolled)."""

    key: str
    label: Any
    headers: tuple[Any, ...]
    rows: Callable[[Any, Any, int], list[tuple[Any, ...]]]
    counts: Callable[[list[int], int], dict[int, tuple[int, int | None]]]
    order: int = 100
    # What of the viewer the rows depend on, for keeping them: by default nothing (staff who
    # may open the record read all of it); a part with a rule of its own names what decides it.
    viewer: Callable[[Any], str] = lambda viewer: "staff"

    def kept_rows(self, viewer: Any, person: Any, year: int) -> list[tuple[Any, ...]]:
        """``rows``, kept per person, year, language, day and what of the viewer decides them
        until a table they were read from is written (core.generations)."""
        key = (
            f"record-rows:{self.key}:{person.pk}:{year}:{translation.get_language()}:"
            f"{timezone.localdate()}:{self.viewer(viewer)}"
        )
        return generations.kept(key, lambda: self.rows(viewer, person, year), 600, local=True)

    def kept_counts(self, person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
        """``counts``, kept per the people (a digest of their ids), year and day."""
        digest = hashlib.blake2b(",".join(map(str, person_ids)).encode(), digest_size=12)
        key = f"record-counts:{self.key}:{digest.hexdigest()}:{year}:{timezone.localdate()}"
        return generations.kept(key, lambda: self.counts(person_ids, year), 600, local=True)


_record_parts: dict[str, RecordPart] = {}


def register_record_part(part: RecordPart) -> None:
    _record_parts[part.key] = part


def record_parts() -> list[RecordPart]:
    return sorted(_record_parts.values(), key=lambda p: (p.order, p.key))
