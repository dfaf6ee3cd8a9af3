"""Writes of the reports: planning the monthly figures' e-mail."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import reminders
from courts.models import Court
from courts.selectors import secretaries

from .models import MonthlyFigures

STAGE = "secretaries+0d"
KEEP_TRYING = datetime.timedelta(days=7)  # a month's figures are still worth having a week on


def previous_month(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def plan_monthly_figures(now: datetime.datetime | None = None) -> int:
    """Once a month has ended, each court's secretaries get its figures: an inbox notice and,
    where the court sends e-mail, the workbook attached — through the reminder sweep, so that it
    goes out once and is tried again until it does (or a week has passed). Safe to run any
    number of times (hourly by beat): a court's month is planned once. Returns how many
    courts' months were planned now."""
    now = now or timezone.now()
    month = previous_month(timezone.localdate(now))
    planned = 0
    for court in Court.objects.order_by("sort_order"):
        with transaction.atomic():
            figures, created = MonthlyFigures.objects.get_or_create(court=court, month=month)
            if not created:
                continue
            reminders.sync_reminders(figures, _plan(figures, now))
            planned += 1
    return planned


def _plan(figures: MonthlyFigures, now: datetime.datetime) -> list[reminders.Planned]:
    def title() -> str:
        return _("%(court)s's figures of %(month)s") % {
            "court": figures.court.short_name,
            "month": formats.date_format(figures.month, "YEAR_MONTH_FORMAT"),
        }

    def body() -> str:
        return _(
            "The month's counts, the year's so far and the targets are in the attached workbook "
            "(or on the dashboard)."
        )

    return [
        reminders.Planned(
            stage=STAGE,
            recipient=person.user,
            due_at=now,
            expires_at=now + KEEP_TRYING,
            title=title,
            body=body,
            link=figures.get_absolute_url(),
        )
        for person in secretaries([figures.court])
    ]
