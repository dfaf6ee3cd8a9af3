"""Who may do what in the resource library: one rule per question, asked by the pages, the
templates (``{% can "library.edit_resource" resource %}``) and the services alike.

- Who reads a resource is ``ResourceQuerySet.visible_to`` (the one visibility rule): every court's
  staff read what is shared with the three courts and their own court's; visitors the public
  ones; administrators everything. :func:`can_read_resource` is the same rule for one row.
- A court's Party secretaries and training coordinators share their court's materials, edit
  them and upload new versions; administrators any court's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.types import Viewer
from courts.choices import Role
from courts.permissions import can_read, court_of, is_portal_admin, write_scope

if TYPE_CHECKING:
    from courts.models import Court

    from .models import Resource

SHARERS = (Role.PARTY_SECRETARY, Role.TRAINING_COORDINATOR)


def can_read_resource(user: Viewer, resource: Resource) -> bool:
    if is_portal_admin(user) or resource.visibility == "public":
        return True
    if not can_read(user):
        return False
    court = court_of(user)
    return resource.visibility == "alliance" or (
        court is not None and court.pk == resource.court_id
    )


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
