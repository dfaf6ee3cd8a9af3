"""Who may do what to joint activities, their parts, roll call, minutes and series.

Every rule of the app lives here, once; views, services, admin and templates (``{% can %}``)
call these functions. Reading is open to every member (``courts.permissions.can_read``).
Rules include the object's state where the page does: a completed or cancelled activity is
locked, final minutes are locked, a done action item cannot be done again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from core.types import Viewer
from courts.permissions import can_act_for_court, can_change, can_read, person_of, write_scope

from .models import Activity
from .models.activity import SERVICE_KINDS

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from courts.models import Court

    from .models import ActionItem, ActivityPart, Attachment, Attendance, MeetingSeries

LOCKED = {"completed", "cancelled"}


def _open(activity: Activity) -> bool:
    return activity.status not in LOCKED


# --- The public pages (no login) -------------------------------------------------------------


def public_services() -> QuerySet[Activity]:
    """What the public pages show of activities (``/public/services/``): the joint services to
    the public (服务群众共联) that were held — never a planned or cancelled one, never another
    kind. The page shows of them only what activities/public.py names."""
    return Activity.objects.filter(
        kind__in=SERVICE_KINDS, status__in=[Activity.Status.HELD, Activity.Status.COMPLETED]
    )


# --- The activity itself ------------------------------------------------------------------


def can_read_activity(user: Viewer, activity: Activity) -> bool:
    """Activities (their parts, roll call summary, minutes once written, series) are joint
    records every member of staff of the three courts reads; files follow their own rule."""
    return can_read(user)


def can_read_series(user: Viewer, series: MeetingSeries) -> bool:
    return can_read(user)


def can_read_base(user: Viewer, base: Any) -> bool:
    """Red education bases are the alliance's shared list."""
    return can_read(user)


def can_create_activity(user: Viewer) -> bool:
    """A Party secretary (for their own court) or an administrator."""
    return can_act_for_court(user, None)


def can_host_for(user: Viewer, court: Court) -> bool:
    """May ``user`` create an activity hosted by ``court``?"""
    return can_act_for_court(user, court)


def can_edit_activity(user: Viewer, activity: Activity) -> bool:
    """The host court's secretary (and admins), while the activity is neither completed nor
    cancelled."""
    return can_change(user, activity) and _open(activity)


def can_cancel_activity(user: Viewer, activity: Activity) -> bool:
    return can_edit_activity(user, activity)


def can_cancel_meeting(user: Viewer, activity: Activity) -> bool:
    """Who may cancel an activity by any way: the host's secretary (the Cancel button, which
    asks ``can_cancel_activity``), or the convener of its series ending or re-planning the
    series (the occurrence may be hosted by another court in turn)."""
    if can_cancel_activity(user, activity):
        return True
    series = activity.series
    return _open(activity) and series is not None and can_manage_series(user, series)


def can_complete_activity(user: Viewer, activity: Activity) -> bool:
    """Who completes an open activity. When (after its end: windows.window_complete) and the
    checklist are checked by the service; the page shows what is still to come."""
    return can_edit_activity(user, activity)


def can_mark_held(user: Viewer, activity: Activity) -> bool:
    """Mark an open activity held (from its start: windows.window_mark_held), or planned again."""
    return can_edit_activity(user, activity)


def can_invite_to_activity(user: Viewer, activity: Activity) -> bool:
    return bool(invitable_courts(user, activity))


def invitable_courts(user: Viewer, activity: Activity) -> list[Court]:
    """The courts whose people ``user`` may invite: the host's secretary any participating
    court, a co-host's secretary only their own court; nothing once the activity is locked."""
    if not _open(activity):
        return []
    courts = activity.courts
    scope = write_scope(user)
    if can_change(user, activity):
        return courts
    return [court for court in courts if scope.covers(court.pk)]


def can_run_roll_call(user: Viewer, activity: Activity) -> bool:
    """Show the QR code at the venue: a secretary of a participating court, until the activity
    ends (no code can be scanned after it: 补签 on the roll call page is the way then)."""
    scope = write_scope(user)
    return (
        activity.status not in {"cancelled", "completed"}
        and timezone.now() <= activity.end
        and any(scope.covers(c.pk) for c in activity.courts)
    )


# --- Each court's part and its files ---------------------------------------------------------


def can_edit_part(user: Viewer, part: ActivityPart) -> bool:
    """Each court's secretary edits only their court's part (notes stay editable after the
    activity is completed: the record is kept up to date)."""
    return can_change(user, part) and part.activity.status != "cancelled"


def can_add_attachment(user: Viewer, part: ActivityPart) -> bool:
    return can_edit_part(user, part)


def can_delete_attachment(user: Viewer, attachment: Attachment) -> bool:
    return can_change(user, attachment)


# --- Roll call and leave ------------------------------------------------------------------


def can_sign_for(user: Viewer, attendance: Attendance) -> bool:
    """A sign-in officer: a secretary of the person's own court, while the roll call is open
    (not once the activity is completed or cancelled; from its start: windows.window_sign_for)."""
    return can_change(user, attendance) and attendance.activity.status not in {
        "cancelled",
        "completed",
    }


def can_sign_in(user: Viewer, attendance: Attendance) -> bool:
    """Who marks an invited person present: the person themselves (scanning the venue's code),
    a sign-in officer of their court, or whoever completes the activity (its organisers, who
    were there)."""
    person = person_of(user)
    if person is not None and attendance.person_id == person.pk:
        return attendance.activity.status not in {"cancelled", "completed"}
    return can_sign_for(user, attendance) or can_complete_activity(user, attendance.activity)


def can_close_roll_call(user: Viewer, attendance: Attendance) -> bool:
    """Whoever completes the activity marks those who never signed in absent."""
    return can_complete_activity(user, attendance.activity)


def can_decide_leave(user: Viewer, attendance: Attendance) -> bool:
    """Leave is decided by the secretary of the person's own court, while it is open."""
    return can_change(user, attendance) and attendance.leave == "requested"


def can_request_leave(user: Viewer, attendance: Attendance) -> bool:
    """The invited person themselves, before the start, if not signed in."""
    person = person_of(user)
    return (
        person is not None
        and attendance.person_id == person.pk
        and attendance.activity.status == "planned"
        and timezone.now() < attendance.activity.start
        and attendance.status == "invited"
    )


# --- Minutes and action items ---------------------------------------------------------------


def can_write_minutes(user: Viewer, activity: Activity) -> bool:
    """The note-taker and the host court's secretary (and admins), until the minutes are final
    and unless the activity was cancelled."""
    if activity.minutes_status == "final" or activity.status == "cancelled":
        return False
    person = person_of(user)
    return can_change(user, activity) or bool(person and activity.note_taker_id == person.pk)


def can_choose_note_taker(user: Viewer, activity: Activity) -> bool:
    return can_change(user, activity) and can_write_minutes(user, activity)


def can_comment_on_minutes(user: Viewer, activity: Activity) -> bool:
    """Attendees, the writers and admins, while the comment period is open."""
    if activity.minutes_status != "open":
        return False
    if activity.comments_until and timezone.now() > activity.comments_until:
        return False
    person = person_of(user)
    if person is None:
        return can_change(user, activity)
    return (
        can_change(user, activity)
        or activity.note_taker_id == person.pk
        or activity.attendances.filter(person=person).exists()
    )


def can_close_action_item(user: Viewer, item: ActionItem) -> bool:
    """The responsible person or a secretary of the item's court, while it is open."""
    if item.done_at is not None:
        return False
    person = person_of(user)
    return (person is not None and item.responsible_id == person.pk) or can_change(user, item)


# --- Meeting series -------------------------------------------------------------------------


def can_create_series(user: Viewer) -> bool:
    return can_act_for_court(user, None)


def can_manage_series(user: Viewer, series: MeetingSeries) -> bool:
    """The convening court's secretary (or an admin) edits, pauses, plans and ends a series,
    until it has ended."""
    return not series.is_ended and can_change(user, series)
