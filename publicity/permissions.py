"""Who may do what with publicity items: one rule per question, asked by the pages, the
templates (``{% can "publicity.review_item" item %}``) and the services alike.

- Authors: the Party secretaries (any member of staff when ``PUBLICITY_ALL_STAFF_MAY_WRITE``)
  write items for their own court and edit them while they are drafts or returned.
- Reviewers: the publicity reviewers of the item's court (and administrators) publish or
  return an item in review, withdraw and republish; nobody approves their own item.
- Joint items: the reviewers of every court involved sign off before publication.
- Everyone logged in reads every item (staff pages); only published items are public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet

from core.types import Viewer
from courts.choices import Role
from courts.models import Person
from courts.permissions import (
    can_read,
    has_role,
    is_portal_admin,
    person_of,
    write_scope,
)

if TYPE_CHECKING:
    from .models import PublicityItem

REVIEWER = Role.PUBLICITY_REVIEWER


def may_write(user: Viewer) -> bool:
    if person_of(user) is None:
        return False
    if settings.PUBLICITY_ALL_STAFF_MAY_WRITE or is_portal_admin(user):
        return True
    return has_role(user, Role.PARTY_SECRETARY)


def is_author(user: Viewer, item: PublicityItem) -> bool:
    person = person_of(user)
    return person is not None and person.pk == item.author_id


def can_create_item(user: Viewer) -> bool:
    return may_write(user)


def can_read_item(user: Viewer, item: PublicityItem) -> bool:
    return can_read(user)


def can_read_public_item(user: Viewer, item: PublicityItem) -> bool:
    """The public pages: anyone, once the item is published."""
    return item.is_public


def can_read_image(user: Viewer, image: Any) -> bool:
    """An item's image: public once the item is published; before, for staff only."""
    return image.item.is_public or can_read(user)


def can_read_record(user: Viewer, record: Any) -> bool:
    """Publication records (and their clippings) are read by staff, as their item is."""
    return can_read(user)


def can_edit_item(user: Viewer, item: PublicityItem) -> bool:
    """The author (or an administrator) while the item is a draft or was returned."""
    if item.status not in item.EDITABLE:
        return False
    return is_author(user, item) or is_portal_admin(user)


def can_submit_item(user: Viewer, item: PublicityItem) -> bool:
    return can_edit_item(user, item)


def is_reviewer_for(user: Viewer, court_id: int | None) -> bool:
    return write_scope(user, REVIEWER).covers(court_id)


def can_review_item(user: Viewer, item: PublicityItem) -> bool:
    """Publish or return an item in review: its court's reviewers, never its author."""
    if item.status != item.Status.IN_REVIEW or is_author(user, item):
        return False
    return is_reviewer_for(user, item.court_id)


def can_publish_item(user: Viewer, item: PublicityItem) -> bool:
    return can_review_item(user, item) and not missing_signoffs(item)


def can_withdraw_item(user: Viewer, item: PublicityItem) -> bool:
    return item.status == item.Status.PUBLISHED and is_reviewer_for(user, item.court_id)


def can_republish_item(user: Viewer, item: PublicityItem) -> bool:
    return (
        item.status == item.Status.WITHDRAWN
        and is_reviewer_for(user, item.court_id)
        and not is_author(user, item)
    )


def awaiting_review_by(user: Viewer, items: QuerySet[PublicityItem]) -> QuerySet[PublicityItem]:
    """The review queue of ``user``, as a query on ``items``: items in review of a court they
    review for, and joint items involving that court (to sign off), never their own — the
    rows on which :func:`can_review_item` or :func:`can_signoff_item` may answer yes. The
    queue page and the home page's waiting list both ask it."""
    scope = write_scope(user, REVIEWER)
    signing = signs_for(user)
    if scope.empty and not signing:
        return items.none()
    items = items.filter(status="in_review")
    if not scope.all_courts:
        mine = Q(pk__in=[])
        if scope.court_id is not None:
            mine |= Q(court_id=scope.court_id)
        for court_id in signing or ():
            mine |= Q(joint_signoff=True, courts=court_id) | Q(
                joint_signoff=True, court_id=court_id
            )
        items = items.filter(mine).distinct()
    person = person_of(user)
    return items.exclude(author=person) if person is not None else items


def signoff_courts(item: PublicityItem) -> set[int]:
    """The courts whose reviewers must sign a joint item off (the item's own court included)."""
    if not item.joint_signoff:
        return set()
    return {item.court_id, *(c.pk for c in item.courts.all())}


def missing_signoffs(item: PublicityItem) -> set[int]:
    needed = signoff_courts(item)
    if not needed:
        return set()
    return needed - {s.court_id for s in item.signoffs.all()}


def signers_of(court_id: int) -> list[Any]:
    """Who signs a joint item off for a court: its publicity reviewers; a court that has none
    falls back to its Party secretaries (so that no joint item waits on nobody)."""

    def holders(role: str) -> list[Any]:
        return [
            p.user
            for p in Person.objects.filter(
                court_id=court_id, user__is_active=True, user__groups__name=role
            )
            .select_related("user")
            .order_by("full_name")
        ]

    return holders(REVIEWER) or holders(Role.PARTY_SECRETARY)


def signs_for(user: Viewer) -> frozenset[int] | None:
    """The courts ``user`` signs joint items off for (None: every court, an administrator)."""
    if is_portal_admin(user):
        return None
    person = person_of(user)
    if person is None:
        return frozenset()
    signers = {u.pk for u in signers_of(person.court_id)}
    return frozenset({person.court_id}) if user.pk in signers else frozenset()


def signs_for_item(user: Viewer, item: PublicityItem) -> bool:
    """Whether ``user`` is among the signers of a joint item in review (for a court involved, or
    an administrator), whether or not that court has signed yet: the sign-off page's rule, so
    that the second of two sign-offs at once is told who signed first rather than shown a 404."""
    if item.status != item.Status.IN_REVIEW or is_author(user, item):
        return False
    courts = signs_for(user)
    return bool(signoff_courts(item)) if courts is None else bool(courts & signoff_courts(item))


def can_signoff_item(user: Viewer, item: PublicityItem) -> bool:
    """A signer of a court involved in a joint item in review (``signers_of``), once per
    court; an administrator for any court still missing."""
    if item.status != item.Status.IN_REVIEW or is_author(user, item):
        return False
    missing = missing_signoffs(item)
    courts = signs_for(user)
    return bool(missing) if courts is None else bool(courts & missing)


def can_record_publication(user: Viewer, item: PublicityItem) -> bool:
    """Where a published (or withdrawn) item appeared: its author and its court's reviewers."""
    if item.status not in (item.Status.PUBLISHED, item.Status.WITHDRAWN):
        return False
    return is_author(user, item) or is_reviewer_for(user, item.court_id)
