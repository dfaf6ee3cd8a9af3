"""Who may do what in the training programme: one rule per question, asked by the pages, the
templates (``{% can "training.cancel_enrolment" enrolment %}``) and the services alike.

- Everyone logged in reads the programme, its sessions and their rosters (joint records).
- A court's training coordinator enrols and cancels the staff of their own court, records their
  attendance, and sets up sessions hosted by their court; the host court's coordinator also
  records attendance for everyone in its sessions. Administrators do everything.
- A person cancels their own enrolment and reads their own certificates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.types import Viewer
from courts.choices import Role
from courts.permissions import can_change, can_read, is_portal_admin, person_of, write_scope

if TYPE_CHECKING:
    from courts.models import Person

    from .models import Enrolment, Programme, TrainingSession

COORDINATOR = Role.TRAINING_COORDINATOR


def is_coordinator(user: Viewer) -> bool:
    """A training coordinator of some court, or an administrator."""
    return not write_scope(user, COORDINATOR).empty


def can_read_programme(user: Viewer, programme: Programme) -> bool:
    """Programmes, sessions and their rosters are joint records every member of staff reads."""
    return can_read(user)


def can_read_session(user: Viewer, session: TrainingSession) -> bool:
    return can_read(user)


def can_use_enrolment_page(user: Viewer, session: TrainingSession) -> bool:
    """The enrolment page is for coordinators (who are told there why they may not enrol)."""
    return is_coordinator(user)


def can_create_programme(user: Viewer) -> bool:
    return is_coordinator(user)


def can_edit_programme(user: Viewer, programme: Programme) -> bool:
    return is_coordinator(user)


def can_create_session(user: Viewer) -> bool:
    """Coordinators set up sessions hosted by their own court (administrators any court)."""
    return is_coordinator(user)


def can_edit_session(user: Viewer, session: TrainingSession) -> bool:
    return can_change(user, session, role=COORDINATOR)


def can_move_session(user: Viewer, session: TrainingSession) -> bool:
    """Moving a session to another host court is for administrators."""
    return is_portal_admin(user)


def can_enrol_person(user: Viewer, person: Person) -> bool:
    """The coordinator of the person's court, or an administrator."""
    return write_scope(user, COORDINATOR).covers(person.court_id)


def enrolment_refusal(user: Viewer, session: TrainingSession) -> str:
    """Why ``user`` may not enrol anyone into ``session`` now, in words ("" when they may)."""
    from django.utils.translation import gettext as _

    if not is_coordinator(user):
        return _("Only training coordinators enrol staff.")
    if session.status == session.Status.CANCELLED:
        return _("This session is cancelled.")
    if session.status == session.Status.HELD or session.has_begun:
        return _("This session has already taken place.")
    if session.status == session.Status.CLOSED and not is_portal_admin(user):
        return _("Enrolment for this session is closed.")
    if session.deadline_passed and not is_portal_admin(user):
        return _("The enrolment deadline has passed; only an administrator can enrol now.")
    return ""


def can_enrol(user: Viewer, session: TrainingSession) -> bool:
    """May ``user`` enrol (some of their court's) staff into ``session`` now?"""
    return not enrolment_refusal(user, session)


def can_cancel_enrolment(user: Viewer, enrolment: Enrolment) -> bool:
    """The person, their court's coordinator or an administrator, before the session."""
    if enrolment.status not in ("enrolled", "waitlisted"):
        return False
    session = enrolment.session
    if session.status in (session.Status.HELD, session.Status.CANCELLED) or session.has_begun:
        return False
    person = person_of(user)
    if person is not None and person.pk == enrolment.person_id:
        return True
    return can_change(user, enrolment, role=COORDINATOR)


def can_promote_enrolment(user: Viewer, enrolment: Enrolment) -> bool:
    """Moving someone up the waiting list is for administrators, with a written reason."""
    return (
        is_portal_admin(user)
        and enrolment.status == "waitlisted"
        and not enrolment.session.has_begun
        and enrolment.session.status != enrolment.session.Status.CANCELLED
    )


def can_record_attendance(user: Viewer, enrolment: Enrolment) -> bool:
    """Once the session has begun: the coordinator of the person's court, the host court's
    coordinator, or an administrator."""
    session = enrolment.session
    if session.status == session.Status.CANCELLED or not session.has_begun:
        return False
    if enrolment.status not in enrolment.SEATED:
        return False
    return can_change(user, enrolment, role=COORDINATOR) or can_change(
        user, session, role=COORDINATOR
    )


def can_record_session_attendance(user: Viewer, session: TrainingSession) -> bool:
    """Does the session page offer the attendance form to ``user``?"""
    if session.status == session.Status.CANCELLED or not session.has_begun:
        return False
    return is_coordinator(user)


def can_read_certificate(user: Viewer, enrolment: Enrolment) -> bool:
    """A completed enrolment's certificate: the person, the coordinators of their court and of
    the host court, administrators."""
    if enrolment.status != "completed" or not enrolment.certificate_code:
        return False
    person = person_of(user)
    if person is not None and person.pk == enrolment.person_id:
        return True
    return can_change(user, enrolment, role=COORDINATOR) or can_change(
        user, enrolment.session, role=COORDINATOR
    )


def can_read_training(user: Viewer) -> bool:
    return can_read(user)
