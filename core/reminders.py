"""Reminders that are neither lost nor sent twice.

* A plan is a list of ``Planned`` rows; ``sync_reminders`` writes it for one target (a meeting,
  a cooperation item…): pending rows are moved to the new time, rows no longer planned are
  withdrawn, sent rows are never touched. A unique constraint holds one row per
  (target, stage, recipient).
* ``send_due_reminders`` is the sweep (Celery beat runs it every minute; so does the
  ``send_due_reminders`` command). It claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED``
  and stamps them in the same transaction, so two sweeps at once, a redelivered task or a retry
  after a crash never send a reminder twice. Nothing waits in the broker: a sweep after an outage
  sends what is still useful and marks the rest missed.
"""

from __future__ import annotations

import datetime
import json
import logging
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Delivery, Notification, Reminder
from .registry import reminder_target

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)
WEBHOOK_TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class Planned:
    stage: str
    recipient: User
    due_at: datetime.datetime
    expires_at: datetime.datetime
    title: str
    body: str = ""
    link: str = ""


def before_due_date(
    *,
    due_date: datetime.date,
    days: Iterable[int],
    recipient: User,
    title: str,
    body: str = "",
    link: str = "",
) -> list[Planned]:
    """Reminders some days before a due date, at 9:00; useless after that day's end."""
    zone = timezone.get_current_timezone()
    due = datetime.datetime.combine(due_date, datetime.time(9, 0), tzinfo=zone)
    return [
        Planned(
            stage=f"due-{n}d",
            recipient=recipient,
            due_at=due - datetime.timedelta(days=n),
            expires_at=due + datetime.timedelta(hours=15),
            title=title,
            body=body,
            link=link,
        )
        for n in days
    ]


@transaction.atomic
def sync_reminders(target: Model, plan: Iterable[Planned]) -> dict[str, int]:
    """Make the pending reminders of ``target`` match ``plan``; sent ones stay as they were."""
    content_type = ContentType.objects.get_for_model(target)
    existing = {
        (r.stage, r.recipient_id): r
        for r in Reminder.objects.select_for_update().filter(
            content_type=content_type, object_id=target.pk
        )
    }
    counts = {"created": 0, "moved": 0, "withdrawn": 0}
    wanted = set()
    for item in plan:
        key = (item.stage, item.recipient.pk)
        if key in wanted:
            continue
        wanted.add(key)
        row = existing.get(key)
        if row is None:
            Reminder.objects.create(
                content_type=content_type,
                object_id=target.pk,
                stage=item.stage,
                recipient=item.recipient,
                due_at=item.due_at,
                expires_at=item.expires_at,
                title=item.title,
                body=item.body,
                link=item.link,
            )
            counts["created"] += 1
        elif row.status in {Reminder.Status.PENDING, Reminder.Status.CANCELLED}:
            fields = {
                "due_at": item.due_at,
                "expires_at": item.expires_at,
                "title": item.title,
                "body": item.body,
                "link": item.link,
                "status": Reminder.Status.PENDING,
            }
            if any(getattr(row, k) != v for k, v in fields.items()):
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save(update_fields=list(fields))
                counts["moved"] += 1
    for key, row in existing.items():
        if key not in wanted and row.status == Reminder.Status.PENDING:
            row.status = Reminder.Status.CANCELLED
            row.save(update_fields=["status"])
            counts["withdrawn"] += 1
    return counts


@transaction.atomic
def withdraw_reminders(target: Model) -> set[int]:
    """Withdraw the pending reminders of ``target``. Returns the ids of the users who were
    already reminded, so that the caller can tell them (once each) what changed."""
    rows = Reminder.objects.for_object(target).select_for_update()
    rows.filter(status=Reminder.Status.PENDING).update(status=Reminder.Status.CANCELLED)
    return set(rows.filter(status=Reminder.Status.SENT).values_list("recipient_id", flat=True))


def reminded_users(target: Model) -> set[int]:
    """The ids of the users a reminder about ``target`` already reached."""
    return set(
        Reminder.objects.for_object(target)
        .filter(status=Reminder.Status.SENT)
        .values_list("recipient_id", flat=True)
    )


@dataclass
class SweepResult:
    sent: int = 0
    missed: int = 0
    withdrawn: int = 0
    failed_webhooks: set = field(default_factory=set)


def send_due_reminders(*, now: datetime.datetime | None = None, batch: int = 50) -> SweepResult:
    """Send every due reminder once. Safe to run in several processes at the same time."""
    now = now or timezone.now()
    result = SweepResult()
    while True:
        with transaction.atomic():
            rows = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=Reminder.Status.PENDING, due_at__lte=now)
                .select_related("recipient__person__court", "content_type")
                .order_by("due_at", "id")[:batch]
            )
            if not rows:
                return result
            for row in rows:
                _settle(row, now=now, result=result)


def _settle(row: Reminder, *, now: datetime.datetime, result: SweepResult) -> None:
    label = f"{row.content_type.app_label}.{row.content_type.model}"
    registered = reminder_target(label) is not None
    target = row.target if registered else None
    if not registered:
        # Never send blind: a target no app registered (an app removed, a module not loaded).
        logger.warning("reminder %s: %s is no registered reminder target; withdrawn", row.pk, label)
        row.status = Reminder.Status.CANCELLED
        result.withdrawn += 1
    elif target is None or not target.reminder_still_wanted(row):
        row.status = Reminder.Status.CANCELLED
        result.withdrawn += 1
    elif now > row.expires_at:
        row.status = Reminder.Status.MISSED
        result.missed += 1
    else:
        _deliver(row, target=target, result=result)
        row.status = Reminder.Status.SENT
        row.sent_at = now
        result.sent += 1
    row.save(update_fields=["status", "sent_at"])


def _deliver(row: Reminder, *, target: Any, result: SweepResult) -> None:
    """The inbox always; then the court's channels, e-mail as the fallback of the robot."""
    Notification.objects.create(
        recipient=row.recipient, title=row.title, body=row.body, link=row.link
    )
    Delivery.objects.create(reminder=row, channel=Delivery.Channel.INBOX, ok=True)
    person = getattr(row.recipient, "person", None)
    court = getattr(person, "court", None)
    wants_email = bool(court is None or court.email_reminders)
    if court is not None and court.webhook_url:
        if court.pk in result.failed_webhooks:
            ok, detail = False, "skipped: the robot failed earlier in this sweep"
        else:
            ok, detail = _post_webhook(court, row)
            if not ok:
                result.failed_webhooks.add(court.pk)
        Delivery.objects.create(
            reminder=row, channel=Delivery.Channel.WEBHOOK, ok=ok, detail=detail[:300]
        )
        wants_email = wants_email or not ok
    if wants_email and row.recipient.email:
        ok, detail = _send_email(row, target=target)
        Delivery.objects.create(
            reminder=row, channel=Delivery.Channel.EMAIL, ok=ok, detail=detail[:300]
        )


def _send_email(row: Reminder, *, target: Any) -> tuple[bool, str]:
    try:
        with translation.override("zh-hans"):
            message = EmailMessage(
                subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{row.title}",
                body=f"{row.body}\n\n{_site_url()}{row.link}".strip(),
                to=[row.recipient.email],
            )
            for name, content, mimetype in target.reminder_attachments():
                message.attach(name, content, mimetype)
            message.send()
    except Exception as error:  # the mail server is outside the system
        logger.warning("reminder %s: e-mail failed: %s", row.pk, error)
        return False, str(error)
    return True, row.recipient.email


def _post_webhook(court: Any, row: Reminder) -> tuple[bool, str]:
    text = f"{row.title}\n{row.body}\n{_site_url()}{row.link}".strip()
    payload = json.dumps({"msgtype": "text", "text": {"content": text}}).encode("utf-8")
    if not court.webhook_url.lower().startswith(("https://", "http://")):
        return False, "refused: only http(s) robot addresses"
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        court.webhook_url, data=payload, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(2000).decode("utf-8", "replace")
            status = response.status
    except Exception as error:  # the robot is outside the system
        logger.warning("reminder %s: webhook of %s failed: %s", row.pk, court.slug, error)
        return False, str(error) or error.__class__.__name__
    ok = (
        200 <= status < 300
        and '"errcode":0' in body.replace(" ", "")
        or (200 <= status < 300 and "errcode" not in body)
    )
    return ok, f"HTTP {status} {body[:200]}"


def _site_url() -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/")


def send_test_webhook(court: Any) -> tuple[bool, str]:
    """Post a test message to a court's robot (admin action)."""
    row = Reminder(title=_("Test message from the Jin-Ping-Jia portal"), body="", link="")
    return _post_webhook(court, row)
