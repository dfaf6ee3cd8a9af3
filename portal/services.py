"""Portal-wide writes: task heartbeats and the audit-trail retention."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .checks import MIN_AUDIT_RETENTION_DAYS
from .models import TaskHeartbeat


def record_heartbeat(*, name: str, now: datetime.datetime | None = None) -> TaskHeartbeat:
    heartbeat, _created = TaskHeartbeat.objects.update_or_create(
        name=name, defaults={"last_run": now or timezone.now()}
    )
    return heartbeat


@transaction.atomic
def purge_old_audit_entries(*, now: datetime.datetime | None = None) -> int:
    """Delete audit entries older than the retention period (never less than 180 days)."""
    days = max(settings.AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _per_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
