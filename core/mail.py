"""E-mail the portal sends: multipart text + HTML in the portal's look, calendar invitations
as RFC 6047 says, marked as automatic, with a Message-ID of the portal's own domain."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from email.mime.text import MIMEText
from email.utils import make_msgid, parseaddr
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .ical import calendar_bytes
from .registry import CalendarEvent


def site_url() -> str:
    return getattr(settings, "PORTAL_URL", "").rstrip("/")


def portal_domain() -> str:
    """The domain of the portal's address (PORTAL_URL), never the machine's host name."""
    return urlparse(site_url()).hostname or "jpj.local"


def sender_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"noreply@{portal_domain()}"


def calendar_part(event: CalendarEvent, *, attendee: str) -> MIMEText:
    """The event as a ``text/calendar; method=REQUEST`` (or ``CANCEL``) part (RFC 6047)."""
    method = "CANCEL" if event.cancelled else "REQUEST"
    content = calendar_bytes(
        event.title,
        [event],
        base_url=site_url(),
        method=method,
        organizer=sender_address(),
        attendee=attendee,
    )
    part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def build(
    *,
    to: str,
    subject: str,
    items: Sequence[dict],
    events: Iterable[CalendarEvent] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> EmailMultiAlternatives:
    """One message to ``to``: ``items`` are the notices or reminders it carries (each a dict
    with title, body and link); ``events`` their calendar entries. Written in Chinese, the
    portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"items": items, "site_url": site_url(), "subject": subject}
        text = render_to_string("email/notice.txt", context)
        html = render_to_string("email/notice.html", context)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=text,
        to=[to],
        headers={
            "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation replies
            "X-Auto-Response-Suppress": "All",
            "Message-ID": make_msgid(domain=portal_domain()),
        },
    )
    message.attach_alternative(html, "text/html")
    for event in events:
        message.attach(calendar_part(event, attendee=to))
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send(message: EmailMultiAlternatives) -> None:
    """Hand one message to the mail server (raises when it refuses)."""
    message.connection = get_connection(fail_silently=False)
    message.send()
