"""Portal-wide reads."""

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet

from .types import Actor

HISTORY_LENGTH = 20


def history_for(obj: Model) -> QuerySet[LogEntry]:
    """The latest audit entries of one object, for the history panel (partials/history.html)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor__person", "content_type")[
        :HISTORY_LENGTH
    ]


def history_html(obj: Model) -> str:
    """The history panel of one object (partials/history.html), kept rendered per language
    until an audit entry is written or a person or user it names changes."""
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.utils import translation

    from . import generations

    person_model = get_user_model()._meta.get_field("person").related_model
    key = f"history:{obj._meta.label_lower}:{obj.pk}:{translation.get_language()}"
    return generations.kept(
        key,
        (LogEntry, get_user_model(), person_model),
        lambda: render_to_string("partials/history.html", {"history": list(history_for(obj))}),
        600,
        local=True,
    )


UNREAD_SECONDS = 300


def unread_count(user: Actor) -> int:
    """The header's unread badge, kept per user until a notice arrives or is read
    (``registry.forget_what_waits``), five minutes at most."""
    from . import generations
    from .models import Notification
    from .registry import unread_key

    key = unread_key(user.pk)
    count = generations.peek(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        generations.put(key, count, UNREAD_SECONDS)
    return count
