"""The single source of truth for "may this user read / change this object?".

Reading: every active, logged-in user reads the joint records of all three courts.
Writing: a court-scoped object (one whose model names its ``owner_court_field``) may be changed
by users of that court who hold the required role, and by portal administrators; nobody else.
:func:`write_scope` states that rule once; :func:`can_change` (one object) and
:meth:`CourtScopedQuerySet.editable_by` (a queryset) are both built on it, so a page that lists
what a user may edit and a service that checks one object never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, cast

from django.apps import apps
from django.db import models

from core import generations
from core.types import Viewer

from .choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import CooperationItem, Court, Person

    User = AbstractBaseUser | AnonymousUser


class CourtScoped(Protocol):
    @property
    def owner_court_id(self) -> int | None: ...


VIEWER_SECONDS = 60


def _viewer(user: Viewer) -> tuple[Person | None, frozenset[str]]:
    """The user's staff profile (with its court) and role codes: kept on the user object for
    the request, and in the cache across requests until a table they were read from is written
    (a person, a court, a group membership: core.generations) — every page asked for both."""
    holder = cast(Any, user)  # the request's user object carries the answer for the request

    def compute() -> tuple[Person | None, frozenset[str]]:
        person_model = apps.get_model("courts", "Person")
        person = person_model.objects.select_related("court").filter(user=holder).first()
        return person, frozenset(holder.groups.values_list("name", flat=True))

    return generations.kept_on(
        holder, "_portal_viewer", f"viewer:{holder.pk}", compute, VIEWER_SECONDS
    )


def person_of(user: Viewer) -> Person | None:
    """The user's staff profile with its court."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _viewer(user)[0]


def display_name(user: Any) -> str:
    """How a user is named to people: their full name, else the username. (Also the user's
    ``str``: it reads the name without keeping the viewer's answer on the user object, which
    may be printed before its person or roles exist.)"""
    own = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    fallback = own or user.get_username()  # an account nobody in the directory: its own name
    known = getattr(user, "_portal_viewer", None)
    if known is not None:
        person = known[0][0]
        return person.full_name if person is not None else fallback
    if not getattr(user, "pk", None):
        return fallback
    name = (
        apps.get_model("courts", "Person")
        .objects.filter(user_id=user.pk)
        .values_list("full_name", flat=True)
        .first()
    )
    return name or fallback


def court_of(user: Viewer) -> Court | None:
    person = person_of(user)
    return person.court if person else None


def roles_of(user: Viewer) -> frozenset[str]:
    """The user's role codes (their groups)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return _viewer(user)[1]


def has_role(user: Viewer, role: Role | str) -> bool:
    """Does the user hold this role? Administrators hold only the roles they were given; what
    they may do beyond them comes from :func:`write_scope`, not from here."""
    return str(role) in roles_of(user)


def is_portal_admin(user: Viewer) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or str(Role.ADMIN) in roles_of(user)


def can_read(user: Viewer) -> bool:
    """Joint records are readable by every active, logged-in user."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@dataclass(frozen=True)
class Scope:
    """Which courts' objects a user may change in a role: all, one court, or none."""

    all_courts: bool = False
    court_id: int | None = None

    @property
    def empty(self) -> bool:
        return not self.all_courts and self.court_id is None

    def covers(self, court_id: int | None) -> bool:
        return self.all_courts or (court_id is not None and court_id == self.court_id)


def write_scope(user: Viewer, role: Role | str | None = Role.PARTY_SECRETARY) -> Scope:
    """THE rule: administrators change everything; a member of a court with ``role`` (any
    member when ``role`` is None) changes their own court's objects; nobody else anything."""
    if not can_read(user):
        return Scope()
    if is_portal_admin(user):
        return Scope(all_courts=True)
    person = person_of(user)
    if person is None or (role is not None and not has_role(user, role)):
        return Scope()
    return Scope(court_id=person.court_id)


def can_change(
    user: Viewer, obj: CourtScoped, *, role: Role | str | None = Role.PARTY_SECRETARY
) -> bool:
    """May ``user`` change ``obj``? Own court (with the role) or a portal admin."""
    return write_scope(user, role).covers(obj.owner_court_id)


def can_act_for_court(
    user: Viewer, court: Court | None, *, role: Role | str = Role.PARTY_SECRETARY
) -> bool:
    """May ``user`` create something owned by ``court`` (or by their own court when None)?"""
    scope = write_scope(user, role)
    if court is None:
        return not scope.empty
    return scope.covers(court.pk)


def courts_acted_for(user: Viewer, *, role: Role | str = Role.PARTY_SECRETARY) -> models.QuerySet:
    """The courts ``user`` may create things for with ``role`` — :func:`can_act_for_court` as a
    query, for the court pickers of forms (all courts for an administrator, else their own)."""
    scope = write_scope(user, role)
    courts = apps.get_model("courts", "Court").objects.order_by("sort_order")
    if scope.all_courts:
        return courts
    return courts.filter(pk=scope.court_id) if scope.court_id is not None else courts.none()


class CourtOwned(models.Model):
    """A model owned by one court: names the path to that court once (``owner_court_field``,
    e.g. ``"lead_court"`` or ``"person__court"``) for both objects and querysets."""

    owner_court_field: str = "court"

    class Meta:
        abstract = True

    @property
    def owner_court_id(self) -> int | None:
        *path, last = self.owner_court_field.split("__")
        obj: Any = self
        for step in path:
            obj = getattr(obj, step)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id")


class CourtScopedQuerySet(models.QuerySet):
    """``editable_by`` / ``visible_to`` from the same rule as :func:`can_change`."""

    def editable_by(self, user: Viewer, role: Role | str | None = Role.PARTY_SECRETARY) -> Self:
        scope = write_scope(user, role)
        if scope.all_courts:
            return self.all()
        if scope.court_id is None:
            return self.none()
        owner_court_field = cast(Any, self.model).owner_court_field  # declared by CourtOwned
        return self.filter(**{f"{owner_court_field}_id": scope.court_id})

    def visible_to(self, user: Viewer) -> models.QuerySet:
        return self.all() if can_read(user) else self.none()


# --- Cooperation items -----------------------------------------------------------------------


def can_read_court(user: Viewer, court: Any) -> bool:
    """A court's page: the three courts read one another's (joint records)."""
    return can_read(user)


def can_read_cooperation_item(user: Viewer, item: CooperationItem) -> bool:
    return can_read(user)


def can_create_cooperation_item(user: Viewer) -> bool:
    return can_act_for_court(user, None)


def can_edit_cooperation_item(user: Viewer, item: CooperationItem) -> bool:
    return can_change(user, item)


def can_move_cooperation_item(user: Viewer, item: CooperationItem) -> bool:
    """Moving an item to another lead court is for administrators."""
    return is_portal_admin(user)


# --- Targets -----------------------------------------------------------------------------------


def can_set_target(user: Viewer, court: Court | None = None) -> bool:
    """A court's secretaries set its yearly targets (``court`` None: for any court at all);
    administrators set every court's."""
    return can_act_for_court(user, court)


def can_change_target(user: Viewer, target: Any) -> bool:
    return can_change(user, target)


# --- A member's record --------------------------------------------------------------------------


def can_read_person_record(user: Viewer, person: Any) -> bool:
    """A member's record across the alliance is for the person themself, their own court's
    Party secretaries and administrators; another court's secretaries read the joint records,
    not another court's members' records."""
    own = person_of(user)
    if own is not None and own.pk == person.pk and can_read(user):
        return True
    return write_scope(user).covers(person.court_id)


def can_read_branch_record(user: Viewer, branch: Any) -> bool:
    return write_scope(user).covers(branch.court_id)
