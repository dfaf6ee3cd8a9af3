"""The status machines of joint activities: the activity, its minutes, each invitation's
attendance and leave. Every status change of these goes through ``core.workflow.transition``
with one of these maps; when a move may be made (time windows, the checklist) is the
services' business, who may make it is the rule named here."""

from __future__ import annotations

from core.workflow import Workflow

from . import permissions
from .models import Activity, Attendance, MinutesStatus

A = Activity.Status
ACTIVITY = Workflow(
    model=Activity,
    field="status",
    note="cancelled and completed are final",
    transitions={
        A.PLANNED: {
            A.HELD: permissions.can_mark_held,
            A.COMPLETED: permissions.can_complete_activity,
            A.CANCELLED: permissions.can_cancel_meeting,
        },
        A.HELD: {
            A.PLANNED: permissions.can_mark_held,
            A.COMPLETED: permissions.can_complete_activity,
            A.CANCELLED: permissions.can_cancel_meeting,
        },
    },
)

DRAFT, OPEN, FINAL = MinutesStatus.DRAFT, MinutesStatus.OPEN, MinutesStatus.FINAL
# Draft → open for comments (again, to move the deadline) → final; final is locked.
MINUTES = Workflow(
    model=Activity,
    field="minutes_status",
    note="open again moves the comment deadline; final is locked",
    transitions={
        DRAFT: {OPEN: permissions.can_write_minutes, FINAL: permissions.can_write_minutes},
        OPEN: {OPEN: permissions.can_write_minutes, FINAL: permissions.can_write_minutes},
        FINAL: {},
    },
)

S = Attendance.Status
ATTENDANCE = Workflow(
    model=Attendance,
    field="status",
    note="one invitation's roll call; absent is set when the activity is completed",
    transitions={
        S.INVITED: {
            S.SIGNED_IN: permissions.can_sign_in,
            S.LATE: permissions.can_sign_for,
            S.LEAVE: permissions.can_decide_leave,
            S.ABSENT: permissions.can_close_roll_call,
        },
        # on leave and came after all
        S.LEAVE: {S.SIGNED_IN: permissions.can_sign_in, S.LATE: permissions.can_sign_for},
    },
)

L = Attendance.Leave
LEAVE = Workflow(
    model=Attendance,
    field="leave",
    note="asked again with a new reason until decided",
    transitions={
        L.NONE: {L.REQUESTED: permissions.can_request_leave},
        L.REQUESTED: {
            L.REQUESTED: permissions.can_request_leave,
            L.APPROVED: permissions.can_decide_leave,
            L.DECLINED: permissions.can_decide_leave,
        },
        L.DECLINED: {L.REQUESTED: permissions.can_request_leave},
    },
)
