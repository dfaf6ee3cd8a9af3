"""Minutes of an activity: draft → open for comments → final (locked), every version kept;
decisions and action items, which roll into the next meeting of a series."""

from __future__ import annotations

import datetime

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import reminders
from courts.choices import Role
from courts.models import Court, Person
from courts.permissions import can_change, is_portal_admin, person_of

from .models import ActionItem, Activity, MinutesComment, MinutesVersion
from .permissions import can_edit_activity

DRAFT, OPEN, FINAL = "draft", "open", "final"


def can_write_minutes(user, activity: Activity) -> bool:
    """The note-taker and the host court's secretary (and admins)."""
    person = person_of(user)
    return can_edit_activity(user, activity) or bool(person and activity.note_taker_id == person.pk)


def can_comment(user, activity: Activity) -> bool:
    person = person_of(user)
    return bool(person) and (
        is_portal_admin(user)
        or activity.attendances.filter(person=person).exists()
        or can_write_minutes(user, activity)
    )


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _snapshot(activity: Activity, by) -> None:
    activity.minutes_version += 1
    MinutesVersion.objects.create(
        activity=activity,
        number=activity.minutes_version,
        text=activity.minutes,
        decisions=activity.minutes_decisions,
        status=activity.minutes_status,
        saved_by=by,
    )


@transaction.atomic
def save_minutes(
    *, activity: Activity, by, text: str, decisions: str = "", note_taker: Person | None = None
) -> Activity:
    activity = _locked(activity)
    if not can_write_minutes(by, activity):
        raise PermissionDenied
    if activity.minutes_status == FINAL:
        raise ValidationError(_("Final minutes are locked and can no longer be changed."))
    if not text.strip():
        raise ValidationError({"text": _("Please write the minutes.")})
    activity.minutes = text
    activity.minutes_decisions = decisions
    fields = ["minutes", "minutes_decisions", "minutes_version", "updated_at"]
    if note_taker is not None and can_edit_activity(by, activity):
        activity.note_taker = note_taker
        fields.append("note_taker")
    _snapshot(activity, by)
    with set_actor(by):
        activity.save(update_fields=fields)
    if "note_taker" in fields:
        from .series import plan_meeting_reminders

        plan_meeting_reminders(activity)
    return activity


@transaction.atomic
def open_for_comments(*, activity: Activity, by, until: datetime.datetime) -> Activity:
    activity = _locked(activity)
    if not can_write_minutes(by, activity):
        raise PermissionDenied
    if activity.minutes_status == FINAL:
        raise ValidationError(_("Final minutes are locked and can no longer be changed."))
    if not activity.minutes.strip():
        raise ValidationError(_("Write the minutes before opening them for comments."))
    if until <= timezone.now():
        raise ValidationError({"until": _("The comment period must end in the future.")})
    activity.minutes_status = OPEN
    activity.comments_until = until
    _snapshot(activity, by)
    with set_actor(by):
        activity.save(update_fields=["minutes_status", "comments_until", "minutes_version"])
    return activity


@transaction.atomic
def comment_on_minutes(*, activity: Activity, by, text: str) -> MinutesComment:
    activity = _locked(activity)
    if not can_comment(by, activity):
        raise PermissionDenied
    if activity.minutes_status != OPEN or (
        activity.comments_until and timezone.now() > activity.comments_until
    ):
        raise ValidationError(_("The minutes are not open for comments."))
    if not text.strip():
        raise ValidationError({"text": _("Please write a comment.")})
    return MinutesComment.objects.create(activity=activity, author=by, text=text.strip())


@transaction.atomic
def finalise_minutes(*, activity: Activity, by) -> Activity:
    activity = _locked(activity)
    if not can_write_minutes(by, activity):
        raise PermissionDenied
    if activity.minutes_status == FINAL:
        raise ValidationError(_("The minutes are already final."))
    if not activity.minutes.strip():
        raise ValidationError(_("Write the minutes before finalising them."))
    activity.minutes_status = FINAL
    _snapshot(activity, by)
    with set_actor(by):
        activity.save(update_fields=["minutes_status", "minutes_version"])
    return activity


@transaction.atomic
def add_action_item(
    *, activity: Activity, by, court: Court, responsible: Person, what: str, due_date: datetime.date
) -> ActionItem:
    activity = _locked(activity)
    if not can_write_minutes(by, activity):
        raise PermissionDenied
    if activity.minutes_status == FINAL:
        raise ValidationError(_("Final minutes are locked and can no longer be changed."))
    if responsible.court_id != court.pk:
        raise ValidationError({"responsible": _("The responsible person must work at that court.")})
    if court not in activity.courts:
        raise ValidationError({"court": _("Choose one of the participating courts.")})
    item = ActionItem(
        activity=activity, court=court, responsible=responsible, what=what, due_date=due_date
    )
    item.full_clean()
    with set_actor(by):
        item.save()
    plan_action_item_reminders(item)
    return item


def can_close_action_item(user, item: ActionItem) -> bool:
    person = person_of(user)
    return (person is not None and item.responsible_id == person.pk) or can_change(
        user, item, role=Role.PARTY_SECRETARY
    )


@transaction.atomic
def close_action_item(*, item: ActionItem, by) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not can_close_action_item(by, item):
        raise PermissionDenied
    if item.done_at is None:
        item.done_at = timezone.now()
        with set_actor(by):
            item.save(update_fields=["done_at"])
    reminders.sync_reminders(item, [])
    return item


def plan_action_item_reminders(item: ActionItem) -> None:
    """The responsible person hears of the due date three days before, until it is done."""
    plan = []
    if item.done_at is None:
        plan = reminders.before_due_date(
            due_date=item.due_date,
            days=[3],
            recipient=item.responsible.user,
            title=_("Action item due on %(date)s: %(what)s")
            % {"date": item.due_date.isoformat(), "what": item.what},
            body=item.activity.title,
            link=item.get_absolute_url(),
        )
    reminders.sync_reminders(item, plan)


def carried_over(activity: Activity):
    """Open action items of the series' earlier meetings: the agenda of this one."""
    if activity.series_id is None:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.open()
        .filter(Q(activity__series_id=activity.series_id), activity__start__lt=activity.start)
        .select_related("court", "responsible", "activity")
    )


reminders.register_target(ActionItem, still_wanted=lambda item, r: item.done_at is None)
