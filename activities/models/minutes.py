"""Minutes: versions, comments and action items."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import portal_years
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet

from .activity import MINUTES_STATUS, Activity


class MinutesVersion(models.Model):
    """Every saved state of an activity's minutes; final minutes are locked, versions kept."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="minutes_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("minutes"))
    decisions = models.TextField(_("decisions"), blank=True)
    status = models.CharField(_("minutes status"), max_length=10, choices=MINUTES_STATUS)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "number"], name="one_minutes_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} v{self.number}"


class MinutesComment(models.Model):
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="minutes_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")

    def __str__(self) -> str:
        return self.text[:40]


class ActionItemQuerySet(CourtScopedQuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=timezone.localdate())


class ActionItem(CourtOwned):
    """An action item (待办事项) agreed at a meeting: which court, who, what, by when."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("agreed at"), on_delete=models.CASCADE, related_name="action_items"
    )
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        Person, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="action_items"
    )
    what = models.CharField(_("what"), max_length=300)
    due_date = models.DateField(_("due date"), validators=[portal_years])
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.what

    def get_absolute_url(self) -> str:
        return reverse("activities:minutes", kwargs={"pk": self.activity_id})

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()

    # A reminder target (core.registry.ReminderTarget): reminded until done.
    def reminder_still_wanted(self, reminder: Any) -> bool:
        return self.done_at is None

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        return []
