"""Roles as Django groups, with the model permissions each one holds in Django admin.

The groups are (re)created after every ``migrate`` so that a fresh database always has them.
Object-level rules (own court only) live in ``courts.permissions``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

from .choices import Role

# App labels whose every permission a portal administrator holds.
ADMIN_APPS = ["courts", "activities", "casegroups", "training", "publicity", "django_celery_beat"]
ADMIN_EXTRA = [
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "auth.view_group",
    "auditlog.view_logentry",
]
READ_ALL = [
    "activities.view_activity",
    "activities.view_rededucationbase",
    "courts.view_court",
    "courts.view_partybranch",
    "courts.view_person",
    "courts.view_cooperationitem",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PARTY_SECRETARY: READ_ALL
    + ["courts.add_cooperationitem", "courts.change_cooperationitem"],
    Role.JUDGE: READ_ALL,
    Role.TRAINING_COORDINATOR: READ_ALL,
    Role.PUBLICITY_REVIEWER: READ_ALL,
    Role.ADMIN: ADMIN_EXTRA,
}


def _permissions(codes: list[str]) -> QuerySet[Permission]:
    query = Q(pk__in=[])
    for code in codes:
        app_label, codename = code.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_role_groups(**_kwargs: Any) -> None:
    """Create the role groups and give each exactly its permissions. Safe to run repeatedly."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        permissions = list(_permissions(ROLE_PERMISSIONS[role]))
        if role == Role.ADMIN:
            permissions += list(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
        group.permissions.set(permissions)


def group_label(group: Group) -> str:
    """A role group by its name in the reader's language (党组织书记, not party_secretary);
    any other group by its own name."""
    try:
        return str(Role(group.name).label)
    except ValueError:
        return group.name


def show_role_groups_by_label() -> None:
    """Every place that shows a group — the admin's user form and its filters, history — shows
    the role's label: Group's ``__str__`` is the one place they all ask."""
    Group.__str__ = group_label  # type: ignore[method-assign,assignment]
