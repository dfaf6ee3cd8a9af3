"""When an action may happen: each action's time window, asked by its service (which refuses
outside it) and by its page (which says why before the tap instead of offering the button).

An app declares its windows as functions ``window_<action>(obj) -> Window`` in its
``windows.py`` and registers the module (``register_windows("activities", windows)`` in
``AppConfig.ready``); a service calls ``require_open(window)``; a template asks
``{% window "activities.complete" activity as not_yet %}`` (the reason, "" when open).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class Window:
    """From ``opens`` (inclusive) to ``closes`` (inclusive); None leaves that side open. The
    messages take ``%(when)s``, the moment in the reader's language."""

    opens: datetime.datetime | None = None
    closes: datetime.datetime | None = None
    too_early: str | Promise = ""
    too_late: str | Promise = ""

    def refusal(self, now: datetime.datetime | None = None) -> str:
        """Why the action cannot happen at ``now`` ("" when it can)."""
        now = now or timezone.now()
        if self.opens is not None and now < self.opens:
            return str(self.too_early) % {"when": _when(self.opens)}
        if self.closes is not None and now > self.closes:
            return str(self.too_late) % {"when": _when(self.closes)}
        return ""

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        return not self.refusal(now)


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def require_open(window: Window, *, now: datetime.datetime | None = None, field: str = "") -> None:
    """In a service: refuse with the window's message when ``now`` is outside it."""
    refusal = window.refusal(now)
    if refusal:
        raise ValidationError({field: refusal} if field else refusal, code="window")


_windows: dict[str, Callable[[Any], Window]] = {}


def register_windows(app_label: str, module: ModuleType) -> None:
    for name, value in vars(module).items():
        if name.startswith("window_") and callable(value):
            _windows[f"{app_label}.{name.removeprefix('window_')}"] = value


def window(name: str, obj: Any) -> Window:
    try:
        return _windows[name](obj)
    except KeyError:
        raise LookupError(f"No window {name!r}; known: {sorted(_windows)}") from None


@contextlib.contextmanager
def recorded_on(day: datetime.date | datetime.datetime, hour: int = 10) -> Iterator[None]:
    """For seeding (the demo): the clock at ``day`` (``hour`` o'clock in the portal's time zone,
    or the moment itself) while the services record something, so that its history, notices
    and reminders bear the record's own date. Never later than now."""
    import time_machine

    if isinstance(day, datetime.datetime):
        moment = day
    else:
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
    moment = min(moment, timezone.now())
    with time_machine.travel(moment, tick=False):
        yield


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in the portal's time zone: compared with a moment column,
    a range the column's index serves (a date cast of every row does not)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
