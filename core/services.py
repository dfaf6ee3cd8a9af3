"""Portal-wide writes: task heartbeats and the audit-trail retention."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .checks import MIN_AUDIT_RETENTION_DAYS
from .languages import Text, written
from .models import CalendarToken, Notification, TaskHeartbeat, new_calendar_token
from .registry import wants_email
from .reminders import fit_title
from .types import Actor
from .updates import model_update

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from django.db.models import Model

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .models import CalendarToken, Notification


def record_heartbeat(*, name: str, now: datetime.datetime | None = None) -> TaskHeartbeat:
    heartbeat, _created = TaskHeartbeat.objects.update_or_create(
        name=name, defaults={"last_run": now or timezone.now()}
    )
    return heartbeat


@transaction.atomic
def purge_old_audit_entries(*, now: datetime.datetime | None = None) -> int:
    """Delete audit entries older than the retention period (never less than 180 days)."""
    days = max(settings.AUDIT_RETENTION_DAYS, MIN_AUDIT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    deleted, _per_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


def in_portal_language(function: F) -> F:
    """Notices are stored and e-mailed later, to people other than whoever caused them: they
    are written in the portal's language, not the active request's."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return cast(F, wrapper)


def notify(
    *,
    recipients: Iterable[User | None],
    title: Text,
    body: Text = "",
    link: str = "",
    target: Model | None = None,
) -> int:
    """Put a message in each recipient's portal inbox (once per person), and queue it for
    e-mail where the registered e-mail policy says the person reads notices by e-mail (the
    ``send_notice_emails`` task sends a person's queued notices as one message). ``target``:
    what the notice is about; its e-mail carries the target's calendar entry. Returns how many
    people were told.

    ``title`` and ``body`` may be callables that build the text in the active language: they
    are then written in the portal's language (the notice, its e-mail) and in each other
    language of the portal, so that every reader's inbox reads in their own."""
    from django.contrib.contenttypes.models import ContentType

    users = {user.pk: user for user in recipients if user is not None}
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    portal = settings.LANGUAGE_CODE
    translations = (
        {
            code: {
                "title": fit_title(written(title, code)),
                "body": written(body, code),
            }
            for code, _name in settings.LANGUAGES
            if code != portal
        }
        if callable(title) or callable(body)
        else {}
    )
    title, body = written(title, portal), written(body, portal)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            title=fit_title(title),
            body=body,
            translations=translations,
            link=link,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            email=Notification.Email.PENDING if wants_email(user) else Notification.Email.NONE,
        )
        for pk, user in users.items()
    )
    return len(users)


def _in_words(value: Any) -> Any:
    """A notice's value in the active language: callables called, lazy translations and dates
    rendered (a date in the language's own form)."""
    from django.utils import formats
    from django.utils.functional import Promise

    if callable(value):
        value = value()
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value) if isinstance(value, Promise) else value


@in_portal_language
def tell(
    *,
    recipients: Iterable[User | None],
    title: Any,
    params: dict[str, Any] | None = None,
    body: Any = "",
    link: str = "",
    target: Model | None = None,
) -> int:
    """:func:`notify` in the portal's language, whatever the language of the request that
    caused it: ``title`` (and ``body``) are lazy translations with ``%(name)s`` placeholders;
    ``params`` are rendered here — callables (a court's name in the active language) and lazy
    translations in that language, dates and times in its format."""

    def written_title() -> str:
        values = {key: _in_words(value) for key, value in (params or {}).items()}
        return str(title) % values if values else str(title)

    return notify(
        recipients=recipients,
        title=written_title,
        body=(lambda: str(body)) if body else "",
        link=link,
        target=target,
    )


def mark_notification_read(*, notification: Notification, by: Actor) -> None:

    Notification.objects.filter(pk=notification.pk, recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_notifications_read(*, by: Actor) -> int:
    """Every unread notice of ``by`` read now (全部已读); returns how many."""

    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def reset_calendar_token(*, user: Actor) -> tuple[CalendarToken, bool]:
    """The user's feed address, made new; and whether it is their first (nothing replaced)."""

    token, created = CalendarToken.objects.get_or_create(user=user)
    if not created:
        # created_at (auto_now) becomes the moment of the new address
        model_update(instance=token, fields=["token"], data={"token": new_calendar_token()})
    return token, created


def fitting_text(value: str, *, limit: int, field: str) -> str:
    """``value`` stripped, or a ValidationError on ``field`` when it is longer than the column
    that keeps it: text is refused with a message, never cut silently."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("At most %(limit)d characters, please (this has %(count)d).")
                % {"limit": limit, "count": len(text)}
            }
        )
    return text
