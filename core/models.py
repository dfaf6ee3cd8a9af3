from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskHeartbeat(models.Model):
    """When each periodic task last ran: shows that the worker and beat are alive."""

    name = models.CharField(_("task"), max_length=100, unique=True)
    last_run = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("task heartbeat")
        verbose_name_plural = _("task heartbeats")

    def __str__(self) -> str:
        return self.name


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_user(self, user: Any) -> NotificationQuerySet:
        return self.filter(recipient=user)


class Notification(models.Model):
    """A message in a user's portal inbox (站内消息)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # The title and message in the portal's other languages ({"en": {"title": …, "body": …}}),
    # written with the notice so that each reader's inbox reads in their language.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # What the notice is about (optional): its e-mail carries the target's calendar entry.
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of record"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # The reminder this notice delivers: at most one inbox notice per reminder, whatever
    # crashes and retries happen (the inbox is the exactly-once channel).
    reminder = models.OneToOneField(
        "core.Reminder",
        verbose_name=_("reminder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_notice",
    )

    class Email(models.TextChoices):
        NONE = "none", _("not by e-mail")
        PENDING = "pending", _("waiting to be e-mailed")
        SENDING = "sending", _("being e-mailed")
        SENT = "sent", _("e-mailed")
        FAILED = "failed", _("e-mail failed")

    email = models.CharField(_("e-mail"), max_length=10, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The header's unread count on every page: only the unread rows, by recipient.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # The inbox: a recipient's notices newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(email="pending"),
                name="notification_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def _in_reader_language(self, part: str) -> str:
        from django.utils.translation import get_language

        words = (self.translations or {}).get(get_language() or "", {})
        return words.get(part) or getattr(self, part)

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when it was written in it, else as sent."""
        return self._in_reader_language("title")

    @property
    def shown_body(self) -> str:
        return self._in_reader_language("body")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret in a user's private iCalendar feed URL; resetting it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return str(self.user)


class ReminderQuerySet(models.QuerySet):
    def pending(self) -> ReminderQuerySet:
        return self.filter(status=Reminder.Status.PENDING)

    def due(self, now: datetime.datetime) -> ReminderQuerySet:
        return self.pending().filter(due_at__lte=now)

    def for_object(self, obj: models.Model) -> ReminderQuerySet:
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Reminder(models.Model):
    """One reminder to one person at one stage of one thing (a meeting, an item…).

    Unique per (thing, stage, recipient), so a plan computed twice never doubles a reminder.
    The sweep claims due rows under a row lock and stamps them in the same transaction."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Waiting to retry")
        SENT = "sent", _("Sent")
        MISSED = "missed", _("Missed (too late to be useful)")
        CANCELLED = "cancelled", _("Withdrawn")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of record"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record number"))
    target = GenericForeignKey("content_type", "object_id")
    stage = models.CharField(_("stage"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # The title and message in the portal's other languages, carried into the inbox notice.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    due_at = models.DateTimeField(_("due at"))
    expires_at = models.DateTimeField(_("useless after"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Failed sends so far; a failed channel is tried again after a backoff (due_at moves on)
    # until it succeeds or the reminder is useless (expires_at): then it is "missed".
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Due in the same sweep as another stage for the same person and thing: sent in that
    # reminder's one message ("会前7天、会前1天"), and settled with it.
    joined_to = models.ForeignKey(
        "self",
        verbose_name=_("sent in one message with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joined",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "stage", "recipient"],
                name="one_reminder_per_stage_and_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """The delivery log: each channel tried for a reminder, when, and what happened."""

    class Channel(models.TextChoices):
        INBOX = "inbox", _("Portal inbox")
        EMAIL = "email", _("E-mail")
        WEBHOOK = "webhook", _("Group robot (webhook)")

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("reminder"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    # None while the attempt is under way; left None when the sweep died before it could
    # record the answer (the message may or may not have gone: the attempt still shows).
    ok = models.BooleanField(_("delivered"), null=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")

    def __str__(self) -> str:
        mark = "?" if self.ok is None else "✔" if self.ok else "✘"
        return f"{self.get_channel_display()} {mark}"
