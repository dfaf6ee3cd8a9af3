"""Minutes of an activity: draft → open for comments → final (locked), every version kept;
decisions and action items, which roll into the next meeting of a series."""

from __future__ import annotations

import datetime

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import reminders
from core.access import require
from core.clock import require_open
from core.types import Actor
from core.updates import model_update
from core.workflow import transition
from courts.models import Court, Person

from . import notices, windows
from .meeting_reminders import plan_meeting_reminders
from .models import ActionItem, Activity, MinutesComment, MinutesVersion
from .permissions import (
    can_choose_note_taker,
    can_close_action_item,
    can_comment_on_minutes,
    can_write_minutes,
)
from .workflows import FINAL, MINUTES, OPEN


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _snapshot(
    activity: Activity,
    by: Actor,
    *,
    text: str | None = None,
    decisions: str | None = None,
    status: str | None = None,
) -> int:
    """Keep this state of the minutes (``text``, ``decisions``: the ones being saved;
    ``status``: the one it moves to) as a new version; returns its number."""
    number = activity.minutes_version + 1
    with set_actor(by):
        MinutesVersion.objects.create(
            activity=activity,
            number=number,
            text=activity.minutes if text is None else text,
            decisions=activity.minutes_decisions if decisions is None else decisions,
            status=status or activity.minutes_status,
            saved_by=by,
        )
    return number


@transaction.atomic
def save_minutes(
    *,
    activity: Activity,
    by: Actor,
    text: str,
    decisions: str = "",
    note_taker: Person | None = None,
) -> Activity:
    activity = _locked(activity)
    _refuse_final(activity)
    require(can_write_minutes(by, activity))
    if not text.strip():
        raise ValidationError({"text": _("Please write the minutes.")})
    data: dict[str, object] = {
        "minutes": text,
        "minutes_decisions": decisions,
        "minutes_version": _snapshot(activity, by, text=text, decisions=decisions),
    }
    if (
        note_taker is not None
        and note_taker.pk != activity.note_taker_id
        and can_choose_note_taker(by, activity)
    ):
        data["note_taker"] = note_taker
    with set_actor(by):
        changed = model_update(instance=activity, fields=data, data=data)
    if "note_taker" in changed:
        plan_meeting_reminders(activity)
    return activity


@transaction.atomic
def open_for_comments(*, activity: Activity, by: Actor, until: datetime.datetime) -> Activity:
    activity = _locked(activity)
    _refuse_final(activity)
    require(can_write_minutes(by, activity))
    if not activity.minutes.strip():
        raise ValidationError(_("Write the minutes before opening them for comments."))
    if until <= timezone.now():
        raise ValidationError({"until": _("The comment period must end in the future.")})
    activity.comments_until = until
    activity.minutes_version = _snapshot(activity, by, status=OPEN)
    return transition(
        activity,
        OPEN,
        by=by,
        workflow=MINUTES,
        also=["comments_until", "minutes_version"],
        notify=notices.tell_comments_open,
    )


@transaction.atomic
def comment_on_minutes(*, activity: Activity, by: Actor, text: str) -> MinutesComment:
    activity = _locked(activity)
    if activity.minutes_status != OPEN or (
        activity.comments_until and timezone.now() > activity.comments_until
    ):
        raise ValidationError(_("The minutes are not open for comments."))
    require(can_comment_on_minutes(by, activity))
    if not text.strip():
        raise ValidationError({"text": _("Please write a comment.")})
    with set_actor(by):
        return MinutesComment.objects.create(activity=activity, author=by, text=text.strip())


@transaction.atomic
def finalise_minutes(*, activity: Activity, by: Actor) -> Activity:
    activity = _locked(activity)
    if activity.minutes_status == FINAL:
        raise ValidationError(_("The minutes are already final."))
    require(can_write_minutes(by, activity))
    require_open(windows.window_finalise_minutes(activity))
    if not activity.minutes.strip():
        raise ValidationError(_("Write the minutes before finalising them."))
    activity.minutes_version = _snapshot(activity, by, status=FINAL)
    return transition(activity, FINAL, by=by, workflow=MINUTES, also=["minutes_version"])


def _refuse_final(activity: Activity) -> None:
    if activity.minutes_status == FINAL:
        raise ValidationError(_("Final minutes are locked and can no longer be changed."))


@transaction.atomic
def add_action_item(
    *,
    activity: Activity,
    by: Actor,
    court: Court,
    responsible: Person,
    what: str,
    due_date: datetime.date,
) -> ActionItem:
    activity = _locked(activity)
    _refuse_final(activity)
    require(can_write_minutes(by, activity))
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
    notices.tell_action_item(item)
    return item


@transaction.atomic
def close_action_item(*, item: ActionItem, by: Actor) -> ActionItem:
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.done_at is not None:
        return item  # done twice changes nothing
    require(can_close_action_item(by, item))
    with set_actor(by):
        model_update(instance=item, fields=["done_at"], data={"done_at": timezone.now()})
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
            title=lambda: (
                _("Action item due on %(date)s: %(what)s")
                % {"date": formats.date_format(item.due_date, "DATE_FORMAT"), "what": item.what}
            ),
            body=item.activity.title,
            link=item.get_absolute_url(),
        )
    reminders.sync_reminders(item, plan)


def carried_over(activity: Activity) -> QuerySet[ActionItem]:
    """Open action items of the series' earlier meetings: the agenda of this one."""
    if activity.series_id is None:
        return ActionItem.objects.none()
    return (
        ActionItem.objects.open()
        .filter(Q(activity__series_id=activity.series_id), activity__start__lt=activity.start)
        .select_related("court", "responsible", "activity")
    )
