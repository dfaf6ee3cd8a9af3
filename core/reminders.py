"""Reminders that are neither lost nor sent twice.

* A plan is a list of ``Planned`` rows; ``sync_reminders`` writes it for one target (a meeting,
  a cooperation item…): pending rows are moved to the new time, rows no longer planned are
  withdrawn, sent rows are never touched. A unique constraint holds one row per
  (target, stage, recipient).
* ``send_due_reminders`` is the sweep (Celery beat runs it every minute; so does the
  ``send_due_reminders`` command). It takes one due row at a time with
  ``SELECT … FOR UPDATE SKIP LOCKED`` and commits claim, send and record separately: the inbox
  notice is exactly-once; a crash costs at most the one e-mail or robot message in flight, sent
  again by a later sweep (see ``send_due_reminders``). Nothing waits in the broker: a sweep
  after an outage sends what is still useful and marks the rest missed.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import mail, robots
from .languages import written
from .lists import separator
from .models import Delivery, Notification, Reminder
from .registry import reminder_target
from .workflow import Workflow, by_portal, transition, transition_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Planned:
    """One reminder to plan. ``title`` and ``body`` are text, or functions that build it in
    the active language: then they are written in the portal's language and in each other one
    (the inbox notice reads in its reader's language; e-mail and robots use the portal's)."""

    stage: str
    recipient: User
    due_at: datetime.datetime
    expires_at: datetime.datetime
    title: Any
    body: Any = ""
    link: str = ""

    def written(self) -> tuple[str, str, dict[str, dict[str, str]]]:
        """The title and body in the portal's language, and in each other language."""
        from django.conf import settings

        portal = settings.LANGUAGE_CODE
        translations = (
            {
                code: {
                    "title": fit_title(written(self.title, code)),
                    "body": written(self.body, code),
                }
                for code, _name in settings.LANGUAGES
                if code != portal
            }
            if callable(self.title) or callable(self.body)
            else {}
        )
        return fit_title(written(self.title, portal)), written(self.body, portal), translations


def before_due_date(
    *,
    due_date: datetime.date,
    days: Iterable[int],
    recipient: User,
    title: Any,
    body: Any = "",
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


TITLE_MAX = 200  # Reminder.title and Notification.title


def fit_title(text: str) -> str:
    """A notice's title within its column: a title made of a prefix and a long record title
    ("培训提醒：" + 200 characters) ends in "…" rather than failing the save on PostgreSQL (the
    record's full title is one click away)."""
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


# Rows not yet delivered: still to send, or waiting to retry a failed channel. A new plan moves
# them (a reschedule reaches a reminder waiting to retry too: it starts again, for the new
# date); a withdrawn plan cancels them.
WAITING = ("pending", "retry")
REPLANNABLE = ("pending", "retry", "cancelled")

R = Reminder.Status
# Every move is the portal's own (the plan, the sweep); a row joined to another travels with it.
REMINDERS = Workflow(
    model=Reminder,
    field="status",
    audited=False,
    note="the portal's own: planned, claimed, sent or retried until useless",
    transitions={
        R.PENDING: {
            R.PENDING: by_portal,  # planned again (new date, new words)
            R.SENDING: by_portal,
            R.CANCELLED: by_portal,
            R.MISSED: by_portal,
        },
        R.RETRY: {
            R.PENDING: by_portal,
            R.SENDING: by_portal,
            R.CANCELLED: by_portal,
            R.MISSED: by_portal,
        },
        R.SENDING: {
            R.SENDING: by_portal,  # claimed again after its lease ran out
            R.SENT: by_portal,
            R.RETRY: by_portal,
        },
        R.CANCELLED: {R.PENDING: by_portal},
    },
)


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
        title, body, translations = item.written()
        if row is None:
            Reminder.objects.create(
                content_type=content_type,
                object_id=target.pk,
                stage=item.stage,
                recipient=item.recipient,
                due_at=item.due_at,
                expires_at=item.expires_at,
                title=title,
                body=body,
                translations=translations,
                link=item.link,
            )
            counts["created"] += 1
        elif row.status in REPLANNABLE:
            fields = {
                "due_at": item.due_at,
                "expires_at": item.expires_at,
                "title": title,
                "body": body,
                "translations": translations,
                "link": item.link,
                "attempts": 0 if row.status != Reminder.Status.PENDING else row.attempts,
                "joined_to_id": None,
            }
            if row.status != R.PENDING or any(getattr(row, k) != v for k, v in fields.items()):
                for name, value in fields.items():
                    setattr(row, name, value)
                transition(row, R.PENDING, by=None, workflow=REMINDERS, also=list(fields))
                counts["moved"] += 1
    for key, row in existing.items():
        if key not in wanted and row.status in WAITING:
            transition(row, R.CANCELLED, by=None, workflow=REMINDERS)
            counts["withdrawn"] += 1
    return counts


@transaction.atomic
def withdraw_reminders(target: Model) -> set[int]:
    """Withdraw the pending reminders of ``target``. Returns the ids of the users who were
    already reminded, so that the caller can tell them (once each) what changed."""
    rows = Reminder.objects.for_object(target).select_for_update()
    # A reminder waiting to retry its e-mail has already put its notice in the inbox.
    reminded = set(
        rows.filter(status__in=[Reminder.Status.SENT, Reminder.Status.RETRY]).values_list(
            "recipient_id", flat=True
        )
    )
    transition_rows(rows, R.CANCELLED, by=None, workflow=REMINDERS)
    return reminded


def reminded_users(target: Model) -> set[int]:
    """The ids of the users a reminder about ``target`` already reached."""
    return set(
        Reminder.objects.for_object(target)
        .filter(status=Reminder.Status.SENT)
        .values_list("recipient_id", flat=True)
    )


# How long a sweep works before it leaves the rest to the next one (it runs every minute), and
# how long a claimed reminder may stay "being sent" before a later sweep takes it as crashed.
SWEEP_BUDGET_SECONDS = 40
CLAIM_LEASE = datetime.timedelta(minutes=10)


@dataclass
class SweepResult:
    sent: int = 0
    missed: int = 0
    withdrawn: int = 0
    retried: int = 0
    failed: int = 0  # sends that failed and wait to be tried again
    stopped_early: bool = False
    failed_webhooks: set = field(default_factory=set)


def send_due_reminders(
    *,
    now: datetime.datetime | None = None,
    budget_seconds: float = SWEEP_BUDGET_SECONDS,
    clock: Any = time.monotonic,
) -> SweepResult:
    """Send every due reminder, one at a time, each in three steps committed on their own:

    1. claim: lock one due row (``SKIP LOCKED``: sweeps running at once never take the same
       row), write its inbox notice and mark it "being sent" — one transaction, so the inbox
       notice exists exactly once (also a unique constraint);
    2. send the e-mail and the group robot message, outside any transaction;
    3. record what each channel answered and mark the row sent.

    A crash (kill -9, a lost connection, a time limit) between 1 and 3 leaves at most this one
    row "being sent"; a sweep after ``CLAIM_LEASE`` sends its e-mail and robot message again
    (the inbox notice is not repeated). A row is never marked sent before its messages were
    handed over. The sweep stops claiming after ``budget_seconds`` and leaves the rest to the
    next one."""
    now = now or timezone.now()
    started = clock()
    result = SweepResult()
    while True:
        if clock() - started >= budget_seconds:
            result.stopped_early = True
            return result
        claimed = _claim_one(now=now, result=result)
        if claimed is None:
            return result
        row, target, first_attempt = claimed
        if row is None:
            continue  # settled without sending (withdrawn or missed)
        outcomes = _send_outside(row, target=target, result=result)
        if not _record(row, outcomes, now=now):
            result.failed += 1
            continue
        result.sent += 1 + row.joined.filter(status=Reminder.Status.SENT).count()
        if not first_attempt:
            result.retried += 1


def _claim_one(*, now: datetime.datetime, result: SweepResult) -> tuple | None:
    """Claim the next due row. Returns None when nothing is due, (None, None, _) when the row
    was settled without sending, else (row, target, first attempt?)."""
    with transaction.atomic():
        # Two queries, each on the (status, due_at) index: an OR of the two conditions made
        # PostgreSQL scan the whole table (33 ms a claim over 300,000 rows).
        claimable = Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        claimable = claimable.select_related("recipient__person__court", "content_type")
        claimable = claimable.filter(joined_to=None)  # a joined row goes with its lead
        row = (
            (
                claimable.filter(status=Reminder.Status.PENDING, due_at__lte=now)
                .order_by("due_at", "id")
                .first()
            )
            or (
                claimable.filter(status=Reminder.Status.RETRY, due_at__lte=now)
                .order_by("due_at", "id")
                .first()
            )
            or (
                claimable.filter(
                    status=Reminder.Status.SENDING, claimed_at__lt=timezone.now() - CLAIM_LEASE
                )
                .order_by("due_at", "id")
                .first()
            )
        )
        if row is None:
            return None
        first_attempt = row.status == Reminder.Status.PENDING
        label = f"{row.content_type.app_label}.{row.content_type.model}"
        registered = reminder_target(label) is not None
        target = row.target if registered else None
        if first_attempt:
            if not registered:
                # Never send blind: a target no app registered (an app removed, a module gone).
                logger.warning(
                    "reminder %s: %s is no registered reminder target; withdrawn", row.pk, label
                )
                return _settle(row, Reminder.Status.CANCELLED, result)
            if target is None or not target.reminder_still_wanted(row):
                return _settle(row, Reminder.Status.CANCELLED, result)
            if now > row.expires_at:
                return _settle(row, Reminder.Status.MISSED, result)
            joined = _join_due_stages(row, target, now=now, result=result)
            title, body, translations = combined(row, joined)
            Notification.objects.create(
                recipient=row.recipient,
                title=title,
                body=body,
                translations=translations,
                link=row.link,
                reminder=row,
            )
            Delivery.objects.create(reminder=row, channel=Delivery.Channel.INBOX, ok=True)
            for other in joined:
                Delivery.objects.create(
                    reminder=other,
                    channel=Delivery.Channel.INBOX,
                    ok=True,
                    detail=f"in the message of reminder {row.pk}",
                )
        elif row.status == Reminder.Status.RETRY:
            if target is None or not target.reminder_still_wanted(row):
                return _settle(row, Reminder.Status.CANCELLED, result)
            if timezone.now() > row.expires_at:  # tried until it was no longer useful
                logger.warning("reminder %s: given up after %s attempts", row.pk, row.attempts)
                return _settle(row, Reminder.Status.MISSED, result)
        row.claimed_at = timezone.now()
        transition(row, R.SENDING, by=None, workflow=REMINDERS, also=["claimed_at"])
        transition_rows(
            row.joined.all(), R.SENDING, by=None, workflow=REMINDERS, claimed_at=row.claimed_at
        )
    return row, target, first_attempt


# The states of a row that travels with its lead (being sent, or waiting to be tried again).
TRAVELLING = (Reminder.Status.PENDING, Reminder.Status.SENDING, Reminder.Status.RETRY)


def _join_due_stages(
    row: Reminder, target: Any, *, now: datetime.datetime, result: SweepResult
) -> list[Reminder]:
    """The other stages due now for the same person and thing, joined to ``row``: one message
    names them all ("会前7天、会前1天"), instead of one message each in the same second."""
    others = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Reminder.Status.PENDING,
            joined_to=None,
            due_at__lte=now,
            recipient_id=row.recipient_id,
            content_type_id=row.content_type_id,
            object_id=row.object_id,
        )
        .exclude(pk=row.pk)
        .order_by("due_at", "id")
    )
    joined = []
    for other in others:
        if not target.reminder_still_wanted(other):
            _settle(other, Reminder.Status.CANCELLED, result)
        elif now > other.expires_at:
            _settle(other, Reminder.Status.MISSED, result)
        else:
            joined.append(other)
    if joined:
        Reminder.objects.filter(pk__in=[other.pk for other in joined]).update(joined_to=row)
    return joined


def combined(row: Reminder, joined: list[Reminder]) -> tuple[str, str, dict]:
    """The title, message and translations of ``row`` sent together with ``joined``: the title
    names every stage, the message holds each stage's text once."""
    if not joined:
        return row.title, row.body, row.translations
    from django.conf import settings
    from django.utils import translation

    rows = sorted([row, *joined], key=lambda r: (_stage_days(r.stage), r.pk))

    def text(language: str | None) -> tuple[str, str]:
        def part(r: Reminder, key: str) -> str:
            if language is None:
                return getattr(r, key)
            return (r.translations.get(language) or {}).get(key) or getattr(r, key)

        with translation.override(language or settings.LANGUAGE_CODE):
            stages = separator().join(stage_when(r.stage) for r in rows)
            title = _("%(title)s (%(stages)s)") % {"title": part(row, "title"), "stages": stages}
        bodies = list(dict.fromkeys(part(r, "body") for r in rows if part(r, "body")))
        return fit_title(title), _merged_bodies(bodies)

    title, body = text(None)
    translations = {}
    for language in row.translations:
        other_title, other_body = text(language)
        translations[language] = {"title": other_title, "body": other_body}
    return title, body, translations


def _settle(row: Reminder, status: str, result: SweepResult) -> tuple:
    transition(row, status, by=None, workflow=REMINDERS)
    transition_rows(row.joined.all(), status, by=None, workflow=REMINDERS)
    if status == Reminder.Status.MISSED:
        result.missed += 1
    else:
        result.withdrawn += 1
    return None, None, True


def _attempt(row: Reminder, channel: str) -> int:
    """The attempt's line in the delivery log, written before the message is handed over (in
    its own commit): if the sweep dies before it can record the answer, the attempt still
    shows ("outcome unknown"), and the repeat after the lease is a second line."""
    return Delivery.objects.create(reminder=row, channel=channel, ok=None).pk


def _send_outside(
    row: Reminder, *, target: Any, result: SweepResult
) -> list[tuple[str, bool, str, int]]:
    """The court's robot and e-mail (e-mail also as the fallback of a failed robot)."""
    outcomes: list[tuple[str, bool, str, int]] = []
    title, body, _translations = combined(row, list(row.joined.filter(status__in=TRAVELLING)))
    person = getattr(row.recipient, "person", None)
    court = getattr(person, "court", None)
    wants_email = bool(court is None or court.email_reminders)
    if court is not None and court.webhook_url:
        attempt = _attempt(row, Delivery.Channel.WEBHOOK)
        if court.pk in result.failed_webhooks:
            ok, detail = False, "skipped: the robot failed earlier in this sweep"
        else:
            ok, detail = robots.post(court, title=title, text=body, link=_link(row.link))
            if not ok:
                result.failed_webhooks.add(court.pk)
        outcomes.append((Delivery.Channel.WEBHOOK, ok, detail, attempt))
        wants_email = wants_email or not ok
    if wants_email and row.recipient.email and target is not None:
        attempt = _attempt(row, Delivery.Channel.EMAIL)
        ok, detail = _send_email(row, target=target, title=title, body=body)
        outcomes.append((Delivery.Channel.EMAIL, ok, detail, attempt))
    return outcomes


RETRY_FIRST = datetime.timedelta(minutes=1)
RETRY_MOST = datetime.timedelta(minutes=30)


def retry_delay(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes after the n-th failed attempt, 30 at most."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MOST)


def _delivered(outcomes: list[tuple[str, bool, str, int]]) -> bool:
    """Every channel succeeded, or a failed robot was stood in for by an e-mail that went."""
    if all(ok for _channel, ok, _detail, _attempt in outcomes):
        return True
    email = [ok for channel, ok, _detail, _id in outcomes if channel == Delivery.Channel.EMAIL]
    return bool(email) and all(email)


def _record(
    row: Reminder, outcomes: list[tuple[str, bool, str, int]], *, now: datetime.datetime
) -> bool:
    """Record the answer of every attempt; the row is sent only when its messages went, else
    it waits to be tried again (``retry_delay``). Returns whether it was sent."""
    with transaction.atomic():
        for _channel, ok, detail, attempt in outcomes:
            Delivery.objects.filter(pk=attempt).update(ok=ok, detail=detail[:300])
        travelling = row.joined.all()
        if _delivered(outcomes):
            row.sent_at = now
            transition(row, R.SENT, by=None, workflow=REMINDERS, also=["sent_at"])
            transition_rows(travelling, R.SENT, by=None, workflow=REMINDERS, sent_at=now)
            return True
        row.attempts += 1
        row.due_at = timezone.now() + retry_delay(row.attempts)
        transition(row, R.RETRY, by=None, workflow=REMINDERS, also=["attempts", "due_at"])
        transition_rows(travelling, R.RETRY, by=None, workflow=REMINDERS, attempts=row.attempts)
        return False


def _link(path: str) -> str:
    return f"{mail.site_url()}{path}" if path else ""


def _send_email(row: Reminder, *, target: Any, title: str, body: str) -> tuple[bool, str]:
    try:
        event = getattr(target, "as_calendar_event", None)
        message = mail.build(
            to=row.recipient.email,
            subject=title,
            items=[{"title": title, "body": body, "link": row.link}],
            events=[event()] if event else [],
            attachments=[] if event else target.reminder_attachments(),
        )
        mail.send(message)
    except SoftTimeLimitExceeded:  # the task is out of time: the row stays "being sent"
        raise
    except Exception as error:  # the mail server is outside the system
        logger.warning("reminder %s: e-mail failed: %s", row.pk, error)
        return False, str(error) or error.__class__.__name__
    return True, row.recipient.email


def send_test_webhook(court: Any) -> tuple[bool, str]:
    """Post a test message to a court's robot (admin action)."""
    return robots.post(court, title=_("Test message from the Jin-Ping-Jia portal"))


# --- Stages in words --------------------------------------------------------------------------
# A stage is stored as a code, ``<who><sign><days>d`` ("due-7d", "host_secretary-21d",
# "note_taker+3d"); administrators and secretaries read it in words ("主办法院书记 · 会前 21 天").


@dataclass(frozen=True)
class StageWords:
    who: Any  # a lazy label
    before: Any  # ngettext_lazy(..., "days") of "%(days)d days before …"
    after: Any = None  # the same after; None when the stage is never after


_STAGE_WORDS: dict[str, StageWords] = {}


def register_stage_words(who_code: str, words: StageWords) -> None:
    """Let an app say how its reminder stages read (called from its ``AppConfig.ready``)."""
    _STAGE_WORDS[who_code] = words


def _merged_bodies(bodies: list[str]) -> str:
    """The stages' messages as one: each stage's own lines ("请报送本院议题。", "会议明天举行。"),
    then the lines they all share (time, place, host) once."""
    if len(bodies) < 2:
        return "".join(bodies)
    split = [[line for line in body.splitlines() if line.strip()] for body in bodies]
    shared = set(split[0]).intersection(*split[1:])
    own = [line for lines in split for line in lines if line not in shared]
    common = [line for line in split[0] if line in shared]
    return "\n".join(dict.fromkeys([*own, *common]))


_STAGE = re.compile(r"(?P<who>[a-z_]+?)(?P<sign>[-+])(?P<days>\d{1,4})d")


def _parse_stage(stage: str) -> tuple[str, int] | None:
    """A stage code ("invitees-7d") as (who, days: negative before), or None."""
    match = _STAGE.fullmatch(stage or "")
    if match is None:
        return None
    return match["who"], int(match["days"]) * (-1 if match["sign"] == "-" else 1)


def _stage_days(stage: str) -> int:
    """A stage's offset in days (negative before): the earliest stage is named first."""
    parsed = _parse_stage(stage)
    return parsed[1] if parsed else 0


def stage_when(stage: str) -> str:
    """When a stage falls, in words ("会前1天"): its offset without its audience."""
    parsed = _parse_stage(stage)
    words = _STAGE_WORDS.get(parsed[0]) if parsed else None
    if parsed is None or words is None:
        return stage
    return offset_words(parsed[1], words)


def offset_words(days: int, words: StageWords) -> str:
    """``days`` (negative before, positive after) in words: "会前 21 天", "会后 3 天"."""
    phrase = words.before if days < 0 or words.after is None else words.after
    return str(phrase % {"days": abs(days)})


def stage_words(stage: str) -> str:
    """A stage code in words, or the code itself when no app has described it."""
    parsed = _parse_stage(stage)
    words = _STAGE_WORDS.get(parsed[0]) if parsed else None
    if parsed is None or words is None:
        return stage
    return f"{words.who} · {offset_words(parsed[1], words)}"


def register_core_stage_words() -> None:
    from django.utils.translation import gettext_lazy, ngettext_lazy

    register_stage_words(
        "due",
        StageWords(
            who=gettext_lazy("The person responsible"),
            before=ngettext_lazy(
                "%(days)d day before the due date", "%(days)d days before the due date", "days"
            ),
        ),
    )
