"""Portal-wide reads."""

from auditlog.models import LogEntry
from django.db.models import Model, QuerySet

HISTORY_LENGTH = 20


def history_for(obj: Model) -> QuerySet[LogEntry]:
    """The latest audit entries of one object, for the history panel (partials/history.html)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor__person", "content_type")[
        :HISTORY_LENGTH
    ]
