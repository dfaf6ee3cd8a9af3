"""Contribution points: what feature apps add to the shell, registered in ``AppConfig.ready()``.

The kernel and the shell never import a feature app; each app registers here instead, so that
adding an app means adding its folder and its registrations. Registrations are keyed, so a
module imported twice (tests, autoreload) registers once.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from django.db import models
from django.utils import translation

from . import generations


# --- Reminder targets ----------------------------------------------------------------------
@runtime_checkable
class ReminderTarget(Protocol):
    """A model whose rows reminders point at (a meeting, a cooperation item, an action item…)."""

    def reminder_still_wanted(self, reminder: Any) -> bool:
        """Asked just before sending: False withdraws the reminder."""

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        """Files for the e-mail: (name, content, MIME type), e.g. the meeting's .ics."""


_reminder_targets: dict[str, type[models.Model]] = {}


def register_reminder_target(model: type[models.Model]) -> None:
    missing = [
        name
        for name in ("reminder_still_wanted", "reminder_attachments")
        if not hasattr(model, name)
    ]
    if missing:
        raise TypeError(f"{model.__name__} is no reminder target: it lacks {missing}")
    _reminder_targets[model._meta.label_lower] = model


def reminder_target(label: str) -> type[models.Model] | None:
    return _reminder_targets.get(label)


def reminder_target_models() -> list[type[models.Model]]:
    return list(_reminder_targets.values())


# --- Calendar events -----------------------------------------------------------------------
@dataclass(frozen=True)
class CalendarEvent:
    """What the calendar page, the .ics downloads and the private feeds show of anything dated."""

    uid: str
    title: str
    start: datetime.datetime
    end: datetime.datetime
    url: str
    place: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    kind: str = ""
    court_labels: tuple[str, ...] = ()
    cancelled: bool = False
    sequence: int = 0
    ics_url: str = ""


@dataclass(frozen=True)
class CalendarSource:
    """``events(start=, end=, court=, kind=, person=, per_day=, limit=)`` → events starting in
    [start, end) in time order; ``court`` and ``kind`` filter, ``person`` keeps what concerns
    that person (their feed), ``per_day`` keeps the first N of each local day (the month grid)
    and ``limit`` the first N in all (a page of the list). ``day_counts(start=, end=, court=,
    kind=)`` → {local date: events starting that day}, for "N more" and the list's pages.
    What they read is recorded where they are kept (core.generations)."""

    key: str
    kinds: Callable[[], list[tuple[str, str]]]
    events: Callable[..., Iterable[CalendarEvent]]
    day_counts: Callable[..., dict[datetime.date, int]]
    models: tuple[type[models.Model], ...] = ()


def rows_calendar_source(
    *,
    key: str,
    kinds: Callable[[], list[tuple[str, str]]],
    rows: Callable[..., Any],
    event: Callable[[Any, Any], CalendarEvent],
    start_field: str = "start",
) -> CalendarSource:
    """A calendar source over one model: ``rows(start, end, court, kind, person)`` gives the
    rows starting in [start, end) in time order (a queryset), ``event(row, person)`` one row as
    an event (``person`` set in a person's own feed). The grid's "N a day", the list's limit and
    the day counts are worked out here once for every such source."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    def events(
        *,
        start: datetime.datetime,
        end: datetime.datetime,
        court: Any = None,
        kind: str | None = None,
        person: Any = None,
        per_day: int | None = None,
        limit: int | None = None,
    ) -> list[CalendarEvent]:
        found = rows(start, end, court, kind, person)
        if limit is not None:
            found = found[:limit]
        shown: dict[datetime.date, int] = {}
        out = []
        for row in found:
            day = timezone.localdate(getattr(row, start_field))
            shown[day] = shown.get(day, 0) + 1
            if per_day and shown[day] > per_day:
                continue
            out.append(event(row, person))
        return out

    def day_counts(
        *,
        start: datetime.datetime,
        end: datetime.datetime,
        court: Any = None,
        kind: str | None = None,
        person: Any = None,
    ) -> dict:
        counted = (
            rows(start, end, court, kind, person)
            .order_by()
            .annotate(day=TruncDate(start_field, tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(n=Count("pk"))
        )
        return {row["day"]: row["n"] for row in counted}

    return CalendarSource(key=key, kinds=kinds, events=events, day_counts=day_counts)


_calendar_sources: dict[str, CalendarSource] = {}


def register_calendar_source(source: CalendarSource) -> None:
    _calendar_sources[source.key] = source


def calendar_sources() -> list[CalendarSource]:
    return list(_calendar_sources.values())


# --- Navigation ----------------------------------------------------------------------------
@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any  # a lazy translation
    url_name: str
    group: Any = None  # entries with the same group label form one dropdown
    order: int = 100
    visible: Callable[[Any], bool] = field(default=lambda user: True)


_nav: dict[str, NavEntry] = {}


def register_nav(entry: NavEntry) -> None:
    _nav[entry.key] = entry


def nav_entries(user: Any) -> list[NavEntry]:
    return sorted((e for e in _nav.values() if e.visible(user)), key=lambda e: (e.order, e.key))


# --- "Waiting for me" on the home page -----------------------------------------------------
@dataclass(frozen=True)
class WaitingItem:
    title: str
    url: str
    detail: str = ""
    when: datetime.datetime | datetime.date | None = None


@dataclass(frozen=True)
class WaitingList:
    key: str
    label: Any
    items: Callable[[Any], list[WaitingItem]]  # user → the things waiting for them
    order: int = 100
    actionable: bool = True  # counts in the menu's "to do" badge (coming activities do not)


_waiting: dict[str, WaitingList] = {}


def register_waiting(source: WaitingList) -> None:
    _waiting[source.key] = source


WAITING_SECONDS = 60


def _waiting_key(user_id: int, language: str | None) -> str:
    return f"waiting:{user_id}:{language}"


def waiting_for(user: Any) -> list[tuple[WaitingList, list[WaitingItem]]]:
    """The non-empty "waiting for me" lists of ``user``, in order. Computed once per user and
    language and kept until a table they read is written (a minute at most, and to the end of
    the minute when they read the clock): the home page asked every app on every view, and the
    menu badge counts the same lists."""
    from django.utils import translation

    lists = sorted(_waiting.values(), key=lambda w: (w.order, w.key))
    found = generations.kept(
        _waiting_key(user.pk, translation.get_language()),
        lambda: {w.key: items for w in lists if (items := w.items(user))},
        WAITING_SECONDS,
    )
    return [(w, found[w.key]) for w in lists if w.key in found]


def to_do_count(user: Any) -> int:
    """How many actionable things wait for ``user`` (the menu badge): the same lists as the
    home page shows, from the same cache."""
    return sum(len(items) for w, items in waiting_for(user) if w.actionable)


def read_ahead_for(user: Any) -> None:
    """The page shell's per-user answers (the unread badge, what waits), read in the same round
    trip as the request's generations (core.generations.read_ahead)."""
    from django.utils import translation

    generations.read_ahead(unread_key(user.pk), _waiting_key(user.pk, translation.get_language()))


def unread_key(user_id: int) -> str:
    return f"unread:{user_id}"


# --- Who reads notices by e-mail ---------------------------------------------------------------
# The kernel does not know courts; the courts app registers the policy (the person's court sends
# e-mail, and the user has an address). Without a policy, nobody is e-mailed.

_email_policy: list[Callable[[Any], bool]] = []


def register_email_policy(policy: Callable[[Any], bool]) -> None:
    _email_policy[:] = [policy]


def wants_email(user: Any) -> bool:
    return bool(_email_policy) and bool(getattr(user, "email", "")) and _email_policy[0](user)


# --- The header's search box -------------------------------------------------------------------
@dataclass(frozen=True)
class SearchHit:
    """One record found: its title, page, the text a snippet is cut from, when and what else."""

    title: str
    url: str
    text: str = ""
    when: datetime.datetime | datetime.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class SearchSource:
    """A kind of record the search box finds. ``find(user, q, limit)`` answers ``(total, the
    first hits)`` — the records ``user`` may read only, by that kind's own visibility rule, so
    that neither a hit nor the total tells of a record the user may not read; newest first.
    ``more(q)`` is the kind's own list filtered by the words, if it has one."""

    key: str
    label: Any
    find: Callable[[Any, str, int], tuple[int, list[SearchHit]]]
    more: Callable[[str], str | None] = lambda q: None
    order: int = 100
    # What of the viewer the answer depends on, for keeping it: by default nothing but being a
    # member of staff (every kind whose rule is "staff read it"); a kind with a rule of its own
    # names what decides it (the groups whose cases the viewer reads).
    viewer: Callable[[Any], str] = lambda user: "staff"

    def kept_find(self, user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
        """``find``, kept per words, limit and what of the viewer decides it until a table it
        read is written (core.generations)."""
        digest = hashlib.blake2b(f"{q}|{limit}|{self.viewer(user)}".encode(), digest_size=16)
        key = f"search:{self.key}:{translation.get_language()}:{digest.hexdigest()}"
        return generations.kept(key, lambda: self.find(user, q, limit), 600, local=True)


_search_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _search_sources[source.key] = source


def search_sources() -> list[SearchSource]:
    return sorted(_search_sources.values(), key=lambda s: (s.order, s.key))


# --- The public pages' Atom feed --------------------------------------------------------------
@dataclass(frozen=True)
class PublicEntry:
    """One entry of the public feed: what any visitor may read, with its public address."""

    title: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime
    summary: str
    author: str  # a court, never a member of staff
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublicSource:
    """A kind of public record the feed carries (published items, public resources):
    ``entries(n)`` gives its newest ``n``, public ones only."""

    key: str
    entries: Callable[[int], list[PublicEntry]]


_public_sources: dict[str, PublicSource] = {}


def register_public_source(source: PublicSource) -> None:
    _public_sources[source.key] = source


def public_entries(n: int) -> list[PublicEntry]:
    """The newest ``n`` entries of every source together, newest first."""
    entries = [e for source in _public_sources.values() for e in source.entries(n)]
    return sorted(entries, key=lambda e: e.published, reverse=True)[:n]


# --- Panels on other apps' pages ----------------------------------------------------------------
@dataclass(frozen=True)
class ObjectPanel:
    """A section an app adds to the page of another app's object (the library's resources on
    an activity's page), without either importing the other: the page's template asks
    ``{% object_panels obj %}``. ``html(request, obj)`` gives the section's HTML for the viewer,
    None to show nothing; ``models`` are the labels of the models it is for
    (``"activities.activity"``)."""

    key: str
    models: tuple[str, ...]
    html: Callable[[Any, Any], str | None]
    order: int = 100


_object_panels: dict[str, ObjectPanel] = {}


def register_object_panel(panel: ObjectPanel) -> None:
    _object_panels[panel.key] = panel


def object_panels(request: Any, obj: models.Model) -> list[str]:
    """The HTML of every panel for ``obj``'s model, in order."""
    label = obj._meta.label_lower
    panels = sorted(
        (p for p in _object_panels.values() if label in p.models), key=lambda p: (p.order, p.key)
    )
    return [html for p in panels if (html := p.html(request, obj))]
