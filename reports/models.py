from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courts.models import Court

from .workbook import XLSX, monthly_workbook_bytes


class MonthlyFigures(models.Model):
    """A court's figures of one month, sent to its secretaries as an Excel workbook at the start
    of the next month. The row is what their reminders point at (core.reminders): one per court
    and month, so that the mail is planned once — never twice — and sent until it goes."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The month's first day."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        ordering = ["-month", "court__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["court", "month"], name="one_monthly_figures_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court} · {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("courts:dashboard") + f"?year={self.month.year}&court={self.court_id}"

    # A reminder target (core.registry.ReminderTarget).
    def reminder_still_wanted(self, reminder: Any) -> bool:
        return True

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        name = f"{self.month:%Y-%m}-{self.court.slug}-figures.xlsx"
        return [(name, monthly_workbook_bytes(self.court, self.month), XLSX)]

    @property
    def last_day(self) -> datetime.date:
        following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
