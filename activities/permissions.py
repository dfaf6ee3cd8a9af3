"""Who may do what to a joint activity. Reading is open to every member (courts.permissions)."""

from __future__ import annotations

from courts.choices import Role
from courts.permissions import can_change, court_of, has_role, is_portal_admin

from .models import Activity, ActivityPart, Attachment, Attendance


def can_create_activity(user) -> bool:
    return is_portal_admin(user) or (
        has_role(user, Role.PARTY_SECRETARY) and court_of(user) is not None
    )


def can_edit_activity(user, activity: Activity) -> bool:
    """The host court's secretary edits the activity itself (and admins)."""
    return can_change(user, activity, role=Role.PARTY_SECRETARY)


def can_edit_part(user, part: ActivityPart) -> bool:
    """Each court's secretary edits only their court's part."""
    return can_change(user, part, role=Role.PARTY_SECRETARY)


def can_invite_from(user, activity: Activity):
    """The courts whose people ``user`` may invite: host secretary any participating court,
    a co-host secretary only their own court."""
    courts = activity.courts
    if is_portal_admin(user) or can_edit_activity(user, activity):
        return courts
    court = court_of(user)
    if court and has_role(user, Role.PARTY_SECRETARY) and court in courts:
        return [court]
    return []


def can_run_roll_call(user, activity: Activity) -> bool:
    """Show the QR code at the venue: a secretary of a participating court."""
    return bool(can_invite_from(user, activity))


def can_sign_for(user, attendance: Attendance) -> bool:
    """A sign-in officer: a secretary of the person's own court."""
    return can_change(user, attendance, role=Role.PARTY_SECRETARY)


def can_decide_leave(user, attendance: Attendance) -> bool:
    """Leave is approved by the secretary of the person's own court."""
    return can_change(user, attendance, role=Role.PARTY_SECRETARY)


def can_delete_attachment(user, attachment: Attachment) -> bool:
    return can_change(user, attachment, role=Role.PARTY_SECRETARY)
