"""Portal-wide reads."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from . import generations
from .access import hidden_fields
from .lists import separator
from .models import Notification, TaskHeartbeat
from .registry import unread_key
from .types import Actor, Viewer

HISTORY_LENGTH = 20


def _verbose_name(entry: LogEntry, field: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return field


def audit_changes(
    entry: LogEntry, hidden: frozenset[str] = frozenset()
) -> list[tuple[str, str, str]]:
    """(field, before, after) rows of an update entry, without the ``hidden`` fields; a
    creation lists nothing."""
    if entry.action != LogEntry.Action.UPDATE:
        return []
    rows = []
    raw = {field: values for field, values in entry.changes_dict.items() if field not in hidden}
    hidden_labels = {*hidden, *(_verbose_name(entry, field) for field in hidden)}
    display = {
        label: values
        for label, values in entry.changes_display_dict.items()
        if str(label) not in hidden_labels
    }
    for field, values in raw.items():
        if isinstance(values, dict) and values.get("type") == "m2m":
            label = _verbose_name(entry, field)

            objects = separator().join(values.get("objects", []))
            change = (
                _("added: %(objects)s")
                if values.get("operation") == "add"
                else _("removed: %(objects)s")
            )
            rows.append((label, "", change % {"objects": objects}))
    for label, values in display.items():
        if isinstance(values, dict):
            continue
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        words = {"True": _("Yes"), "False": _("No")}  # a yes/no field in words
        before, after = ("" if v in (None, "None") else str(words.get(v, v)) for v in values)
        rows.append((label, before, after))
    return rows


def history_for(obj: Model) -> QuerySet[LogEntry]:
    """The latest audit entries of one object, for the history panel (partials/history.html)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor__person", "content_type")[
        :HISTORY_LENGTH
    ]


def history_html(obj: Model, *, user: Viewer) -> str:
    """The history panel of one object (partials/history.html) as ``user`` may read it: the
    changes of fields the object's rule hides from them (``core.access.hidden_fields``) are
    left out, and an entry with nothing left is not shown. Kept rendered per language and
    hidden set until a table its rendering read is written."""
    from django.template.loader import render_to_string
    from django.utils import translation

    hidden = hidden_fields(user, obj)

    def render() -> str:
        shown = []
        for entry in history_for(obj):
            rows = audit_changes(entry, hidden)
            if hidden and entry.action == LogEntry.Action.UPDATE and not rows:
                continue
            shown.append((entry, rows))
        return render_to_string("partials/history.html", {"history": shown})

    key = (
        f"history:{obj._meta.label_lower}:{obj.pk}:{translation.get_language()}"
        f":{','.join(sorted(hidden))}"
    )
    return generations.kept(key, render, 600, local=True)


UNREAD_SECONDS = 300


def unread_count(user: Actor) -> int:
    """The header's unread badge, kept per user until a notice is written (five minutes at
    most); read in the same round trip as the request's generations (read ahead)."""

    return generations.kept(
        unread_key(user.pk),
        lambda: Notification.objects.for_user(user).unread().count(),
        UNREAD_SECONDS,
    )


# Beat records a heartbeat every minute through the worker (core.tasks.record_heartbeat): older
# than this, the worker or beat has stopped and no reminder is going out.
HEARTBEAT_STALE = datetime.timedelta(minutes=3)


@dataclass(frozen=True)
class WorkerState:
    """Whether the background tasks (reminders, retries, sweeps) are running, from the last
    heartbeat: ``last_run`` None when they never ran."""

    last_run: datetime.datetime | None
    stopped: bool

    @property
    def words(self) -> str:
        return "never ran" if self.last_run is None else "stopped" if self.stopped else "running"


def worker_state(now: datetime.datetime | None = None) -> WorkerState:
    from django.utils import timezone

    last = TaskHeartbeat.objects.filter(name="beat").values_list("last_run", flat=True).first()
    now = now or timezone.now()
    return WorkerState(last_run=last, stopped=last is None or now - last > HEARTBEAT_STALE)
