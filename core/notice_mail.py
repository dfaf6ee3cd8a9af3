"""Notices by e-mail: each person's queued inbox notices go out together as one message.

``services.notify`` queues a notice for e-mail when the person reads notices by e-mail (the
registered policy: their court's setting and an address). This sweep (Celery beat, every
minute) takes one person at a time with ``SELECT … FOR UPDATE SKIP LOCKED``, marks their queued
notices "being e-mailed" (committed), sends one message carrying all of them with the calendar
entries they concern, then marks them e-mailed (committed). As with reminders, a crash costs at
most the one message in flight, which a later sweep sends again after ``CLAIM_LEASE``."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import ngettext, pgettext

from . import mail
from .models import Notification

logger = logging.getLogger(__name__)
CLAIM_LEASE = datetime.timedelta(minutes=10)
SWEEP_BUDGET_SECONDS = 40
MAX_PER_MESSAGE = 20


@dataclass
class NoticeSweep:
    messages: int = 0
    notices: int = 0
    failed: int = 0
    stopped_early: bool = False


def _due() -> Q:
    stale = timezone.now() - CLAIM_LEASE
    return Q(email=Notification.Email.PENDING) | Q(
        email=Notification.Email.SENDING, emailed_at__lt=stale
    )


def send_notice_emails(
    *, budget_seconds: float = SWEEP_BUDGET_SECONDS, clock: Any = time.monotonic
) -> NoticeSweep:
    started = clock()
    result = NoticeSweep()
    while True:
        if clock() - started >= budget_seconds:
            result.stopped_early = True
            return result
        notices = _claim_one_person()
        if not notices:
            return result
        ok = _send(notices)
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                email=Notification.Email.SENT if ok else Notification.Email.FAILED,
                emailed_at=timezone.now(),
            )
        result.messages += 1
        result.notices += len(notices)
        result.failed += 0 if ok else 1


def _claim_one_person() -> list[Notification]:
    with transaction.atomic():
        first = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_due())
            .order_by("created_at", "id")
            .first()
        )
        if first is None:
            return []
        notices = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_due(), recipient_id=first.recipient_id)
            .select_related("recipient", "target_type")
            .order_by("created_at", "id")[:MAX_PER_MESSAGE]
        )
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            email=Notification.Email.SENDING, emailed_at=timezone.now()
        )
    return notices


def subject_for(notices: list[Notification]) -> str:
    """What happened, in the subject: the notice's title, or the count and the first titles."""
    if len(notices) == 1:
        return notices[0].title
    titles = pgettext("between titles", "; ").join(n.title for n in notices[:2])
    more = "…" if len(notices) > 2 else ""
    return ngettext(
        "%(count)d notice: %(titles)s%(more)s",
        "%(count)d notices: %(titles)s%(more)s",
        len(notices),
    ) % {"count": len(notices), "titles": titles, "more": more}


def _send(notices: list[Notification]) -> bool:
    recipient = notices[0].recipient
    events = {}
    for notice in notices:
        target = notice.target if notice.target_type_id else None
        event = getattr(target, "as_calendar_event", None)
        if event is not None:
            events[notice.target_id] = event()  # the latest state of each event, once
    try:
        with translation.override(settings.LANGUAGE_CODE):
            message = mail.build(
                to=recipient.email,
                subject=subject_for(notices),
                items=[{"title": n.title, "body": n.body, "link": n.link} for n in notices],
                events=events.values(),
            )
        mail.send(message)
    except Exception as error:  # the mail server is outside the system
        logger.warning("notice e-mail to user %s failed: %s", recipient.pk, error)
        return False
    return True
