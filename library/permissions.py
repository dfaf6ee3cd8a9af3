"""Who may do what in the resource library: one rule per question, asked by the pages, the
templates (``{% can "library.edit_resource" resource %}``) and the services alike.

- Who reads a resource is ``ResourceQuerySet.visible_to`` (the one visibility rule): every court's
  staff read what is shared with the three courts and their own court's; visitors the public
  ones; administrators everything. :func:`can_read_resource` is the same rule for one row.
- A court's Party secretaries and training coordinators share their court's materials, edit
  them and upload new versions; administrators any court's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from core.types import Viewer
from courts.choices import Role
from courts.permissions import can_read, court_of, is_portal_admin, write_scope

if TYPE_CHECKING:
    from courts.models import Court

    from .models import Resource

SHARERS = (Role.PARTY_SECRETARY, Role.TRAINING_COORDINATOR)


@dataclass(frozen=True)
class ResourceReader:
    """Which resources one viewer reads: the one rule, as data. The queryset
    (``ResourceQuerySet.visible_to``), a single resource (:func:`can_read_resource`) and the keys
    of kept answers (:attr:`key`) all ask it, so they cannot disagree.

    Administrators read every resource; staff the public ones, those shared with the three
    courts and their own court's; a visitor the public ones."""

    everything: bool
    staff: bool
    court_id: int | None

    def reads(self, *, visibility: str, court_id: int | None) -> bool:
        if self.everything or visibility == "public":
            return True
        return self.staff and (visibility == "alliance" or court_id == self.court_id)

    def as_q(self) -> Q:
        if self.everything:
            return Q()
        if not self.staff:
            return Q(visibility="public")
        return ~Q(visibility="court") | Q(court_id=self.court_id)

    @property
    def key(self) -> str:
        """What decides the answer, for keeping it."""
        if self.everything:
            return "all"
        return f"court:{self.court_id}" if self.staff else "public"


def resource_reader(user: Viewer) -> ResourceReader:
    if is_portal_admin(user):
        return ResourceReader(everything=True, staff=True, court_id=None)
    staff = can_read(user)
    court = court_of(user) if staff else None
    return ResourceReader(everything=False, staff=staff, court_id=court.pk if court else None)


def can_read_resource(user: Viewer, resource: Resource) -> bool:
    return resource_reader(user).reads(visibility=resource.visibility, court_id=resource.court_id)


def sharing_courts(user: Viewer) -> set[int] | None:
    """The courts ``user`` shares materials for: None for every court (an administrator)."""
    courts: set[int] = set()
    for role in SHARERS:
        scope = write_scope(user, role)
        if scope.all_courts:
            return None
        if scope.court_id is not None:
            courts.add(scope.court_id)
    return courts


def can_share_resource(user: Viewer, court: Court | None = None) -> bool:
    courts = sharing_courts(user)
    if courts is None:
        return True
    return bool(courts) if court is None else court.pk in courts


def can_edit_resource(user: Viewer, resource: Resource) -> bool:
    courts = sharing_courts(user)
    return courts is None or resource.court_id in courts


def can_add_version(user: Viewer, resource: Resource) -> bool:
    return can_edit_resource(user, resource)
