"""Calendar files that real clients read: titles with commas, semicolons and newlines survive
(icalendar and vobject), the calendar name is escaped, and a revision rises with each change."""

import datetime

import vobject
from django.urls import reverse
from icalendar import Calendar

from activities import services
from tests.factories import make_activity

TITLE = "会商, 第1次;\n第二行"


def test_a_title_with_a_comma_and_a_newline_survives_in_every_client(secretary_client):
    activity = make_activity(title=TITLE, place="金山, 报告厅")
    response = secretary_client.get(reverse("activities:activity-ics", args=[activity.pk]))
    assert response.status_code == 200  # a newline in the title was a 500
    text = response.content.decode()
    parsed = Calendar.from_ical(text)
    event = parsed.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLE and str(event["LOCATION"]) == "金山, 报告厅"
    assert "X-WR-CALNAME:会商\\, 第1次\\;\\n第二行" in text  # escaped on the wire
    card = vobject.readOne(text)
    assert card.vevent.summary.value == TITLE  # vobject cut it at the comma before
    assert card.x_wr_calname.value == TITLE


def test_the_revision_rises_with_each_change_and_a_cancelled_event_rings_no_alarm(
    secretary_client, jinshan_secretary
):
    activity = make_activity(by=jinshan_secretary)
    url = reverse("activities:activity-ics", args=[activity.pk])
    assert "SEQUENCE:0" in secretary_client.get(url).content.decode()
    services.update_activity(
        activity=activity,
        by=jinshan_secretary,
        start=activity.start + datetime.timedelta(hours=1),
        end=activity.end + datetime.timedelta(hours=1),
    )
    assert "SEQUENCE:1" in secretary_client.get(url).content.decode()
    services.cancel_activity(activity=activity, by=jinshan_secretary, reason="改期另行通知")
    text = secretary_client.get(url).content.decode()
    assert "SEQUENCE:2" in text and "STATUS:CANCELLED" in text and "VALARM" not in text


def test_long_lines_fold_between_characters_and_read_back_whole():
    from django.utils import timezone

    from core.ical import calendar_bytes
    from core.registry import CalendarEvent

    start = timezone.now()
    agenda = "一、学习传达会议精神；二、交流研讨，审判质效\\数据共享。" * 6
    event = CalendarEvent(
        uid="x-1@jinpingjia",
        title="长标题" * 40,
        start=start,
        end=start + datetime.timedelta(hours=2),
        url="/activities/1/",
        description=agenda,
        categories=("党建交流", "主题党日, 特别"),
    )
    content = calendar_bytes("名称", [event], base_url="https://portal.example.cn")
    for line in content.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # never cut inside a character
    parsed = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == "长标题" * 40
    assert str(parsed["DESCRIPTION"]) == agenda
    assert [str(c) for c in parsed["CATEGORIES"].cats] == ["党建交流", "主题党日, 特别"]
    assert parsed.decoded("dtstart") == start.replace(microsecond=0)
    card = vobject.readOne(content.decode())
    assert card.vevent.description.value == agenda
