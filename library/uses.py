"""Which records of the other apps may use a resource, and the rules that decide who reads and
who changes each — named, not imported (``core.access`` answers them): the library depends on
no feature app, and they on it not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.access import allowed
from core.types import Viewer


@dataclass(frozen=True)
class UsedBy:
    read: str  # the rule that reads the record
    edit: str  # the rule that changes it: who may add a resource to it or take one off


USED_BY = {
    "activities.activity": UsedBy("activities.read_activity", "activities.edit_activity"),
    "training.trainingsession": UsedBy("training.read_session", "training.edit_session"),
    "casegroups.casestudygroup": UsedBy("casegroups.read_group", "casegroups.edit_group"),
    "publicity.publicityitem": UsedBy("publicity.read_item", "publicity.edit_item"),
}


def token(obj: models.Model) -> str:
    """How a form names a record: ``"activities.activity:12"``."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def record_of(value: str) -> models.Model | None:
    """The record a form named (:func:`token`), or None for anything else."""
    label, _sep, pk = (value or "").partition(":")
    if label not in USED_BY or not pk.isdigit():
        return None
    model = apps.get_model(label)
    return model._default_manager.filter(pk=int(pk)).first()


def may_read(user: Viewer, obj: Any) -> bool:
    used_by = USED_BY.get(obj._meta.label_lower)
    return used_by is not None and allowed(used_by.read, user, obj)


def may_change(user: Viewer, obj: Any) -> bool:
    used_by = USED_BY.get(obj._meta.label_lower)
    return used_by is not None and allowed(used_by.edit, user, obj)


def content_type(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj)
