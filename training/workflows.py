"""The status machines of the training programme: a session and an enrolment. Every status
change of these goes through ``core.workflow.transition`` (or ``transition_rows``) with one of
these maps; when a move may be made (deadlines, the start) is the services' business."""

from __future__ import annotations

from core.workflow import Rule, Workflow, by_portal

from . import permissions
from .models import Enrolment, TrainingSession

S = TrainingSession.Status
SESSIONS = Workflow(
    model=TrainingSession,
    field="status",
    note="held once attendance is recorded; held and cancelled are final",
    transitions={
        S.OPEN: {
            S.CLOSED: permissions.can_edit_session,
            S.CANCELLED: permissions.can_edit_session,
            S.HELD: permissions.can_record_session_attendance,
        },
        S.CLOSED: {
            S.OPEN: permissions.can_edit_session,
            S.CANCELLED: permissions.can_edit_session,
            S.HELD: permissions.can_record_session_attendance,
        },
    },
)

E = Enrolment.Status
# Attendance moves between the statuses that hold a seat, once the session has begun.
_ATTENDANCE: dict[str, dict[str, Rule]] = {
    source: {
        to: permissions.can_record_attendance
        for to in (E.ATTENDED, E.ABSENT, E.COMPLETED)
        if to != source
    }
    for source in Enrolment.SEATED
}
ENROLMENT = Workflow(
    model=Enrolment,
    field="status",
    note="a freed seat goes to the first person waiting who fits, by the portal",
    transitions={
        **_ATTENDANCE,
        E.WAITLISTED: {E.ENROLLED: by_portal, E.CANCELLED: permissions.can_cancel_enrolment},
        E.ENROLLED: {**_ATTENDANCE[E.ENROLLED], E.CANCELLED: permissions.can_cancel_enrolment},
    },
)
