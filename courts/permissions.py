"""The single source of truth for "may this user read / change this object?".

Reading: every active, logged-in user reads the joint records of all three courts.
Writing: a court-scoped object (one with an ``owner_court_id``) may be changed by users of that
court who hold the required role, and by portal administrators; nobody else.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.models import AnonymousUser

from .choices import Role
from .models import Court, Person


class CourtScoped(Protocol):
    @property
    def owner_court_id(self) -> int | None: ...


def person_of(user) -> Person | None:
    """The user's staff profile with its court, fetched once per user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_portal_person"):
        user._portal_person = Person.objects.select_related("court").filter(user=user).first()
    return user._portal_person


def court_of(user) -> Court | None:
    person = person_of(user)
    return person.court if person else None


def roles_of(user) -> frozenset[str]:
    """The user's role codes, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._portal_roles = cached
    return cached


def has_role(user, role: Role | str) -> bool:
    return str(role) in roles_of(user) or is_portal_admin(user)


def is_portal_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or str(Role.ADMIN) in roles_of(user)


def can_read(user: AnonymousUser | object) -> bool:
    """Joint records are readable by every active, logged-in user."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_change(user, obj: CourtScoped, *, role: Role | str | None = None) -> bool:
    """May ``user`` change ``obj``? Own court (and the role, when given) or a portal admin."""
    if not can_read(user):
        return False
    if is_portal_admin(user):
        return True
    person = person_of(user)
    if person is None or obj.owner_court_id is None:
        return False
    if person.court_id != obj.owner_court_id:
        return False
    return role is None or str(role) in roles_of(user)


def can_change_cooperation_item(user, item) -> bool:
    return can_change(user, item, role=Role.PARTY_SECRETARY)
