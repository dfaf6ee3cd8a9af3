"""A reminder e-mail the mail server refuses is tried again until it goes or is no longer
useful — never marked sent when it failed (633 of 768 were lost that way with the server
refusing for 20 seconds); every attempt is in the delivery log; a Celery soft time limit during
a send is never swallowed."""

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core import reminders
from core.models import Delivery, Notification, Reminder

from ..factories import ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """The mail server refuses connections while ``refusing`` is set."""

    refusing = True

    def send_messages(self, messages):
        if RefusingBackend.refusing:
            raise ConnectionRefusedError(111, "Connection refused")
        return super().send_messages(messages)


class OutOfTimeBackend(EmailBackend):
    def send_messages(self, messages):
        raise SoftTimeLimitExceeded()


@pytest.fixture
def due(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_reminder_retries.RefusingBackend"
    RefusingBackend.refusing = True
    user = UserFactory(email="zhang@example.cn")
    return ReminderFactory(
        recipient=user,
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )


def test_a_refused_email_is_tried_again_until_it_goes_and_sent_once(due):
    result = reminders.send_due_reminders()
    due.refresh_from_db()
    assert (result.sent, result.failed) == (0, 1)
    assert due.status == Reminder.Status.RETRY and due.attempts == 1
    assert len(mail.outbox) == 0
    assert Notification.objects.filter(reminder=due).count() == 1  # the inbox had it at once
    # Before the backoff has passed nothing is tried; then the server is still down.
    assert reminders.send_due_reminders().failed == 0
    later = due.due_at + datetime.timedelta(seconds=1)
    assert reminders.send_due_reminders(now=later).failed == 1
    due.refresh_from_db()
    assert due.attempts == 2
    assert due.due_at - timezone.now() > datetime.timedelta(minutes=1)  # backing off
    RefusingBackend.refusing = False
    result = reminders.send_due_reminders(now=due.due_at + datetime.timedelta(seconds=1))
    due.refresh_from_db()
    assert result.sent == 1 and due.status == Reminder.Status.SENT
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(reminder=due).count() == 1  # not repeated
    emails = Delivery.objects.filter(reminder=due, channel="email").order_by("pk")
    assert [d.ok for d in emails] == [False, False, True]  # every attempt logged


def test_a_reminder_still_failing_when_it_is_no_longer_useful_is_missed(due):
    reminders.send_due_reminders()
    Reminder.objects.filter(pk=due.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    due.refresh_from_db()
    reminders.send_due_reminders(now=due.due_at + datetime.timedelta(seconds=1))
    due.refresh_from_db()
    assert due.status == Reminder.Status.MISSED
    assert len(mail.outbox) == 0


def test_a_soft_time_limit_during_a_send_is_not_swallowed(due, settings):
    settings.EMAIL_BACKEND = "tests.portal.test_reminder_retries.OutOfTimeBackend"
    with pytest.raises(SoftTimeLimitExceeded):
        reminders.send_due_reminders()
    due.refresh_from_db()
    assert due.status == Reminder.Status.SENDING  # a later sweep takes it after the lease
    # The cut-off attempt shows in the log, its outcome unknown (never "delivered").
    attempts = Delivery.objects.filter(reminder=due, channel="email")
    assert [a.ok for a in attempts] == [None]


def test_a_reminder_waiting_to_retry_follows_a_reschedule_and_a_withdrawal(due):
    reminders.send_due_reminders()
    due.refresh_from_db()
    assert due.status == Reminder.Status.RETRY
    target = due.target
    new_due = timezone.now() + datetime.timedelta(days=3)
    reminders.sync_reminders(
        target,
        [
            reminders.Planned(
                stage=due.stage,
                recipient=due.recipient,
                due_at=new_due,
                expires_at=new_due + datetime.timedelta(days=1),
                title="合作事项改期提醒",
            )
        ],
    )
    due.refresh_from_db()
    # It starts again for the new date (it was left waiting on the old one before).
    assert (due.status, due.due_at, due.attempts) == (Reminder.Status.PENDING, new_due, 0)
    assert due.title == "合作事项改期提醒"
    reminders.send_due_reminders()  # not due yet: nothing tried
    assert Delivery.objects.filter(reminder=due, channel="email").count() == 1
    # Withdrawn while waiting to retry: cancelled, and its recipient counts as reminded (the
    # inbox notice went), so the change notice reaches them.
    due.status, due.due_at = Reminder.Status.RETRY, timezone.now()
    due.save()
    assert reminders.withdraw_reminders(target) == {due.recipient_id}
    due.refresh_from_db()
    assert due.status == Reminder.Status.CANCELLED


def test_stages_due_together_go_in_one_message_naming_each_and_settle_together(settings):
    """Two stages of one thing fall due for one person in the same sweep: one inbox notice and
    one e-mail naming both stages, not two with the same subject in the same second. When the
    e-mail is refused both wait; when it goes both are sent."""
    settings.EMAIL_BACKEND = "tests.portal.test_reminder_retries.RefusingBackend"
    RefusingBackend.refusing = True
    user = UserFactory(email="zhang@example.cn")
    first = ReminderFactory(
        recipient=user,
        stage="due-7d",
        body="七天后到期。",
        due_at=timezone.now() - datetime.timedelta(minutes=2),
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    second = ReminderFactory(
        recipient=user,
        target=first.target,
        stage="due-1d",
        body="明天到期。",
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    other_person = ReminderFactory(
        target=first.target,
        stage="due-1d",
        due_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    reminders.send_due_reminders()
    notices = Notification.objects.filter(recipient=user)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.title == "合作事项即将到期（到期前 7 天、到期前 1 天）"
    assert notice.body == "七天后到期。\n明天到期。"
    for row in (first, second):
        row.refresh_from_db()
        assert row.status == Reminder.Status.RETRY  # the e-mail has not gone
    assert second.joined_to_id == first.pk
    assert Delivery.objects.filter(reminder=second, channel="inbox").exists()
    assert Notification.objects.filter(reminder=other_person).count() == 1  # someone else's
    RefusingBackend.refusing = False
    reminders.send_due_reminders(now=timezone.now() + datetime.timedelta(minutes=5))
    for row in (first, second):
        row.refresh_from_db()
        assert row.status == Reminder.Status.SENT
    sent = [m for m in mail.outbox if m.to == ["zhang@example.cn"]]
    assert len(sent) == 1 and sent[0].subject.endswith(notice.title)
    assert Notification.objects.filter(recipient=user).count() == 1


def test_a_joined_message_says_each_stage_and_the_shared_facts_once():
    merged = reminders._merged_bodies(
        ["请报送本院议题。\n时间：1月12日\n地点：金山", "会议明天举行。\n时间：1月12日\n地点：金山"]
    )
    assert merged == "请报送本院议题。\n会议明天举行。\n时间：1月12日\n地点：金山"
