"""Writes for courts: cooperation items. Each service checks permission and records who acted."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import reminders
from core.access import require
from core.services import tell
from core.types import Actor
from core.updates import model_update
from core.workflow import transition

from . import registry
from .models import CooperationItem, Court, Person, Target
from .permissions import (
    can_act_for_court,
    can_change_target,
    can_edit_cooperation_item,
    can_move_cooperation_item,
    can_set_target,
)
from .selectors import secretaries
from .workflows import COOPERATION


@transaction.atomic
def create_cooperation_item(
    *,
    by: Actor,
    title: str,
    area: str,
    lead_court: Court,
    responsible: Person,
    due_date: datetime.date,
    description: str = "",
    status: str = CooperationItem.Status.PLANNED,
    progress_note: str = "",
) -> CooperationItem:
    require(
        can_act_for_court(by, lead_court),
        _("You may only create cooperation items led by your own court."),
    )
    item = CooperationItem(
        title=title,
        area=area,
        lead_court=lead_court,
        responsible=responsible,
        due_date=due_date,
        description=description,
        status=status,
        progress_note=progress_note,
    )
    item.full_clean()
    with set_actor(by):
        item.save()
    plan_item_reminders(item)
    return item


EDITABLE_FIELDS = {
    "title",
    "area",
    "description",
    "responsible",
    "due_date",
    "status",
    "progress_note",
    "lead_court",
}
# What the reminders say and when they go out.
REMINDER_FIELDS = {"title", "responsible", "due_date", "status", "progress_note"}


@transaction.atomic
def update_cooperation_item(*, item: CooperationItem, by: Actor, **changes: Any) -> set[str]:
    """Change an item; returns the fields that changed. Reminders follow the due date,
    the responsible leader and the status."""
    item = CooperationItem.objects.select_for_update().get(pk=item.pk)
    require(can_edit_cooperation_item(by, item), _("You may not change this cooperation item."))
    if (
        "lead_court" in changes
        and changes["lead_court"] != item.lead_court
        and not can_move_cooperation_item(by, item)
    ):
        raise ValidationError(
            {"lead_court": _("Only administrators may move an item to another court.")}
        )
    status = changes.pop("status", item.status)
    with set_actor(by):
        changed = model_update(instance=item, fields=EDITABLE_FIELDS, data=changes)
    if status != item.status:
        try:
            transition(item, status, by=by, workflow=COOPERATION)
        except ValidationError as error:
            raise ValidationError({"status": error.messages}) from None
        changed.add("status")
    if changed & REMINDER_FIELDS:
        plan_item_reminders(item)
    return changed


REMIND_BEFORE_DAYS = (7, 1)


def plan_item_reminders(item: CooperationItem) -> None:
    """The responsible leader hears of the due date a week and a day before."""
    plan = []
    if item.is_open:
        plan = reminders.before_due_date(
            due_date=item.due_date,
            days=REMIND_BEFORE_DAYS,
            recipient=item.responsible.user,
            title=lambda: (
                _("Cooperation item due on %(date)s: %(title)s")
                % {"date": formats.date_format(item.due_date, "DATE_FORMAT"), "title": item.title}
            ),
            body=item.progress_note,
            link=item.get_absolute_url(),
        )
    reminders.sync_reminders(item, plan)


# --- Targets -----------------------------------------------------------------------------------


@transaction.atomic
def set_target(*, by: Actor, year: int, court: Court, figure: str, row: str, value: int) -> Target:
    """Set ``court``'s target for a measure of the dashboard in one of its rows: a new one, or
    a new value for the one it has (audited either way)."""
    require(can_set_target(by, court), _("You may only set targets for your own court."))
    measure = registry.figure(figure)
    if measure is None or row not in dict(registry.figure_rows(measure)):
        raise ValidationError({"measure": _("Choose a measure from the list.")})
    target = (
        Target.objects.select_for_update().filter(year=year, court=court, figure=figure, row=row)
    ).first()
    with set_actor(by):
        if target is None:
            target = Target(year=year, court=court, figure=figure, row=row, value=value, set_by=by)
            target.full_clean()
            target.save()
        else:
            model_update(
                instance=target, fields={"value", "set_by"}, data={"value": value, "set_by": by}
            )
    _tell_secretaries(
        target,
        by,
        gettext_lazy("%(court)s's target for %(year)s set: %(measure)s · %(row)s, %(value)s"),
    )
    return target


@transaction.atomic
def remove_target(*, by: Actor, target: Target) -> None:
    target = Target.objects.select_for_update().get(pk=target.pk)
    require(can_change_target(by, target), _("You may only change your own court's targets."))
    with set_actor(by):
        target.delete()
    _tell_secretaries(
        target,
        by,
        gettext_lazy("%(court)s's target for %(year)s removed: %(measure)s · %(row)s"),
    )


def _tell_secretaries(target: Target, by: Actor, title: Any) -> None:
    """A court's targets are its secretaries' to reach: the others hear of a change one of
    them (or an administrator) made."""
    measure = registry.figure(target.figure)
    rows = dict(registry.figure_rows(measure)) if measure else {}
    tell(
        recipients=[p.user for p in secretaries([target.court_id]) if p.user_id != by.pk],
        title=title,
        params={
            "court": lambda: target.court.short_name,
            "year": str(target.year),
            "measure": measure.label if measure else target.figure,
            "row": rows.get(target.row, target.row),
            "value": str(target.value),
        },
        link=f"{reverse('courts:targets')}?year={target.year}",
    )
