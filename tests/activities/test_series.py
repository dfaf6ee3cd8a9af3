import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities import series as series_services
from activities import services
from activities.models import Activity, MeetingSeries

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=0, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


def _create(by, **overrides):
    fields = dict(
        title="三地法院定期交流会商",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
        first_date=datetime.date(2030, 10, 1),
        start_time=datetime.time(14, 30),
        duration_minutes=120,
        host_mode=MeetingSeries.HostMode.ROTATING,
        place_rule="{host}法院党组会议室",
        horizon_days=400,
    )
    fields.update(overrides)
    return series_services.create_series(by=by, **fields)


def occurrences(series):
    return list(series.occurrences.order_by("occurrence_index").select_related("host_court"))


def test_rotating_quarterly_dates_and_hosts_across_a_year_boundary(
    jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
    found = [(timezone.localtime(a.start), a.host_court.slug, a.place) for a in occurrences(series)]
    assert found == [
        (at(2030, 10, 8, 14, 30), "jinshan", "金山法院党组会议室"),
        (at(2031, 1, 14, 14, 30), "pinghu", "平湖法院党组会议室"),
        (at(2031, 4, 8, 14, 30), "jiashan", "嘉善法院党组会议室"),
        (at(2031, 7, 8, 14, 30), "jinshan", "金山法院党组会议室"),
    ]
    first = occurrences(series)[0]
    assert [c.slug for c in first.courts] == ["jinshan", "pinghu", "jiashan"]
    assert first.end - first.start == datetime.timedelta(hours=2)
    # every secretary is invited by default
    assert first.attendances.filter(person__user=pinghu_secretary).exists()


def test_extending_again_creates_nothing_twice(jinshan_secretary):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
        assert series_services.extend_series(series=series) == 0
    assert series.occurrences.count() == 4


def test_moving_one_occurrence_leaves_the_rest_and_series_edits_skip_it(
    jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
        second = occurrences(series)[1]
        moved = at(2031, 1, 16, 9, 0)
        services.update_activity(
            activity=second,
            by=pinghu_secretary,
            start=moved,
            end=moved + datetime.timedelta(hours=2),
        )
        series_services.update_series(
            series=series,
            by=jinshan_secretary,
            start_time=datetime.time(9, 0),
            place_rule="{host}报告厅",
        )
    after = occurrences(series)
    assert timezone.localtime(after[1].start) == at(2031, 1, 16, 9, 0)
    assert after[1].edited_by_hand and after[1].place == "平湖法院党组会议室"
    assert timezone.localtime(after[0].start) == at(2030, 10, 8, 9, 0)
    assert after[0].place == "金山报告厅"
    assert timezone.localtime(after[2].start) == at(2031, 4, 8, 9, 0)


def test_changing_the_rule_replans_only_future_untouched_occurrences(
    jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
        second = occurrences(series)[1]
        services.update_activity(activity=second, by=pinghu_secretary, title="改期的会商")
        series_services.update_series(
            series=series, by=jinshan_secretary, rrule="FREQ=MONTHLY;INTERVAL=6;BYDAY=1MO"
        )
    titles = [a.title for a in series.occurrences.order_by("start")]
    assert "改期的会商" in titles  # edited by hand: stays where it is
    planned = series.occurrences.filter(edited_by_hand=False).exclude(status="cancelled")
    starts = [timezone.localtime(a.start).date() for a in planned.order_by("start")]
    assert starts == [datetime.date(2030, 10, 7), datetime.date(2031, 4, 7)]
    # The one the new rule no longer has is cancelled, not deleted.
    assert series.occurrences.filter(status="cancelled").count() == 1
    # every renumbering is in the moved meetings' history, by the person who changed the rule
    from auditlog.models import LogEntry

    first = planned.order_by("start").first()
    numbered = [
        entry
        for entry in LogEntry.objects.get_for_object(first)
        if entry.action == LogEntry.Action.UPDATE
        and "occurrence_index" in (entry.changes_dict or {})
    ]
    assert numbered and all(entry.actor == jinshan_secretary for entry in numbered)
    assert any(entry.changes_dict["occurrence_index"][1] == "None" for entry in numbered)


def test_cancelling_one_occurrence_keeps_it_from_coming_back(jinshan_secretary):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
        first = occurrences(series)[0]
        services.cancel_activity(activity=first, by=jinshan_secretary, reason="与庭审冲突")
        series_services.extend_series(series=series)
    assert series.occurrences.filter(occurrence_index=0).get().status == (Activity.Status.CANCELLED)
    assert series.occurrences.count() == 4


def test_a_paused_series_creates_no_occurrences(jinshan_secretary):
    series = _create(jinshan_secretary, active=False)
    assert series.occurrences.count() == 0


def test_a_bad_rule_is_refused_with_a_message(jinshan_secretary):
    with pytest.raises(ValidationError) as error:
        _create(jinshan_secretary, rrule="FREQ=SOMETIMES")
    assert "rrule" in error.value.message_dict
    with pytest.raises(ValidationError):
        _create(jinshan_secretary, rrule="FREQ=DAILY")
    assert MeetingSeries.objects.count() == 0


def test_fixed_host_needs_a_court(jinshan_secretary):
    with pytest.raises(ValidationError):
        _create(jinshan_secretary, host_mode=MeetingSeries.HostMode.FIXED)


def test_judges_cannot_create_series(jinshan_judge):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _create(jinshan_judge)


def test_recurrence_in_words_round_trips():
    from activities.recurrence import build_rrule, describe, parse_rrule

    rule = build_rrule(3, 2, "TU")
    assert rule == "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"
    assert parse_rrule(rule) == {"every_months": 3, "ordinal": 2, "weekday": "TU"}
    assert describe(rule) == "每季度第二个星期二"
    assert describe("FREQ=YEARLY;BYMONTH=7") == "FREQ=YEARLY;BYMONTH=7"


def test_writing_the_summary_does_not_detach_an_occurrence(jinshan_secretary):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
        first = occurrences(series)[0]
    # Recorded after it took place ("held" only from the start: activities.windows).
    with mock.patch.object(timezone, "now", return_value=first.end + datetime.timedelta(hours=1)):
        services.update_activity(
            activity=first, by=jinshan_secretary, summary="小结", status=Activity.Status.HELD
        )
    first.refresh_from_db()
    assert not first.edited_by_hand


def test_one_invitation_per_series_lists_its_dates_and_meetings_carry_a_notice(
    jinshan_secretary, pinghu_secretary
):
    """A new series of four meetings sends each invited person one invitation naming the four
    dates (not four notices); each meeting carries the series' notice, so its checklist is not
    missing one; the default place rule reads 金山法院党组会议室."""
    from core.models import Notification

    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(
            jinshan_secretary, place_rule=MeetingSeries._meta.get_field("place_rule").default
        )
    notices = Notification.objects.filter(recipient=pinghu_secretary)
    assert notices.count() == 1
    notice = notices.get()
    assert "4" in notice.title and series.title in notice.title
    for meeting in occurrences(series):
        assert meeting.title in notice.body and meeting.place in notice.body
        assert meeting.place.endswith("法院党组会议室")
        assert series.title in meeting.notice and meeting.place in meeting.notice
        from activities import checklist

        assert "notice" not in [r.code for r in checklist.missing(meeting)]


def test_a_series_meeting_links_back_to_its_series(client, jinshan_secretary, pinghu_secretary):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
    second = occurrences(series)[1]  # hosted by Pinghu in turn
    client.force_login(jinshan_secretary)
    page = client.get(second.get_absolute_url()).content.decode()
    assert f'href="{series.get_absolute_url()}"' in page
    assert "本系列第2次会议" in page and "由平湖承办，会务安排请联系：" in page
    assert pinghu_secretary.person.full_name in page


def test_the_reminder_plan_shows_the_reminders_to_come(client, jinshan_secretary, pinghu_secretary):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary)
    client.force_login(jinshan_secretary)
    page = client.get(f"{series.get_absolute_url()}reminders/").content.decode()
    assert "即将发送的提醒" in page
    assert pinghu_secretary.person.full_name in page and "站内消息" in page
    assert "会前" in page  # the stage in words
