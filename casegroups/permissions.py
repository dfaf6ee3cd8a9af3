"""Who may do what in the case-study groups: one rule per question, asked by the pages, the
templates (``{% can "casegroups.decide_membership" membership %}``) and the services alike.

- Judges join groups (any staff member when ``CASEGROUPS_ALL_STAFF_MAY_JOIN`` is on); a judge of
  any of the three courts may ask to join any open, active group.
- The convenor or a portal administrator decides requests and removes members; nobody decides
  their own request.
- Members submit cases; a case's details are read by the group's members and administrators,
  and by all staff when its submitter chose "all staff" or "public".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db.models import Q, QuerySet

from core import generations
from core.types import Viewer
from courts.choices import Role
from courts.permissions import (
    can_act_for_court,
    can_read,
    has_role,
    is_portal_admin,
    person_of,
)

from .models import Membership

if TYPE_CHECKING:
    from .models import CaseStudyGroup, Membership, StudyCase


def active_membership(user: Viewer, group: CaseStudyGroup) -> Membership | None:
    """The user's open (pending or active) membership of ``group``, asked once per request and
    group (kept on the group object: a group page asks it for every button)."""

    person = person_of(user)
    if person is None or group.pk is None:
        return None
    held: dict[int, Any] = group.__dict__.setdefault("_open_memberships", {})
    if person.pk not in held:
        held[person.pk] = (
            Membership.objects.filter(group=group, person=person, status__in=Membership.OPEN)
            .select_related("person")
            .first()
        )
    return held[person.pk]


def member_group_ids(user: Viewer) -> frozenset[int]:
    """The groups ``user`` is an active member of: asked on every case page, kept per user
    until a membership is written (``core.generations``)."""

    person = person_of(user)
    if person is None:
        return frozenset()
    return generations.kept_on(
        user,
        "_casegroups_member_of",
        f"casegroups:member-of:{person.pk}",
        lambda: frozenset(
            Membership.objects.filter(person=person, status=Membership.Status.ACTIVE).values_list(
                "group_id", flat=True
            )
        ),
    )


def is_member(user: Viewer, group: CaseStudyGroup) -> bool:
    return group.pk in member_group_ids(user)


def is_convenor(user: Viewer, group: CaseStudyGroup) -> bool:
    person = person_of(user)
    return person is not None and person.pk == group.convenor_id


def may_join_groups(user: Viewer) -> bool:
    """Judges join groups; other staff only where the portal allows it."""
    if person_of(user) is None:
        return False
    return has_role(user, Role.JUDGE) or settings.CASEGROUPS_ALL_STAFF_MAY_JOIN


def can_read_group(user: Viewer, group: CaseStudyGroup) -> bool:
    """A group's page is a joint record every member of staff reads (cases by the case rule)."""
    return can_read(user)


def can_create_group(user: Viewer) -> bool:
    """Administrators and the courts' Party secretaries set groups up (for their own court's
    convenor)."""
    return can_act_for_court(user, None)


def can_edit_group(user: Viewer, group: CaseStudyGroup) -> bool:
    """The convenor, the Party secretaries of the convenor's court, administrators."""
    return is_convenor(user, group) or can_act_for_court(user, group.convenor.court)


def can_request_membership(user: Viewer, group: CaseStudyGroup) -> bool:
    return not join_refusal(user, group)


def join_refusal(user: Viewer, group: CaseStudyGroup) -> str:
    """Why ``user`` may not ask to join ``group`` now, in words ("" when they may)."""
    from django.utils.translation import gettext as _

    if is_convenor(user, group):
        return _("You convene this group.")
    if active_membership(user, group) is not None:
        return _("You already belong to this group or asked to join it.")
    if not group.active or not group.open_to_requests:
        return _("This group takes no requests to join now.")
    if not may_join_groups(user):
        return _("Only judges may join case-study groups.")
    return ""


def _decides_for(user: Viewer, group: CaseStudyGroup) -> bool:
    return is_portal_admin(user) or is_convenor(user, group)


def can_decide_membership(user: Viewer, membership: Membership) -> bool:
    """The convenor or an administrator, on a pending request that is not their own."""
    person = person_of(user)
    return (
        membership.status == membership.Status.PENDING
        and _decides_for(user, membership.group)
        and (person is None or person.pk != membership.person_id)
    )


def can_admit_member(user: Viewer, membership: Membership) -> bool:
    """A pending request becomes membership: decided by the convenor (``can_decide_membership``),
    or at once when whoever edits the group makes the person asking its convenor."""
    if can_decide_membership(user, membership):
        return True
    group = membership.group
    return (
        membership.status == membership.Status.PENDING
        and membership.person_id == group.convenor_id
        and can_edit_group(user, group)
    )


def can_leave_group(user: Viewer, membership: Membership) -> bool:
    """A member leaves (or withdraws a request); the convenor hands the group over first."""
    person = person_of(user)
    return (
        person is not None
        and person.pk == membership.person_id
        and membership.status in membership.OPEN
        and membership.person_id != membership.group.convenor_id
    )


def can_remove_member(user: Viewer, membership: Membership) -> bool:
    person = person_of(user)
    return (
        membership.status == membership.Status.ACTIVE
        and _decides_for(user, membership.group)
        and membership.person_id != membership.group.convenor_id
        and (person is None or person.pk != membership.person_id)
    )


def can_submit_case(user: Viewer, group: CaseStudyGroup) -> bool:
    return group.active and is_member(user, group)


@dataclass(frozen=True)
class CaseReader:
    """Which cases' details one user may read: the one rule, as data. Every place that shows a
    case (its page, the group's list, a session's agenda and history, the similar cases, the
    query :func:`readable_cases`) asks it, so they cannot disagree.

    Administrators read every case; other staff read the cases shared with all staff (or made
    public) and every case of a group they are an active member of."""

    everything: bool
    groups: frozenset[int]

    def reads(self, *, group_id: int | None, visibility: str) -> bool:
        return self.everything or visibility != "group" or group_id in self.groups

    def reads_all_of(self, group_id: int | None) -> bool:
        """Whether every case of the group, group-only ones included, is readable."""
        return self.everything or group_id in self.groups

    def as_q(self) -> Q:
        """The same rule as a filter on StudyCase rows."""
        if self.everything:
            return Q()
        return ~Q(visibility="group") | Q(group_id__in=sorted(self.groups))


def case_reader(user: Viewer) -> CaseReader | None:
    """The user's :class:`CaseReader`; None for someone who reads no case at all."""
    if not can_read(user):
        return None
    if is_portal_admin(user):
        return CaseReader(everything=True, groups=frozenset())
    return CaseReader(everything=False, groups=member_group_ids(user))


CasesQ = TypeVar("CasesQ", bound="QuerySet[StudyCase]")


def readable_cases(user: Viewer, cases: CasesQ) -> CasesQ:
    """The rows of ``cases`` whose details ``user`` may read: the same rule, as a query."""
    reader = case_reader(user)
    return cases.none() if reader is None else cases.filter(reader.as_q())


def can_read_case_details(user: Viewer, case: StudyCase) -> bool:
    """Members and administrators read every case of the group; all staff read the cases
    shared with them. Below that, a page shows counts only (see :class:`CaseReader`)."""
    reader = case_reader(user)
    return reader is not None and reader.reads(group_id=case.group_id, visibility=case.visibility)


def can_edit_case(user: Viewer, case: StudyCase) -> bool:
    """Its submitter while a member and before it is concluded; the convenor; administrators."""
    if _decides_for(user, case.group):
        return True
    person = person_of(user)
    return (
        person is not None
        and person.pk == case.submitted_by_id
        and case.status != case.Status.CONCLUDED
        and is_member(user, case.group)
    )


def can_move_case(user: Viewer, case: StudyCase) -> bool:
    """Opening the discussion and concluding are the convenor's (or an administrator's)."""
    return _decides_for(user, case.group)


def can_schedule_session(user: Viewer, group: CaseStudyGroup) -> bool:
    """The convenor (or an administrator) schedules the group's study sessions."""
    return group.active and _decides_for(user, group)


def can_edit_session(user: Viewer, session: Any) -> bool:
    return _decides_for(user, session.group)


def can_see_session_link(user: Viewer, session: Any) -> bool:
    """The online meeting link is for the group's members (and administrators)."""
    reader = case_reader(user)
    return reader is not None and reader.reads_all_of(session.group_id)


def can_read_session(user: Viewer, session: Any) -> bool:
    """A study session's page is a joint record: every member of staff reads when a group
    meets; its online link and group-only agenda follow the case rule above."""
    return can_read(user)


def hidden_session_fields(user: Viewer, session: Any) -> frozenset[str]:
    """What of a session's history a viewer may not read: the link and the agenda (whose
    entries name group-only cases) are for the group's members."""
    return (
        frozenset() if can_see_session_link(user, session) else frozenset({"online_link", "cases"})
    )


def can_review_case(user: Viewer, case: StudyCase) -> bool:
    """A member (the convenor included) reviews a concluded case, never their own."""
    person = person_of(user)
    return (
        case.status == case.Status.CONCLUDED
        and person is not None
        and person.pk != case.submitted_by_id
        and is_member(user, case.group)
    )


def reviewable_cases(user: Viewer, cases: CasesQ) -> CasesQ:
    """The rows of ``cases`` :func:`can_review_case` allows ``user`` to review: the same rule,
    as a query (the judge's home page lists those they have not reviewed yet)."""
    person = person_of(user)
    groups = member_group_ids(user)
    if person is None or not groups:
        return cases.none()
    return cases.filter(status="concluded", group__in=sorted(groups)).exclude(submitted_by=person)
