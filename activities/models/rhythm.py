"""The rhythm of 三会一课 (activities/rhythm.py): its kinds and periods, and the branches behind
it that their court's secretaries are reminded of."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.clock import local_midnight
from courts.models import PartyBranch

from .activity import Activity, Attendance, Kind


@dataclass(frozen=True)
class Beat:
    key: str
    label: Any
    kinds: tuple[str, ...]
    months: int  # 1: every month; 3: every quarter


BEATS = (
    Beat("committee", _("Branch committee meeting"), (Kind.BRANCH_COMMITTEE_MEETING,), 1),
    Beat("group", _("Party group meeting"), (Kind.PARTY_GROUP_MEETING,), 1),
    Beat("general", _("Branch general meeting"), (Kind.BRANCH_GENERAL_MEETING,), 3),
    Beat("lesson", _("Party lesson"), (Kind.PARTY_LESSON, Kind.JOINT_PARTY_LESSON), 3),
)
BEAT_BY_KEY = {beat.key: beat for beat in BEATS}
HELD = (Activity.Status.HELD, Activity.Status.COMPLETED)
CAME = (Attendance.Status.SIGNED_IN, Attendance.Status.LATE)


def period_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month (``months`` 1) or quarter (3) ``day`` falls in."""
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def held_since(branch_id: int, beat: Beat, day: datetime.date) -> bool:
    """Has the branch held a meeting of ``beat`` on or after ``day``?"""
    return Attendance.objects.filter(
        person__branch=branch_id,
        status__in=CAME,
        activity__status__in=HELD,
        activity__kind__in=beat.kinds,
        activity__start__gte=local_midnight(day),
    ).exists()


class BranchBehind(models.Model):
    """A Party branch that let a period pass without a kind of 三会一课 (activities.rhythm): what
    its court's secretaries are reminded of, once per branch, kind and due date, and no longer
    once the branch has held one."""

    branch = models.ForeignKey(
        PartyBranch, verbose_name=_("Party branch"), on_delete=models.CASCADE, related_name="+"
    )
    beat = models.CharField(_("kind of meeting"), max_length=20)
    due_on = models.DateField(_("due since"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("branch behind its rhythm")
        verbose_name_plural = _("branches behind their rhythm")
        ordering = ["-due_on", "branch"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "beat", "due_on"], name="one_reminder_per_branch_beat_due"
            )
        ]

    def __str__(self) -> str:
        return f"{self.branch} · {self.beat} · {self.due_on}"

    def get_absolute_url(self) -> str:
        return reverse("courts:branch-record", args=[self.branch_id])

    # A reminder target (core.registry.ReminderTarget).
    def reminder_still_wanted(self, reminder: Any) -> bool:
        beat = BEAT_BY_KEY.get(self.beat)
        return beat is not None and not held_since(
            self.branch_id, beat, period_start(self.due_on, beat.months)
        )

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        return []
