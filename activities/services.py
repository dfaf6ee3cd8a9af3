"""Every write to joint activities. Each service checks permission, validates, saves, audits."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any, cast

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, reminders
from core.access import require
from core.clock import require_open
from core.files import check_upload, make_thumbnail
from core.lists import labelled, separator
from core.services import fitting_text, notify
from core.types import Actor, Viewer
from core.updates import model_update, new_calendar_revision
from core.workflow import transition, transition_rows
from courts.choices import Role
from courts.models import Court, PartyBranch, Person
from courts.permissions import person_of

from . import checklist, notices, permissions, roll_call, windows
from .meeting_reminders import plan_meeting_reminders
from .models import Activity, ActivityPart, Attachment, Attendance, RedEducationBase
from .workflows import ACTIVITY, ATTENDANCE, LEAVE

# QR sign-in opens this long before the start.


def _validate_courts(host_court: Court, co_host_courts: Iterable[Court]) -> list[Court]:
    co_hosts = [court for court in co_host_courts if court.pk != host_court.pk]
    if not co_hosts:
        raise ValidationError(
            {
                "co_host_courts": _(
                    "A joint activity needs at least two courts: choose at least one co-host court."
                )
            }
        )
    return co_hosts


def _validate_times(start: datetime.datetime, end: datetime.datetime) -> None:
    if start and end and end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})


def sync_parts(activity: Activity, *, by: Actor | None) -> None:
    """Give each participating court its part; drop the part of a court taken off, if empty."""
    activity.__dict__.pop("courts", None)
    wanted = {court.pk for court in activity.courts}
    existing = set(activity.parts.values_list("court_id", flat=True))
    audit.bulk_create(
        ActivityPart,
        (ActivityPart(activity=activity, court_id=court_id) for court_id in wanted - existing),
        by=by,
    )
    # A court taken off the activity loses its part only if nothing hangs on it.
    with set_actor(by):
        for part in activity.parts.filter(
            court_id__in=existing - wanted, attendances__isnull=True, attachments__isnull=True
        ):
            part.delete()


@transaction.atomic
def create_activity(
    *,
    by: Actor,
    title: str,
    kind: str,
    area: str,
    host_court: Court,
    co_host_courts: Iterable[Court],
    start: datetime.datetime,
    end: datetime.datetime,
    place: str,
    red_base: RedEducationBase | None = None,
    notice: str = "",
    agenda: str = "",
) -> Activity:
    require(
        permissions.can_host_for(by, host_court),
        _("You may only host activities for your own court."),
    )
    co_hosts = _validate_courts(host_court, co_host_courts)
    _validate_times(start, end)
    activity = Activity(
        title=title,
        kind=kind,
        area=area,
        host_court=host_court,
        start=start,
        end=end,
        place=place,
        red_base=red_base,
        notice=notice,
        agenda=agenda,
        created_by=by,
    )
    activity.full_clean()
    with set_actor(by):
        activity.save()
        activity.co_host_courts.set(co_hosts)
    sync_parts(activity, by=by)
    plan_meeting_reminders(activity)  # "not recorded yet" the day after its end
    return activity


# What the series decides for an occurrence; changing one of these by hand detaches it.
SCHEDULE_FIELDS = {"title", "start", "end", "place", "agenda"}
# What the reminders of a meeting say.
REMINDER_FIELDS = {"title", "start", "end", "place", "agenda", "host_court"}
UPDATABLE = {
    "no_publicity_reason",
    "served_people",
    "served_enterprises",
    "consultations",
    "disputes_resolved",
    "title",
    "kind",
    "area",
    "start",
    "end",
    "place",
    "red_base",
    "notice",
    "agenda",
    "summary",
    "minutes",
    "publicity_link",
    "co_host_courts",
}


@transaction.atomic
def update_activity(*, activity: Activity, by: Actor, **changes: Any) -> set[str]:
    """Change an open activity; returns the fields that actually changed. A series occurrence
    is detached from its series only when a schedule field changed."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_locked and permissions.can_change(by, activity):
        raise ValidationError(_("A completed or cancelled activity can no longer be changed."))
    require(permissions.can_edit_activity(by, activity))
    status = changes.pop("status", activity.status)
    if status not in {Activity.Status.PLANNED, Activity.Status.HELD}:
        raise ValidationError({"status": _("Use the Complete or Cancel button for that.")})
    if status == Activity.Status.HELD and activity.status != Activity.Status.HELD:
        require_open(windows.window_mark_held(activity), field="status")
    if "co_host_courts" in changes:
        changes["co_host_courts"] = _validate_courts(activity.host_court, changes["co_host_courts"])
    _validate_times(changes.get("start", activity.start), changes.get("end", activity.end))
    before = (activity.start, activity.place, activity.host_court)
    with set_actor(by):
        changed = model_update(instance=activity, fields=UPDATABLE, data=changes)
        if changed & NOTICE_FIELDS:
            new_calendar_revision(activity)
        if activity.series_id and changed & SCHEDULE_FIELDS and not activity.edited_by_hand:
            # the series no longer moves this occurrence
            model_update(
                instance=activity, fields=["edited_by_hand"], data={"edited_by_hand": True}
            )
    if status != activity.status:
        transition(activity, status, by=by, workflow=ACTIVITY)
        changed.add("status")
    if "co_host_courts" in changed:
        sync_parts(activity, by=by)
    if changed & (REMINDER_FIELDS | {"co_host_courts"}):
        plan_meeting_reminders(activity)
    if changed & NOTICE_FIELDS:
        notices.tell_changed(activity, old_start=before[0], old_place=before[1], old_host=before[2])
    return changed


# A change of these is news to everybody invited (and moves the calendar entry).
NOTICE_FIELDS = {"start", "end", "place"}


@transaction.atomic
def cancel_activity(*, activity: Activity, by: Actor, reason: str) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.is_locked and permissions.can_change(by, activity):
        raise ValidationError(_("This activity can no longer be cancelled."))
    require(permissions.can_cancel_activity(by, activity))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for cancelling.")})
    cancel(activity, by=by, reason=reason.strip())
    return activity


def cancel(activity: Activity, *, by: Actor, reason: str) -> None:
    """Cancel ``activity`` (locked by the caller, who checked the reason): calendars drop it,
    reminders are withdrawn and everyone concerned is told."""
    activity.cancel_reason = reason
    activity.ical_sequence += 1
    transition(
        activity,
        Activity.Status.CANCELLED,
        by=by,
        workflow=ACTIVITY,
        also=["cancel_reason", "ical_sequence"],
    )
    notices.tell_cancelled(activity, reminded=reminders.withdraw_reminders(activity))


@transaction.atomic
def complete_activity(*, activity: Activity, by: Actor) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if permissions.can_change(by, activity):
        if activity.is_locked:
            raise ValidationError(_("This activity can no longer be completed."))
        require_open(windows.window_complete(activity))
    require(permissions.can_complete_activity(by, activity))
    gaps = checklist.missing(activity)
    if gaps:
        raise ValidationError(
            _("Still missing: %(items)s.") % {"items": separator().join(r.label for r in gaps)}
        )
    not_signed = activity.attendances.filter(status=Attendance.Status.INVITED)
    # Who ran it (whoever set it up, the note-taker) was there: signed in by the officer who
    # completes it, not marked absent in their own roll call.
    organisers = [
        pk
        for pk in (
            getattr(getattr(activity.created_by, "person", None), "pk", None),
            activity.note_taker_id,
        )
        if pk is not None
    ]
    transition_rows(
        not_signed.filter(person_id__in=organisers),
        Attendance.Status.SIGNED_IN,
        by=by,
        workflow=ATTENDANCE,
        signed_in_at=activity.start,
        signed_in_by=by,
        sign_in_method=Attendance.Method.PROXY,
        sign_in_reason=str(_("Organised the activity")),
    )
    transition_rows(
        not_signed.exclude(person_id__in=organisers),
        Attendance.Status.ABSENT,
        by=by,
        workflow=ATTENDANCE,
    )
    transition(activity, Activity.Status.COMPLETED, by=by, workflow=ACTIVITY)
    return activity


@transaction.atomic
def invite(
    *,
    activity: Activity,
    by: Actor,
    people: Iterable[Person] = (),
    branches: Iterable[PartyBranch] = (),
    party_member_courts: Iterable[Court] = (),
) -> int:
    """Invite people, whole branches, or every Party member of a court. Returns how many new
    invitations were made; people already invited stay as they are."""
    if activity.is_locked and permissions.can_change(by, activity):
        raise ValidationError(_("A completed or cancelled activity takes no invitations."))
    allowed = {court.pk for court in permissions.invitable_courts(by, activity)}
    require(bool(allowed))
    chosen: dict[int, Person] = {person.pk: person for person in people}
    for branch in branches:
        chosen.update({p.pk: p for p in Person.objects.active().filter(branch=branch)})
    for court in party_member_courts:
        chosen.update(
            {p.pk: p for p in Person.objects.active().filter(court=court, is_party_member=True)}
        )
    outside = [p for p in chosen.values() if p.court_id not in allowed]
    if outside:
        raise ValidationError(
            _("You may not invite %(names)s: only people of %(courts)s.")
            % {
                "names": separator().join(p.full_name for p in outside[:5]),
                "courts": separator().join(
                    c.short_name for c in activity.courts if c.pk in allowed
                ),
            }
        )
    parts = {part.court_id: part for part in activity.parts.all()}
    already = set(activity.attendances.values_list("person_id", flat=True))
    new = [
        Attendance(activity=activity, part=parts[p.court_id], person=p, invited_by=by)
        for p in chosen.values()
        if p.pk not in already
    ]
    audit.bulk_create(Attendance, new, by=by)
    if activity.series_id:
        plan_meeting_reminders(activity)
    notices.tell_invited(activity, [a.person.user for a in new])
    return len(new)


@transaction.atomic
def update_part(*, part: ActivityPart, by: Actor, notes: str) -> ActivityPart:
    part = ActivityPart.objects.select_for_update().select_related("activity").get(pk=part.pk)
    require(permissions.can_edit_part(by, part))
    with set_actor(by):
        model_update(instance=part, fields=["notes"], data={"notes": notes})
    return part


@transaction.atomic
def add_attachment(
    *, part: ActivityPart, by: Actor, kind: str, upload: Any, caption: str = ""
) -> Attachment:
    if part.activity.is_cancelled:
        raise ValidationError(_("A cancelled activity takes no files."))
    require(permissions.can_add_attachment(by, part))
    try:
        extension, content_type = check_upload(upload, image_required=kind == Attachment.Kind.PHOTO)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    attachment = Attachment(
        activity_id=part.activity_id,
        part=part,
        kind=kind,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        caption=caption,
        uploaded_by=by,
    )
    stored_name = f"{uuid.uuid4().hex}{extension}"
    attachment.file.save(stored_name, upload, save=False)
    if content_type.startswith("image/"):
        attachment.thumbnail.save(
            f"thumbs/{uuid.uuid4().hex}.jpg", ContentFile(make_thumbnail(upload)), save=False
        )
    # The files are written now; if the row is not, remove them again.
    try:
        with set_actor(by):
            attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        if attachment.thumbnail:
            attachment.thumbnail.delete(save=False)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by: Actor) -> None:
    require(permissions.can_delete_attachment(by, attachment))
    files = [attachment.file.name, attachment.thumbnail.name]
    storage = attachment.file.storage
    with set_actor(by):
        attachment.delete()

    def delete_files() -> None:
        for name in files:
            if name:
                storage.delete(name)

    transaction.on_commit(delete_files)


def _attendance_for_update(activity: Activity, person: Person | None) -> Attendance:
    if person is None:
        raise ValidationError(_("You are not on the invitation list of this activity."))
    try:
        return Attendance.objects.select_for_update().get(activity=activity, person=person)
    except Attendance.DoesNotExist:
        raise ValidationError(_("You are not on the invitation list of this activity.")) from None


def sign_in_refusal(
    *, activity: Activity, token: str, now: datetime.datetime | None = None
) -> str | None:
    """Why a scanned code cannot sign anyone in now, or None: the one rule the sign-in page
    shows before the tap and the sign-in applies after it."""
    now = now or timezone.now()
    if not roll_call.token_is_valid(activity.pk, token, now=now):
        return _("This sign-in code has expired. Please scan the code shown at the venue again.")
    if activity.is_cancelled:
        return _("This activity was cancelled.")
    return windows.window_sign_in(activity).refusal(now) or None


def attendance_of(activity: Activity, user: Viewer) -> Attendance | None:
    """The user's invitation to the activity, if they have one."""
    person = person_of(user)
    if person is None:
        return None
    return Attendance.objects.filter(activity=activity, person=person).first()


@transaction.atomic
def sign_in_with_token(
    *, activity: Activity, user: Viewer, token: str, now: datetime.datetime | None = None
) -> Attendance:
    """Sign in an invited person who scanned the QR code at the venue."""
    now = now or timezone.now()
    refusal = sign_in_refusal(activity=activity, token=token, now=now)
    if refusal:
        raise ValidationError(refusal)

    attendance = _attendance_for_update(activity, person_of(user))
    if attendance.attended:
        return attendance  # scanning twice changes nothing
    attendance.signed_in_at = now
    attendance.signed_in_by = cast(Actor, user)  # signing in needs a logged-in user
    attendance.sign_in_method = Attendance.Method.QR
    return transition(
        attendance,
        Attendance.Status.SIGNED_IN,
        by=cast(Actor, user),
        workflow=ATTENDANCE,
        also=["signed_in_at", "signed_in_by", "sign_in_method"],
    )


@transaction.atomic
def sign_in_for(
    *,
    attendance: Attendance,
    by: Actor,
    late: bool = False,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Attendance:
    """An officer signs someone in (代签), or signs them in late with a reason (补签)."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("activity", "person")
        .get(pk=attendance.pk)
    )
    if attendance.activity.is_cancelled:
        raise ValidationError(_("This activity was cancelled."))
    require(permissions.can_sign_for(by, attendance))
    if attendance.activity.status == Activity.Status.COMPLETED:
        raise ValidationError(_("The activity is completed; its roll call is closed."))
    require_open(windows.window_sign_for(attendance.activity), now=now)
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for signing someone in.")})
    if attendance.attended:
        name = attendance.person.full_name
        raise ValidationError(_("%(name)s has already signed in.") % {"name": name})
    attendance.signed_in_at = now or timezone.now()
    attendance.signed_in_by = by
    attendance.sign_in_method = Attendance.Method.LATE if late else Attendance.Method.PROXY
    attendance.sign_in_reason = fitting_text(reason, limit=200, field="reason")
    return transition(
        attendance,
        Attendance.Status.LATE if late else Attendance.Status.SIGNED_IN,
        by=by,
        workflow=ATTENDANCE,
        also=["signed_in_at", "signed_in_by", "sign_in_method", "sign_in_reason"],
    )


@transaction.atomic
def request_leave(
    *, activity: Activity, by: Actor, reason: str, now: datetime.datetime | None = None
) -> Attendance:
    attendance = _attendance_for_update(activity, person_of(by))
    if (now or timezone.now()) >= activity.start:
        raise ValidationError(_("Leave must be asked for before the activity starts."))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for your leave.")})
    if attendance.attended:
        raise ValidationError(_("You have already signed in."))
    attendance.leave_reason = fitting_text(reason, limit=200, field="reason")
    transition(attendance, Attendance.Leave.REQUESTED, by=by, workflow=LEAVE, also=["leave_reason"])
    secretaries = Person.objects.filter(
        court_id=attendance.person.court_id,
        user__groups__name=Role.PARTY_SECRETARY,
        user__is_active=True,
    ).select_related("user")
    notify(
        recipients=[s.user for s in secretaries],
        title=lambda: _("Leave request: %(name)s") % {"name": attendance.person.full_name},
        body=lambda: labelled(activity.title, attendance.leave_reason),
        link=activity.get_absolute_url() + "roll-call/",
    )
    return attendance


@transaction.atomic
def decide_leave(*, attendance: Attendance, by: Actor, approve: bool) -> Attendance:
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("activity", "person__user")
        .get(pk=attendance.pk)
    )
    if attendance.leave != Attendance.Leave.REQUESTED and permissions.can_change(by, attendance):
        raise ValidationError(_("There is no open leave request."))
    require(permissions.can_decide_leave(by, attendance))
    if approve:  # while the request is open (the rule asks), the roll call says "on leave"
        transition(attendance, Attendance.Status.LEAVE, by=by, workflow=ATTENDANCE)
    attendance.leave_decided_by = by
    transition(
        attendance,
        Attendance.Leave.APPROVED if approve else Attendance.Leave.DECLINED,
        by=by,
        workflow=LEAVE,
        also=["leave_decided_by"],
    )
    notify(
        recipients=[attendance.person.user],
        title=lambda: (
            (_("Leave approved: %(title)s") if approve else _("Leave declined: %(title)s"))
            % {"title": attendance.activity.title}
        ),
        link=attendance.activity.get_absolute_url(),
    )
    return attendance
