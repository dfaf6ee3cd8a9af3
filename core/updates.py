"""The one update idiom (HackSoft's ``model_update``): set what changed, validate, save only those
fields, and tell the caller which fields actually changed so that follow-up work (re-plan
reminders, notify, detach from a series) reacts to real changes, not to what a form sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.db import models


def model_update(
    *, instance: models.Model, fields: Iterable[str], data: Mapping[str, Any]
) -> set[str]:
    """Apply ``data`` to ``instance`` for the allowed ``fields``; return the changed ones.

    A key of ``data`` outside ``fields`` is a programming error (ValueError). Many-to-many fields
    are compared as sets of primary keys and set after the save. Nothing is written when nothing
    changed; otherwise the instance is validated with ``full_clean`` first."""
    allowed = set(fields)
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Not updatable on {type(instance).__name__}: {sorted(unknown)}")
    changed: set[str] = set()
    m2m: dict[str, list] = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            current = set(getattr(instance, name).values_list("pk", flat=True))
            wanted = list(value)
            if current != {obj.pk for obj in wanted}:
                m2m[name] = wanted
                changed.add(name)
        elif getattr(instance, cast(Any, field).attname if field.is_relation else name) != (
            value.pk if field.is_relation and isinstance(value, models.Model) else value
        ):
            setattr(instance, name, value)
            changed.add(name)
    plain = changed - set(m2m)
    if plain:
        instance.full_clean()
        update_fields = set(plain)
        for field in instance._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                update_fields.add(field.name)
        instance.save(update_fields=sorted(update_fields))
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    return changed


def new_calendar_revision(instance: Any) -> None:
    """The event moved or changed its words: its iCal SEQUENCE rises by one, so that calendars
    holding a copy replace it (call it under the actor, after the change itself)."""
    model_update(
        instance=instance,
        fields=["ical_sequence"],
        data={"ical_sequence": instance.ical_sequence + 1},
    )
