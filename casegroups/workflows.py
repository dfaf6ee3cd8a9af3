"""The status machines of case-study groups: memberships and cases. Every status change of
these goes through ``core.workflow.transition`` with one of these maps."""

from __future__ import annotations

from core.workflow import Workflow

from . import permissions
from .models import Membership, StudyCase

MEMBERSHIPS = Workflow(
    model=Membership,
    note="a request is decided; a member leaves or is removed",
    field="status",
    transitions={
        Membership.Status.PENDING: {
            Membership.Status.ACTIVE: permissions.can_admit_member,
            Membership.Status.DECLINED: permissions.can_decide_membership,
            Membership.Status.LEFT: permissions.can_leave_group,
        },
        Membership.Status.ACTIVE: {
            Membership.Status.LEFT: permissions.can_leave_group,
            Membership.Status.REMOVED: permissions.can_remove_member,
        },
    },
)

CASES = Workflow(
    model=StudyCase,
    note="a concluded case may be reopened",
    field="status",
    transitions={
        StudyCase.Status.SUBMITTED: {StudyCase.Status.DISCUSSION: permissions.can_move_case},
        StudyCase.Status.DISCUSSION: {StudyCase.Status.CONCLUDED: permissions.can_move_case},
        StudyCase.Status.CONCLUDED: {StudyCase.Status.DISCUSSION: permissions.can_move_case},
    },
)
