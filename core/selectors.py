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
    until a table its rendering read is written (an audit entry, a person or user it names)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from . import generations

    key = f"history:{obj._meta.label_lower}:{obj.pk}:{translation.get_language()}"
    return generations.kept(
        key,
        lambda: render_to_string("partials/history.html", {"history": list(history_for(obj))}),
        600,
        local=True,
    )


UNREAD_SECONDS = 300


def unread_count(user: Actor) -> int:
    """The header's unread badge, kept per user until a notice is written (five minutes at
    most); read in the same round trip as the request's generations (read ahead)."""
    from . import generations
    from .models import Notification
    from .registry import unread_key

    return generations.kept(
        unread_key(user.pk),
        lambda: Notification.objects.for_user(user).unread().count(),
        UNREAD_SECONDS,
    )
