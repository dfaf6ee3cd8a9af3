"""Audit entries for bulk writes, which django-auditlog's signals do not see.

``bulk_create`` and ``QuerySet.update`` send no ``post_save``; the services that use them call
these helpers so that every write, bulk ones included, leaves one entry per row with who and
what, in the same tables and the same history panel as every other change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from auditlog.cid import get_cid
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import smart_str

from .types import Actor


def _entry(obj: models.Model, *, action: int, changes: dict, by: Actor | None) -> LogEntry:
    return LogEntry(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=smart_str(obj)[:1000],
        action=action,
        changes=changes,
        actor=by if getattr(by, "pk", None) else None,
        cid=get_cid(),
    )


def log_created(objs: Sequence[models.Model], *, by: Actor | None) -> int:
    """One "created" entry per row that ``bulk_create`` wrote (rows must have their pk)."""
    entries = [
        _entry(
            obj, action=LogEntry.Action.CREATE, changes=model_instance_diff(None, obj) or {}, by=by
        )
        for obj in objs
    ]
    LogEntry.objects.bulk_create(entries)
    return len(entries)


def bulk_create(
    model: type[models.Model], objs: Iterable[models.Model], *, by: Actor | None
) -> list:
    """``bulk_create`` and its audit entries in one step."""
    created = model._default_manager.bulk_create(list(objs))
    log_created(created, by=by)
    return created


def bulk_update(queryset: models.QuerySet, *, by: Actor | None, **values: Any) -> int:
    """``queryset.update(**values)`` and one audit entry per row that changes."""
    rows = list(queryset)
    changes_per_row = []
    for row in rows:
        changes = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
        if changes:
            changes_per_row.append((row, changes))
    if not changes_per_row:
        return 0
    queryset.model.objects.filter(pk__in=[row.pk for row, _c in changes_per_row]).update(**values)
    LogEntry.objects.bulk_create(
        _entry(
            row,
            action=LogEntry.Action.UPDATE,
            changes={k: [smart_str(old), smart_str(new)] for k, (old, new) in changes.items()},
            by=by,
        )
        for row, changes in changes_per_row
    )
    return len(changes_per_row)
