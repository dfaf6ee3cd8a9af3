"""Writes for courts: cooperation items. Each service checks permission and records who acted."""

from __future__ import annotations

import datetime

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import reminders

from .choices import Role
from .models import CooperationItem, Court, Person
from .permissions import can_change_cooperation_item, court_of, has_role, is_portal_admin


def _check_item(item: CooperationItem) -> None:
    item.full_clean()


@transaction.atomic
def create_cooperation_item(
    *,
    by,
    title: str,
    area: str,
    lead_court: Court,
    responsible: Person,
    due_date: datetime.date,
    description: str = "",
    status: str = CooperationItem.Status.PLANNED,
    progress_note: str = "",
) -> CooperationItem:
    if not (
        is_portal_admin(by) or (has_role(by, Role.PARTY_SECRETARY) and court_of(by) == lead_court)
    ):
        raise PermissionDenied(_("You may only create cooperation items led by your own court."))
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
    _check_item(item)
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


@transaction.atomic
def update_cooperation_item(*, item: CooperationItem, by, **changes) -> CooperationItem:
    item = CooperationItem.objects.select_for_update().get(pk=item.pk)
    if not can_change_cooperation_item(by, item):
        raise PermissionDenied(_("You may not change this cooperation item."))
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if (
        "lead_court" in changes
        and not is_portal_admin(by)
        and changes["lead_court"] != item.lead_court
    ):
        raise ValidationError(
            {"lead_court": _("Only administrators may move an item to another court.")}
        )
    for field, value in changes.items():
        setattr(item, field, value)
    _check_item(item)
    with set_actor(by):
        item.save()
    plan_item_reminders(item)
    return item


REMIND_BEFORE_DAYS = (7, 1)


def plan_item_reminders(item: CooperationItem) -> None:
    """The responsible leader hears of the due date a week and a day before."""
    plan = []
    if item.status not in {CooperationItem.Status.DONE, CooperationItem.Status.DROPPED}:
        plan = reminders.before_due_date(
            due_date=item.due_date,
            days=REMIND_BEFORE_DAYS,
            recipient=item.responsible.user,
            title=_("Cooperation item due on %(date)s: %(title)s")
            % {"date": item.due_date.isoformat(), "title": item.title},
            body=item.progress_note,
            link=item.get_absolute_url(),
        )
    reminders.sync_reminders(item, plan)


def _item_still_wanted(item: CooperationItem, reminder) -> bool:
    return item.status not in {CooperationItem.Status.DONE, CooperationItem.Status.DROPPED}


reminders.register_target(CooperationItem, still_wanted=_item_still_wanted)
