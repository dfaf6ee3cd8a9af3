"""Study sessions: scheduled by the convenor, told and reminded to the members through the
meetings' reminders, on the calendar and in members' feeds, attendance and minutes after."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casegroups import services
from casegroups.models import Membership, StudySession
from core import reminders
from core.models import CalendarToken, Notification, Reminder

from ..factories import court


def _at(days: int, hour: int = 14) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def session(group, member, jinshan_judge):
    return services.schedule_session(
        group=group,
        by=jinshan_judge,
        title="第一次类案研讨",
        start=_at(5),
        end=_at(5, 17),
        place="金山法院三楼会议室",
        online_link="https://meeting.example.cn/j/123",
    )


def reminded(session) -> dict[str, str]:
    return {
        r.recipient.username: r.status
        for r in Reminder.objects.for_object(session).select_related("recipient")
    }


def test_the_convenor_schedules_and_each_member_is_told_and_reminded(session, member):
    assert Notification.objects.filter(
        recipient=member, title__startswith="“金融审判类案研究组”有新的研讨安排"
    ).exists()
    rows = Reminder.objects.for_object(session)
    assert {r.recipient.username for r in rows} == {"jinshan-judge", "pinghu-judge"}
    assert {r.due_at for r in rows} == {session.start - datetime.timedelta(days=1)}


def test_only_the_convenor_schedules(group, member):
    with pytest.raises(PermissionDenied):
        services.schedule_session(
            group=group, by=member, title="x", start=_at(3), end=_at(3, 16), place="会议室"
        )


def test_a_session_needs_a_place_or_a_link_and_an_end_after_its_start(group, jinshan_judge):
    with pytest.raises(ValidationError) as error:
        services.schedule_session(
            group=group, by=jinshan_judge, title="x", start=_at(3, 16), end=_at(3, 15)
        )
    assert set(error.value.message_dict) == {"end", "place"}
    assert not StudySession.objects.exists()


def test_members_who_come_and_go_gain_and_lose_their_reminder(
    session, group, jiashan_judge, jinshan_judge, member
):
    request = services.request_membership(group=group, by=jiashan_judge)
    services.approve_membership(membership=request, by=jinshan_judge)
    assert reminded(session)["jiashan-judge"] == "pending"
    mine = Membership.objects.get(group=group, person=member.person, status="active")
    services.leave_group(membership=mine, by=member)
    assert reminded(session)["pinghu-judge"] == "cancelled"


def test_moving_a_session_moves_the_reminders_and_tells_the_members(session, member, jinshan_judge):
    services.update_session(session=session, by=jinshan_judge, start=_at(6), end=_at(6, 17))
    session.refresh_from_db()
    assert session.ical_sequence == 1
    assert Reminder.objects.for_object(session).filter(recipient=member).get().due_at == _at(5)
    assert Notification.objects.filter(
        recipient=member, title__startswith="研讨时间地点变更"
    ).exists()


def test_cancelling_withdraws_the_reminders_and_tells_why(session, member, jinshan_judge):
    services.cancel_session(session=session, by=jinshan_judge, reason="与庭审冲突")
    assert set(reminded(session).values()) == {"cancelled"}
    notice = Notification.objects.filter(recipient=member).latest("pk")
    assert notice.title.startswith("研讨取消") and notice.body == "与庭审冲突"


def test_the_sweep_delivers_the_reminder_to_each_member(session, member):
    reminders.send_due_reminders(now=session.start - datetime.timedelta(hours=20))
    notice = Notification.objects.filter(recipient=member, title__contains="第一次类案研讨")
    assert notice.filter(body__contains="https://meeting.example.cn/j/123").exists()
    assert reminded(session)["pinghu-judge"] == "sent"


def test_attendance_is_recorded_after_the_start_for_members_only(
    session, member, jiashan_judge, jinshan_judge
):
    with pytest.raises(ValidationError):  # not yet begun
        services.record_session(
            session=session, by=jinshan_judge, attendees=[member.person], minutes="x"
        )
    StudySession.objects.filter(pk=session.pk).update(start=_at(-1), end=_at(-1, 17))
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_session(
            session=session, by=jinshan_judge, attendees=[jiashan_judge.person], minutes=""
        )
    services.record_session(
        session=session, by=jinshan_judge, attendees=[member.person], minutes="形成三点共识。"
    )
    assert list(session.attendees.all()) == [member.person]


def test_sessions_on_the_calendar_and_in_members_feeds_only(client, session, member, jiashan_judge):
    client.force_login(jiashan_judge)  # staff see that the group meets, not its link
    month = session.start.strftime("%Y-%m")
    page = client.get(reverse("calendar"), {"month": month, "view": "list"}).content.decode()
    assert "第一次类案研讨" in page
    for user, included in ((member, True), (jiashan_judge, False)):
        client.force_login(user)
        client.post(reverse("calendar-token-reset"))
        token = CalendarToken.objects.get(user=user).token
        feed = client.get(reverse("calendar-feed", args=[token])).content.decode()
        assert ("第一次类案研讨" in feed) is included
        assert ("meeting.example.cn" in feed) is included


def test_the_session_page_shows_the_link_to_members_only(client, session, member, jiashan_judge):
    client.force_login(member)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "https://meeting.example.cn/j/123" in page
    ics = client.get(reverse("casegroups:session-ics", args=[session.pk])).content.decode()
    assert "meeting.example.cn" in ics and "SUMMARY:第一次类案研讨" in ics
    client.force_login(jiashan_judge)
    page = client.get(session.get_absolute_url()).content.decode()
    assert "https://meeting.example.cn/j/123" not in page and "仅向本组成员显示" in page
    assert court("jinshan") == session.group.convenor.court


def test_a_members_home_page_lists_the_coming_session(client, session, member, jiashan_judge):
    client.force_login(member)
    assert "第一次类案研讨" in client.get(reverse("home")).content.decode()
    client.force_login(jiashan_judge)
    assert "第一次类案研讨" not in client.get(reverse("home")).content.decode()
