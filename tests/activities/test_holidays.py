"""Dates that know Chinese holidays: series skip or move meetings on statutory holidays,
adjusted working days (调休) count, reminders avoid holidays, forms warn, unknown years are said
to be unknown (issue 8)."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from activities import series as series_services
from activities.meeting_reminders import on_a_workday
from core import holidays

from ..factories import court

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=0, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


def first_thursdays(by, rule):
    with mock.patch.object(timezone, "now", return_value=at(2026, 8, 1)):
        return series_services.create_series(
            by=by,
            title="月度会商",
            rrule="FREQ=MONTHLY;BYDAY=1TH",
            first_date=datetime.date(2026, 9, 1),
            start_time=datetime.time(9, 0),
            horizon_days=120,
            holiday_rule=rule,
        )


def dates(series):
    return [
        timezone.localtime(a.start).date()
        for a in series.occurrences.exclude(status="cancelled").order_by("start")
    ]


def test_the_calendar_knows_holidays_and_adjusted_working_days():
    national_day = holidays.day(datetime.date(2026, 10, 1))
    assert national_day.known and not national_day.workday and national_day.holiday == "国庆节"
    adjusted = holidays.day(datetime.date(2026, 10, 10))  # a Saturday worked for National Day
    assert adjusted.workday and not adjusted.is_statutory_holiday
    assert not holidays.day(datetime.date(2030, 10, 1)).known


@pytest.mark.parametrize(
    ("rule", "october"),
    [
        ("keep", datetime.date(2026, 10, 1)),
        ("next_workday", datetime.date(2026, 10, 8)),
        ("previous_workday", datetime.date(2026, 9, 30)),
        ("skip", None),
    ],
)
def test_a_meeting_on_national_day_is_kept_moved_or_skipped(jinshan_secretary, rule, october):
    series = first_thursdays(jinshan_secretary, rule)
    found = dates(series)
    assert found[0] == datetime.date(2026, 9, 3) and datetime.date(2026, 11, 5) in found
    in_october = [d for d in found if d.month in (9, 10) and d != datetime.date(2026, 9, 3)]
    assert in_october == ([october] if october else [])


def test_reminders_due_on_a_holiday_go_out_on_the_working_day_before():
    # Due on Sunday 2026-10-11: the working day before is the adjusted Saturday 2026-10-10.
    assert on_a_workday(at(2026, 10, 11, 9)) == at(2026, 10, 10, 9)
    # Due during National Day: the last working day before it, 2026-09-30.
    assert on_a_workday(at(2026, 10, 5, 14, 30)) == at(2026, 9, 30, 14, 30)
    assert on_a_workday(at(2026, 10, 9, 9)) == at(2026, 10, 9, 9)


def test_the_preview_says_which_dates_moved_and_which_years_are_unknown(secretary_client):
    with mock.patch.object(timezone, "now", return_value=at(2026, 8, 1)):
        response = preview(secretary_client)
    page = response.content.decode()
    assert "2026年10月8日" in page and "国庆节：由10月1日顺延" in page  # moved, and why
    assert "2027年的法定节假日安排尚未公布" in page


def preview(client):
    return client.get(
        reverse("activities:series-preview"),
        {
            "title": "会商",
            "convening_court": str(court("jinshan").pk),
            "every_months": "6",
            "ordinal": "1",
            "weekday": "TH",
            "first_date": "2026-10-01",
            "start_time": "09:00",
            "duration_minutes": "120",
            "host_mode": "rotating",
            "place_rule": "{host}会议室",
            "horizon_days": "183",
            "holiday_rule": "next_workday",
        },
    )


def test_the_activity_form_checks_the_date_before_saving_not_after(secretary_client):
    from activities.models import Activity

    data = {
        "title": "国庆联合党日",
        "kind": "themed_party_day",
        "area": "party_exchange",
        "co_host_courts": [str(court("pinghu").pk)],
        "start": "2027-10-01T09:00",
        "end": "2027-10-01T11:00",
        "place": "金山",
    }
    url = reverse("activities:activity-create")
    # A year whose schedule is not published: said (it cannot be checked), not stopped.
    response = secretary_client.post(url, data)
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("2027" in t and "尚未公布" in t for t in texts)
    assert Activity.objects.count() == 1
    # A statutory holiday of a published year: nothing saved before the secretary says so.
    holiday = {**data, "start": "2026-10-01T09:00", "end": "2026-10-01T11:00"}
    response = secretary_client.post(url, holiday)
    page = response.content.decode()
    assert response.status_code == 200 and "国庆" in page and "仍使用这个日期" in page
    assert 'name="keep_date"' in page and 'type="checkbox"' in page
    assert Activity.objects.count() == 1
    response = secretary_client.post(url, {**holiday, "keep_date": "on"})
    assert response.status_code == 302
    assert Activity.objects.count() == 2

    # Checked as it is typed (htmx), with the same words.
    def check(start: str) -> str:
        answer = secretary_client.get(reverse("activities:date-check"), {"start": start})
        return answer.content.decode()

    assert "法定节假日" in check("2026-10-01T09:00") and "国庆" in check("2026-10-01T09:00")
    assert check("2026-10-09T09:00") == "" and check("x") == "" and check("0001-01-01T09:00") == ""
    assert "尚未公布" in check("2027-03-01T09:00")


def test_working_day_keeps_a_working_day_and_moves_others_past_holidays():
    import datetime

    from core.holidays import working_day

    friday, saturday = datetime.date(2025, 11, 21), datetime.date(2025, 11, 22)
    assert working_day(friday) == friday
    assert working_day(saturday) == datetime.date(2025, 11, 24)
    assert working_day(saturday, forward=False) == friday
    assert working_day(datetime.date(2025, 10, 1)) == datetime.date(2025, 10, 9)  # 国庆中秋
    assert working_day(datetime.date(2025, 9, 28)) == datetime.date(2025, 9, 28)  # 调休 Sunday
