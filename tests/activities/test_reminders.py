import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from activities import series as series_services
from activities import services
from activities.models import MeetingSeries
from core import reminders
from core.models import Delivery, Notification, Reminder

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2030, 9, 1, tzinfo=SHANGHAI)


def make_series(by, **overrides):
    fields = dict(
        title="定期交流会商",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
        first_date=datetime.date(2030, 10, 1),
        start_time=datetime.time(14, 30),
        host_mode=MeetingSeries.HostMode.ROTATING,
        horizon_days=60,
    )
    fields.update(overrides)
    with mock.patch.object(timezone, "now", return_value=NOW):
        return series_services.create_series(by=by, **fields)


@pytest.fixture
def meeting(jinshan_secretary, pinghu_secretary, jiashan_secretary, jinshan_member):
    series = make_series(jinshan_secretary)
    activity = series.occurrences.get()  # 2030-10-08 14:30, hosted by Jinshan
    services.invite(activity=activity, by=jinshan_secretary, people=[jinshan_member.person])
    return activity


def stages(activity):
    return sorted(Reminder.objects.for_object(activity).values_list("stage", "recipient__username"))


def test_the_default_plan_by_role_and_stage(meeting):
    assert stages(meeting) == sorted(
        [
            ("all_secretaries-7d", "jiashan-party_secretary"),
            ("all_secretaries-7d", "jinshan-party_secretary"),
            ("all_secretaries-7d", "pinghu-party_secretary"),
            ("host_secretary-21d", "jinshan-party_secretary"),
            ("invitees-1d", "jiashan-party_secretary"),
            ("invitees-1d", "jinshan-member"),
            ("invitees-1d", "jinshan-party_secretary"),
            ("invitees-1d", "pinghu-party_secretary"),
            ("note_taker+3d", "jinshan-party_secretary"),
            ("note_taker_and_host+7d", "jinshan-party_secretary"),
            # every activity: the host's secretaries, if it is still not recorded the day after
            ("unrecorded+1d", "jinshan-party_secretary"),
        ]
    )
    host = Reminder.objects.for_object(meeting).get(stage="host_secretary-21d")
    assert host.due_at == meeting.start - datetime.timedelta(days=21)


def test_a_sweep_sends_each_due_reminder_once(meeting):
    at = meeting.start - datetime.timedelta(days=7, minutes=-1)
    first = reminders.send_due_reminders(now=at)
    assert first.sent == 4  # the host's 21-day reminder (late but useful) and the three 7-day
    again = reminders.send_due_reminders(now=at)
    assert again.sent == 0
    # the host's two stages due in the same sweep go in one message naming both
    assert Notification.objects.filter(title__startswith="提醒").count() == 3
    assert Notification.objects.filter(title__contains="会前 21 天、会前 7 天").count() == 1
    assert Delivery.objects.filter(channel="inbox").count() == 4
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert "定期交流会商" in message.subject and "地点" in message.body


def test_reminder_emails_are_multipart_automatic_and_carry_an_rfc6047_invitation(meeting, settings):
    settings.PORTAL_URL = "https://dangjian.jsfy.example.cn"
    reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=7, minutes=-1))
    message = mail.outbox[0].message()
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@dangjian.jsfy.example.cn>")
    types = [part.get_content_type() for part in message.walk()]
    assert "text/plain" in types and "text/html" in types
    calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    ics = calendar.get_payload(decode=True).decode("utf-8")
    assert "METHOD:REQUEST" in ics and "ORGANIZER" in ics and "ATTENDEE" in ics
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    page = html.get_payload(decode=True).decode("utf-8")
    assert "金平嘉" in page and "https://dangjian.jsfy.example.cn/activities/" in page
    # The date in the Chinese form, whatever language the sweep ran in.
    start = timezone.localtime(meeting.start)
    assert f"{start.year}年{start.month}月{start.day}日" in mail.outbox[0].body


def test_after_an_outage_what_is_still_useful_goes_out_and_the_rest_is_missed(meeting):
    after_start = meeting.start + datetime.timedelta(minutes=5)
    result = reminders.send_due_reminders(now=after_start)
    assert result.sent == 0 and result.missed == 8
    assert not Notification.objects.filter(title__startswith="提醒").exists()
    after_end = meeting.end + datetime.timedelta(days=3, minutes=1)
    # the note-taker's, and "not recorded yet" to the host's secretary (it is still planned)
    assert reminders.send_due_reminders(now=after_end).sent == 2


def test_minutes_reminders_stop_once_the_minutes_are_final(meeting):
    from activities.models import Activity

    # recorded as held with final minutes: neither the minutes nor the record is reminded
    Activity.objects.filter(pk=meeting.pk).update(minutes_status="final", status="held")
    result = reminders.send_due_reminders(now=meeting.end + datetime.timedelta(days=3, hours=1))
    assert result.sent == 0 and result.withdrawn >= 2


def test_rescheduling_moves_only_unsent_reminders(meeting, jinshan_secretary):
    reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=20))
    sent = Reminder.objects.for_object(meeting).get(stage="host_secretary-21d")
    assert sent.status == "sent"
    new_start = meeting.start + datetime.timedelta(days=2)
    services.update_activity(
        activity=meeting,
        by=jinshan_secretary,
        start=new_start,
        end=new_start + datetime.timedelta(hours=2),
    )
    sent.refresh_from_db()
    assert sent.status == "sent" and sent.due_at == meeting.start - datetime.timedelta(days=21)
    moved = Reminder.objects.for_object(meeting).get(
        stage="invitees-1d", recipient__username="jinshan-member"
    )
    assert moved.due_at == new_start - datetime.timedelta(days=1)


def test_cancelling_withdraws_and_tells_those_already_reminded(
    meeting, jinshan_secretary, jiashan_secretary
):
    reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=6))
    services.cancel_activity(activity=meeting, by=jinshan_secretary, reason="台风")
    assert not Reminder.objects.for_object(meeting).filter(status="pending").exists()
    told = Notification.objects.filter(recipient=jiashan_secretary, title__startswith="活动取消")
    assert told.count() == 1
    assert reminders.send_due_reminders(now=meeting.start - datetime.timedelta(hours=2)).sent == 0


def test_a_sweep_that_dies_while_sending_costs_at_most_that_one_message(meeting):
    at = meeting.start - datetime.timedelta(days=6)
    dying = mock.patch.object(reminders, "_send_outside", side_effect=RuntimeError("killed"))
    with dying, pytest.raises(RuntimeError):
        reminders.send_due_reminders(now=at)
    rows = Reminder.objects.for_object(meeting)
    # The one message in flight (the host's two stages, joined) is "being sent": its inbox
    # notice is there, nothing is marked sent.
    assert rows.filter(status="sending").count() == 2
    assert rows.filter(status="sent").count() == 0
    assert Notification.objects.filter(reminder__isnull=False).count() == 1
    # The next sweep sends the others and leaves the claimed one alone until its lease ends…
    assert reminders.send_due_reminders(now=at).sent == 2
    assert len(mail.outbox) == 2
    # …then sends its e-mail, without a second inbox notice.
    rows.filter(status="sending").update(
        claimed_at=timezone.now() - reminders.CLAIM_LEASE - datetime.timedelta(seconds=1)
    )
    result = reminders.send_due_reminders(now=at)
    assert (result.sent, result.retried) == (2, 1)
    assert rows.filter(status="sent").count() == 4 and len(mail.outbox) == 3
    assert Notification.objects.filter(reminder__isnull=False).count() == 3


def test_a_sweep_stops_at_its_time_budget_and_the_next_one_goes_on(meeting):
    at = meeting.start - datetime.timedelta(days=6)
    ticks = iter(range(100))
    result = reminders.send_due_reminders(now=at, budget_seconds=3, clock=lambda: next(ticks))
    # two messages: the host's (two stages joined) and one more
    assert result.stopped_early and result.sent == 3
    assert reminders.send_due_reminders(now=at).sent == 1


class RobotHandler(BaseHTTPRequestHandler):
    received: list = []
    answer = (200, {"errcode": 0, "errmsg": "ok"})

    paths: list = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        RobotHandler.received.append(json.loads(self.rfile.read(length)))
        RobotHandler.paths.append(self.path)
        status, body = RobotHandler.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    server = HTTPServer(("127.0.0.1", 0), RobotHandler)
    RobotHandler.received = []
    RobotHandler.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_the_group_robot_gets_the_reminder(meeting, robot):
    from courts.models import Court

    Court.objects.filter(slug="jinshan").update(
        webhook_url=f"http://127.0.0.1:{robot.server_port}/robot", email_reminders=False
    )
    reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=20))
    assert len(RobotHandler.received) == 1
    assert "定期交流会商" in RobotHandler.received[0]["markdown"]["content"]  # WeCom's form
    log = Delivery.objects.filter(channel="webhook").get()
    assert log.ok and "HTTP 200" in log.detail
    assert not Delivery.objects.filter(channel="email").exists()  # the court chose the robot


def test_a_signed_dingtalk_robot_gets_its_own_payload_and_a_valid_signature(meeting, robot):
    import base64
    import hashlib
    import hmac
    from urllib.parse import parse_qs, urlsplit

    from courts.models import Court

    secret = "SECtest0123456789"
    Court.objects.filter(slug="jinshan").update(
        webhook_url=f"http://127.0.0.1:{robot.server_port}/robot/send?access_token=abc",
        webhook_format="dingtalk",
        webhook_secret=secret,
        email_reminders=False,
    )
    reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=20))
    (payload,) = RobotHandler.received
    assert payload["msgtype"] == "markdown"
    assert "定期交流会商" in payload["markdown"]["title"] and payload["markdown"]["text"]
    query = parse_qs(urlsplit(RobotHandler.paths[0]).query)
    assert query["access_token"] == ["abc"]
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert sign == expected
    assert Delivery.objects.get(channel="webhook").ok


def test_a_failing_robot_falls_back_to_email_and_is_logged(meeting, robot):
    from courts.models import Court

    RobotHandler.answer = (200, {"errcode": 93000, "errmsg": "invalid webhook url"})
    Court.objects.filter(slug="jinshan").update(
        webhook_url=f"http://127.0.0.1:{robot.server_port}/robot", email_reminders=False
    )
    try:
        reminders.send_due_reminders(now=meeting.start - datetime.timedelta(days=20))
    finally:
        RobotHandler.answer = (200, {"errcode": 0, "errmsg": "ok"})
    hook = Delivery.objects.get(channel="webhook")
    assert not hook.ok and "93000" in hook.detail
    assert Delivery.objects.get(channel="email").ok
    assert len(mail.outbox) == 1


def test_an_unreachable_robot_does_not_hold_up_the_sweep(meeting):
    from courts.models import Court
    from tests.conftest import make_member
    from tests.factories import ReminderFactory

    Court.objects.update(webhook_url="http://127.0.0.1:9/nothing-listens-here")
    at = meeting.start - datetime.timedelta(days=6)
    # a second message for someone of the host court in the same sweep
    colleague = make_member("jinshan", username="jinshan-colleague")
    colleague.email = "colleague@example.cn"
    colleague.save()
    ReminderFactory(recipient=colleague, due_at=at - datetime.timedelta(minutes=1))
    result = reminders.send_due_reminders(now=at)
    assert result.sent == 5
    # after the first failure of a court's robot the sweep stops calling it
    assert Delivery.objects.filter(channel="webhook", detail__startswith="skipped").exists()
    assert Delivery.objects.filter(channel="email", ok=True).count() == 4


def test_the_command_runs_one_sweep(meeting, capsys):
    with mock.patch.object(
        timezone, "now", return_value=meeting.start - datetime.timedelta(days=6)
    ):
        call_command("send_due_reminders")
    assert "sent 4" in capsys.readouterr().out


def test_cooperation_items_remind_the_responsible_leader(jinshan_secretary):
    from courts import services as court_services
    from courts.choices import Area
    from courts.models import Court

    item = court_services.create_cooperation_item(
        by=jinshan_secretary,
        title="编写案例汇编",
        area=Area.PUBLICITY,
        lead_court=Court.objects.get(slug="jinshan"),
        responsible=jinshan_secretary.person,
        due_date=datetime.date(2030, 12, 31),
    )
    assert sorted(Reminder.objects.for_object(item).values_list("stage", flat=True)) == [
        "due-1d",
        "due-7d",
    ]
    result = reminders.send_due_reminders(now=datetime.datetime(2030, 12, 25, tzinfo=SHANGHAI))
    assert result.sent == 1
    court_services.update_cooperation_item(item=item, by=jinshan_secretary, status="done")
    assert (
        reminders.send_due_reminders(now=datetime.datetime(2030, 12, 30, 12, tzinfo=SHANGHAI)).sent
        == 0
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks with SKIP LOCKED need PostgreSQL (CI runs it)",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_reminder_exactly_once(
    jinshan_secretary, pinghu_secretary, jiashan_secretary
):
    from django.db import connections

    series = make_series(jinshan_secretary, horizon_days=400)
    occurrences = list(series.occurrences.all())
    at = max(a.start for a in occurrences) - datetime.timedelta(days=1)
    due = Reminder.objects.filter(status="pending", due_at__lte=at).count()
    assert due > 10
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(reminders.send_due_reminders(now=at))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent + r.missed + r.withdrawn for r in results) == due
    sent = Reminder.objects.filter(status="sent")
    assert Delivery.objects.filter(channel="inbox").count() == sent.count()
    # one notice per message: a stage joined to another's message has none of its own
    messages = sent.filter(joined_to=None)
    assert Notification.objects.filter(title__startswith="提醒").count() == messages.count()
    assert set(
        Notification.objects.exclude(reminder=None).values_list("reminder", flat=True)
    ) == set(messages.values_list("pk", flat=True))


def test_the_plan_is_edited_on_the_series_page_and_coming_meetings_follow(
    client, meeting, jinshan_secretary
):
    from django.urls import reverse

    series = meeting.series
    rules = list(series.reminder_rules.order_by("pk"))
    data = {
        "reminder_rules-TOTAL_FORMS": str(len(rules) + 1),
        "reminder_rules-INITIAL_FORMS": str(len(rules)),
        "reminder_rules-MIN_NUM_FORMS": "0",
        "reminder_rules-MAX_NUM_FORMS": "1000",
    }
    for index, rule in enumerate(rules):
        data.update(
            {
                f"reminder_rules-{index}-id": rule.pk,
                f"reminder_rules-{index}-series": series.pk,
                f"reminder_rules-{index}-audience": rule.audience,
                f"reminder_rules-{index}-side": "after" if rule.offset_days > 0 else "before",
                f"reminder_rules-{index}-days": abs(rule.offset_days),
                f"reminder_rules-{index}-message": rule.message,
            }
        )
    # drop the 21-day stage, add a 3-day one for every invited person
    data["reminder_rules-0-DELETE"] = "on"
    new = len(rules)
    data.update(
        {
            f"reminder_rules-{new}-series": series.pk,
            f"reminder_rules-{new}-audience": "invitees",
            f"reminder_rules-{new}-side": "before",  # 会前 3 天
            f"reminder_rules-{new}-days": "3",
            f"reminder_rules-{new}-message": "三天后开会",
        }
    )
    client.force_login(jinshan_secretary)  # the convening court's secretary
    url = reverse("activities:series-reminders", args=[series.pk])
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == series.get_absolute_url()
    pending = Reminder.objects.for_object(meeting).filter(status="pending")
    assert not pending.filter(stage="host_secretary-21d").exists()
    assert pending.filter(stage="invitees-3d", recipient__username="jinshan-member").exists()
    data[f"reminder_rules-{new}-days"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200 and "请在 1 到 90 天之间选择" in response.content.decode()
    page = client.get(url).content.decode()
    assert "全体受邀人员 · 会前 3 天" in page and 'value="-3"' not in page
