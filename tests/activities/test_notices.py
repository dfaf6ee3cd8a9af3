"""People are told what concerns them: inbox notices, and one e-mail per person per sweep with
the updated calendar entry, for changes, cancellations, comments and action items (issue 8)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from activities import minutes as minutes_services
from activities import services
from activities.models import Activity
from core.models import Notification
from core.notice_mail import send_notice_emails
from courts.models import Court


@pytest.fixture
def invited(activity, jinshan_secretary, pinghu_member):
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_member.person])
    return activity


def calendar_parts(message):
    return [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]


def test_a_moved_activity_tells_the_invited_in_the_inbox_and_by_one_email(
    invited, jinshan_secretary, pinghu_member
):
    new_start = invited.start + datetime.timedelta(days=1)
    services.update_activity(
        activity=invited,
        by=jinshan_secretary,
        start=new_start,
        end=new_start + datetime.timedelta(hours=2),
        place="平湖法院第一会议室",
    )
    notices = Notification.objects.filter(recipient=pinghu_member).order_by("pk")
    assert [n.title.split("：")[0] for n in notices] == ["活动邀请", "改期"]
    moved = notices.last()
    assert "平湖法院第一会议室" in moved.body and "→" in moved.body
    invited.refresh_from_db()
    assert invited.ical_sequence == 1
    result = send_notice_emails()
    assert result.messages == 1  # the invitation and the change: one message for one person
    (message,) = mail.outbox
    assert message.to == [pinghu_member.email]
    assert message.subject.startswith("[金平嘉] 2 条通知") and "改期" in message.subject
    (part,) = calendar_parts(message)
    ics = part.get_payload(decode=True).decode()
    assert part.get_param("method") == "REQUEST" and "SEQUENCE:1" in ics
    assert "平湖法院第一会议室" in ics
    assert send_notice_emails().messages == 0  # each notice is e-mailed once
    assert set(notices.values_list("email", flat=True)) == {"sent"}


def test_saving_without_a_change_tells_nobody(invited, jinshan_secretary, pinghu_member):
    before = Notification.objects.count()
    services.update_activity(activity=invited, by=jinshan_secretary, place=invited.place)
    assert Notification.objects.count() == before


def test_a_cancellation_reaches_the_calendar_as_a_cancel(invited, jinshan_secretary, pinghu_member):
    services.cancel_activity(activity=invited, by=jinshan_secretary, reason="台风")
    send_notice_emails()
    message = mail.outbox[-1]
    (part,) = calendar_parts(message)
    ics = part.get_payload(decode=True).decode()
    assert part.get_param("method") == "CANCEL" and "STATUS:CANCELLED" in ics
    assert "VALARM" not in ics  # a cancelled event rings no alarm


def test_a_court_without_email_gets_the_inbox_only(invited, jinshan_secretary, pinghu_member):
    Court.objects.filter(slug="pinghu").update(email_reminders=False)
    services.cancel_activity(activity=invited, by=jinshan_secretary, reason="台风")
    notice = Notification.objects.filter(recipient=pinghu_member).latest("pk")
    assert notice.email == "none"
    send_notice_emails()
    assert not [m for m in mail.outbox if "活动取消" in m.subject]


def test_minutes_open_for_comments_and_action_items_assigned_are_told(
    running_activity, jinshan_secretary, pinghu_member
):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[pinghu_member.person])
    minutes_services.save_minutes(activity=running_activity, by=jinshan_secretary, text="纪要")
    minutes_services.open_for_comments(
        activity=running_activity,
        by=jinshan_secretary,
        until=timezone.now() + datetime.timedelta(days=3),
    )
    minutes_services.add_action_item(
        activity=running_activity,
        by=jinshan_secretary,
        court=pinghu_member.person.court,
        responsible=pinghu_member.person,
        what="报送典型案例",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    titles = list(
        Notification.objects.filter(recipient=pinghu_member).values_list("title", flat=True)
    )
    assert any(t.startswith("会议记录征求意见") for t in titles)
    assert "交办给您的事项：报送典型案例" in titles


def test_to_do_badge_counts_what_waits_and_follows_a_new_notice(
    client,
    invited,
    jinshan_secretary,
    pinghu_member,
    pinghu_secretary,
    django_assert_max_num_queries,
):
    client.force_login(pinghu_secretary)
    page = client.get("/inbox/").content.decode()
    assert 'title="待办"' not in page  # nothing to decide yet
    services.request_leave(activity=invited, by=pinghu_member, reason="开庭")
    # The leave request notified the secretary, which forgot the cached count.
    page = client.get("/inbox/").content.decode()
    assert '<span class="badge text-bg-warning" title="待办">1<' in page
    # Cached for a minute per user: the next page asks no app again.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.generations import bump

    bump(Activity)  # a write: what read activities is computed again
    with CaptureQueriesContext(connection) as cold:
        client.get("/inbox/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/inbox/")
    assert len(cold) - len(warm) >= 5  # one per actionable list, only when not cached
