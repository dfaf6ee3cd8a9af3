import datetime
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import minutes
from activities.models import MinutesVersion
from core import reminders
from core.models import Reminder
from tests.kit import warm_to_do_count

from .test_reminders import make_series


@pytest.fixture
def two_meetings(jinshan_secretary, pinghu_secretary, jiashan_secretary):
    series = make_series(jinshan_secretary, horizon_days=200)
    first, second = series.occurrences.order_by("start")[:2]
    return first, second


def test_versions_are_kept_and_final_minutes_are_locked(two_meetings, jinshan_secretary):
    first, _ = two_meetings
    minutes.save_minutes(activity=first, by=jinshan_secretary, text="初稿", decisions="决议一")
    minutes.save_minutes(activity=first, by=jinshan_secretary, text="修改稿", decisions="决议一")
    with pytest.raises(ValidationError):  # not before the meeting has started
        minutes.finalise_minutes(activity=first, by=jinshan_secretary)
    after_start = first.start + datetime.timedelta(hours=1)
    with mock.patch.object(timezone, "now", return_value=after_start):
        minutes.finalise_minutes(activity=first, by=jinshan_secretary)
    with pytest.raises(ValidationError):
        minutes.save_minutes(activity=first, by=jinshan_secretary, text="偷偷改")
    first.refresh_from_db()
    assert first.minutes == "修改稿" and first.minutes_status == "final"
    assert list(
        MinutesVersion.objects.filter(activity=first).values_list("number", "text", "status")
    ) == [(3, "修改稿", "final"), (2, "修改稿", "draft"), (1, "初稿", "draft")]


def test_comments_only_while_open_and_only_by_those_involved(
    two_meetings, jinshan_secretary, pinghu_secretary, jinshan_judge
):
    first, _ = two_meetings
    minutes.save_minutes(activity=first, by=jinshan_secretary, text="初稿")
    with pytest.raises(ValidationError):
        minutes.comment_on_minutes(activity=first, by=pinghu_secretary, text="太早了")
    minutes.open_for_comments(
        activity=first, by=jinshan_secretary, until=timezone.now() + datetime.timedelta(days=3)
    )
    minutes.comment_on_minutes(activity=first, by=pinghu_secretary, text="第二条请补充数据")
    with pytest.raises(PermissionDenied):  # a judge who was not invited
        minutes.comment_on_minutes(activity=first, by=jinshan_judge, text="我也说两句")
    with (
        mock.patch.object(
            timezone, "now", return_value=timezone.now() + datetime.timedelta(days=4)
        ),
        pytest.raises(ValidationError),
    ):
        minutes.comment_on_minutes(activity=first, by=pinghu_secretary, text="过期了")
    assert list(first.minutes_comments.values_list("text", flat=True)) == ["第二条请补充数据"]


def test_only_the_note_taker_or_the_host_secretary_writes(
    two_meetings, pinghu_secretary, jinshan_secretary, pinghu_member
):
    first, _ = two_meetings
    with pytest.raises(PermissionDenied):
        minutes.save_minutes(activity=first, by=pinghu_secretary, text="x")
    minutes.save_minutes(
        activity=first, by=jinshan_secretary, text="初稿", note_taker=pinghu_member.person
    )
    minutes.save_minutes(activity=first, by=pinghu_member, text="记录人修改")
    first.refresh_from_db()
    assert first.minutes == "记录人修改" and first.note_taker == pinghu_member.person
    # the note-taker's reminders now go to the note-taker
    stage = Reminder.objects.for_object(first).filter(stage="note_taker+3d", status="pending")
    assert list(stage.values_list("recipient__username", flat=True)) == ["pinghu-member"]


def test_open_action_items_roll_into_the_next_meeting(
    two_meetings, jinshan_secretary, pinghu_member, client
):
    first, second = two_meetings
    item = minutes.add_action_item(
        activity=first,
        by=jinshan_secretary,
        court=pinghu_member.person.court,
        responsible=pinghu_member.person,
        what="整理跨区域案例",
        due_date=datetime.date(2030, 11, 30),
    )
    assert list(minutes.carried_over(second)) == [item]
    assert list(minutes.carried_over(first)) == []
    client.force_login(pinghu_member)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "整理跨区域案例" in page
    minutes.close_action_item(item=item, by=pinghu_member)
    assert list(minutes.carried_over(second)) == []


def test_the_responsible_person_is_reminded_before_the_due_date(
    two_meetings, jinshan_secretary, pinghu_member
):
    first, _ = two_meetings
    item = minutes.add_action_item(
        activity=first,
        by=jinshan_secretary,
        court=pinghu_member.person.court,
        responsible=pinghu_member.person,
        what="报送材料",
        due_date=datetime.date(2030, 11, 30),
    )
    row = Reminder.objects.for_object(item).get()
    assert row.recipient == pinghu_member and row.stage == "due-3d"
    result = reminders.send_due_reminders(now=row.due_at + datetime.timedelta(minutes=1))
    assert result.sent >= 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_overdue_action_items_are_flagged_on_the_series_page(
    two_meetings, jinshan_secretary, pinghu_member, client
):
    first, _ = two_meetings
    minutes.add_action_item(
        activity=first,
        by=jinshan_secretary,
        court=pinghu_member.person.court,
        responsible=pinghu_member.person,
        what="逾期事项",
        due_date=timezone.localdate() - datetime.timedelta(1),
    )
    client.force_login(pinghu_member)
    page = client.get(first.series.get_absolute_url()).content.decode()
    assert "逾期的待办事项" in page and "逾期事项" in page


def test_the_minutes_page_writes_adds_an_item_and_finalises(
    two_meetings, jinshan_secretary, pinghu_member, client
):
    first, _ = two_meetings
    client.force_login(jinshan_secretary)
    url = reverse("activities:minutes", args=[first.pk])
    client.post(url, {"action": "save", "text": "会议纪要正文", "decisions": "一致同意"})
    response = client.post(
        url,
        {
            "action": "action_item",
            "court": pinghu_member.person.court_id,
            "responsible": pinghu_member.person.pk,
            "what": "起草方案",
            "due_date": "2030-12-01",
        },
    )
    assert response.status_code == 302
    client.post(url, {"action": "finalise"})  # refused: the meeting has not started
    first.refresh_from_db()
    assert first.minutes_status == "draft"
    type(first).objects.filter(pk=first.pk).update(  # as if it took place an hour ago
        start=timezone.now() - datetime.timedelta(hours=1), end=timezone.now()
    )
    client.post(url, {"action": "finalise"})
    first.refresh_from_db()
    assert first.minutes_status == "final" and first.action_items.get().what == "起草方案"
    page = client.get(url).content.decode()
    assert "会议纪要正文" in page and "起草方案" in page and "定稿" in page
    response = client.post(url, {"action": "save", "text": "改不了"})
    first.refresh_from_db()
    assert first.minutes == "会议纪要正文"


def test_empty_minutes_keep_the_form_and_say_why(two_meetings, jinshan_secretary, client):
    first, _ = two_meetings
    client.force_login(jinshan_secretary)
    response = client.post(
        reverse("activities:minutes", args=[first.pk]),
        {"action": "save", "text": "", "decisions": "保留的决议"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "请填写会议记录" in page and "保留的决议" in page


@pytest.mark.parametrize("extra", [1, 8])
def test_series_and_minutes_pages_query_counts(
    two_meetings, jinshan_secretary, pinghu_member, client, django_assert_max_num_queries, extra
):
    first, second = two_meetings
    for index in range(extra):
        minutes.add_action_item(
            activity=first,
            by=jinshan_secretary,
            court=pinghu_member.person.court,
            responsible=pinghu_member.person,
            what=f"事项{index}",
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )
        minutes.save_minutes(activity=first, by=jinshan_secretary, text=f"第{index}稿")
    client.force_login(pinghu_member)
    warm_to_do_count(client)
    for url, limit in [
        (first.series.get_absolute_url(), 13),
        (reverse("activities:minutes", args=[first.pk]), 16),
        (second.get_absolute_url(), 20),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


class _Ancestry(HTMLParser):
    """For each element with an id, the classes of the elements it sits in."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.ancestors: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ancestors[attrs["id"]] = [classes for _tag, classes in self.stack]
        if tag not in self.VOID:
            self.stack.append((tag, attrs.get("class") or ""))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break


def test_the_minutes_pages_cards_stay_in_their_column(two_meetings, jinshan_secretary, client):
    first, _ = two_meetings
    minutes.save_minutes(activity=first, by=jinshan_secretary, text="初稿", decisions="")
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:minutes", args=[first.pk])).content.decode()
    assert "向参会人员征求意见" in page  # the card that closed one element too many
    parser = _Ancestry()
    parser.feed(page)
    for heading in ("comments-heading", "versions-heading"):
        assert any("col-lg-5" in classes for classes in parser.ancestors[heading]), heading
    assert any("col-lg-7" in classes for classes in parser.ancestors["actions-heading"])
