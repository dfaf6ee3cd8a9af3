"""Series that cannot hurt anyone: bounds, preview, numbering, who may change them, rule changes
that never silently destroy, ending a series, concurrent planning (issue 8)."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities import series as series_services
from activities import services
from activities.models import Activity, Attachment, MeetingSeries
from core.access import PermissionDenied
from core.models import Notification

from ..factories import court
from .conftest import png_upload
from .test_series import _create, at

make = _create  # the same series as test_series.py


def form_data(**overrides):
    data = {
        "title": "定期交流会商",
        "convening_court": court("jinshan").pk,
        "every_months": "3",
        "ordinal": "2",
        "weekday": "TU",
        "first_date": "2030-10-01",
        "start_time": "14:30",
        "duration_minutes": "120",
        "host_mode": "rotating",
        "place_rule": "{host}法院党组会议室",
        "invite_all_secretaries": "on",
        "horizon_days": "183",
        "holiday_rule": "keep",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_minutes", "0", "至少15分钟"),
        ("duration_minutes", "5000", "最长12小时"),
        ("horizon_days", "99999", "最多提前两年"),
        ("horizon_days", "1", "至少提前7天"),
    ],
)
def test_numbers_out_of_bounds_are_form_errors_that_keep_the_input(
    secretary_client, field, value, message
):
    response = secretary_client.post(
        reverse("activities:series-create"), form_data(**{field: value, "title": "保留的标题"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "保留的标题" in page
    assert MeetingSeries.objects.count() == 0 and Activity.objects.count() == 0


def test_the_form_previews_dates_hosts_and_places_in_chinese_before_saving(secretary_client):
    # (the series starts in 2030: every date of the rule is still to come)
    response = secretary_client.get(
        reverse("activities:series-preview"), form_data(first_date="2030-10-01")
    )
    page = response.content.decode()
    assert "第1次" in page and "2030年10月8日 14:30" in page and "金山法院党组会议室" in page
    assert "第2次" in page and "2031年1月14日" in page and "平湖法院党组会议室" in page
    # The preview button on the form shows the same without saving.
    response = secretary_client.post(
        reverse("activities:series-create"), {**form_data(), "preview": "1"}
    )
    assert "2031年4月8日" in response.content.decode()
    assert MeetingSeries.objects.count() == 0


def test_numbering_and_rotation_start_at_the_first_meeting_actually_planned(jinshan_secretary):
    # The rule's first dates (2030-04-09, 2030-07-09) lie in the past on 2030-09-01.
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = make(jinshan_secretary, first_date=datetime.date(2030, 4, 1))
    first = series.occurrences.order_by("start").select_related("host_court").first()
    assert first.title == "三地法院定期交流会商（第1次）"
    assert timezone.localtime(first.start) == at(2030, 10, 8, 14, 30)
    assert first.host_court.slug == "jinshan"  # the rotation starts with the first court


def test_only_the_convening_courts_secretary_changes_a_series(
    client, jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = make(jinshan_secretary)
    assert series.convening_court.slug == "jinshan"
    with pytest.raises(PermissionDenied):
        series_services.update_series(series=series, by=pinghu_secretary, title="改名")
    client.force_login(pinghu_secretary)
    for name in ("series-edit", "series-end", "series-reminders"):
        assert client.get(reverse(f"activities:{name}", args=[series.pk])).status_code == 404
    page = client.get(series.get_absolute_url()).content.decode()
    assert reverse("activities:series-edit", args=[series.pk]) not in page
    series.refresh_from_db()
    assert series.title == "三地法院定期交流会商"


def test_a_fixed_host_other_than_ones_own_court_is_refused(secretary_client):
    response = secretary_client.post(
        reverse("activities:series-create"),
        form_data(host_mode="fixed", fixed_host=court("pinghu").pk),
    )
    assert response.status_code == 200
    assert MeetingSeries.objects.count() == 0


def test_a_rule_change_keeps_records_moves_with_identity_and_tells_people(
    jinshan_secretary, pinghu_secretary, jinshan_judge
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = make(jinshan_secretary)
        first, second, third, fourth = series.occurrences.order_by("start")
        # Pinghu hosts the second and has put its agenda paper there.
        part = second.parts.get(court__slug="pinghu")
        services.add_attachment(part=part, by=pinghu_secretary, kind="photo", upload=png_upload())
        services.invite(activity=first, by=jinshan_secretary, people=[jinshan_judge.person])
        before = Notification.objects.count()
        series_services.update_series(
            series=series, by=jinshan_secretary, rrule="FREQ=MONTHLY;INTERVAL=6;BYDAY=1MO"
        )
    second.refresh_from_db()
    assert second.series_id == series.pk and second.occurrence_index is None
    assert Attachment.objects.filter(activity=second).exists()  # the file and its row stay
    assert second.status == "planned" and timezone.localtime(second.start) == at(
        2031, 1, 14, 14, 30
    )
    first.refresh_from_db()
    assert timezone.localtime(first.start) == at(2030, 10, 7, 14, 30)  # the same row, moved
    assert first.ical_sequence == 1
    event = first.as_calendar_event()
    assert event.uid == f"activity-{first.pk}@jinpingjia" and event.sequence == 1
    notice = Notification.objects.filter(recipient=jinshan_judge).latest("pk")
    assert notice.title.startswith("改期") and "2030年10月7日" in notice.body
    # The new rule has one meeting fewer in the horizon: one is cancelled, none deleted.
    assert Activity.objects.filter(series=series).count() == 4
    assert Activity.objects.filter(series=series, status="cancelled").count() == 1
    assert Notification.objects.count() > before


def test_ending_a_series_cancels_the_untouched_coming_meetings_with_notice(
    client, jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = make(jinshan_secretary)
        kept = series.occurrences.order_by("start")[1]
        part = kept.parts.get(court__slug="pinghu")
        services.add_attachment(part=part, by=pinghu_secretary, kind="photo", upload=png_upload())
        client.force_login(jinshan_secretary)
        response = client.post(
            reverse("activities:series-end", args=[series.pk]), {"reason": "协议到期"}
        )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.is_ended and not series.active
    statuses = list(series.occurrences.order_by("start").values_list("status", flat=True))
    assert statuses == ["cancelled", "planned", "cancelled", "cancelled"]
    told = Notification.objects.filter(recipient=pinghu_secretary, title__startswith="活动取消")
    assert told.count() == 3 and "协议到期" in told.first().body
    # An ended series is read-only, and nothing offers to change it.
    assert client.get(reverse("activities:series-edit", args=[series.pk])).status_code == 404
    page = client.get(series.get_absolute_url()).content.decode()
    assert "已结束" in page and reverse("activities:series-end", args=[series.pk]) not in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
)
@pytest.mark.django_db(transaction=True)
def test_two_planning_runs_at_once_both_succeed_and_plan_each_meeting_once(jinshan_secretary):
    from django.db import connections

    # plans little at first
    series = make(jinshan_secretary, horizon_days=30, first_date=timezone.localdate())
    MeetingSeries.objects.filter(pk=series.pk).update(horizon_days=700)
    series.refresh_from_db()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(series_services.extend_series(series=series))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    indexes = list(series.occurrences.values_list("occurrence_index", flat=True))
    assert len(indexes) == len(set(indexes)) and sum(results) > 0


def test_an_admin_creates_a_series_for_another_court_through_the_service(client, superuser):
    client.force_login(superuser)
    url = reverse("admin:activities_meetingseries_add")
    page = client.get(url).content.decode()
    assert 'name="ended_on"' not in page  # ending happens on the series page, with notice
    response = client.post(
        url,
        {
            "title": "平湖召集的会商",
            "convening_court": court("pinghu").pk,
            "rrule": "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            "first_date": timezone.localdate().isoformat(),
            "start_time": "14:30",
            "duration_minutes": "120",
            "host_mode": "rotating",
            "place_rule": "{host}法院党组会议室",
            "horizon_days": "400",
            "holiday_rule": "keep",
            "reminders_on_workdays": "on",
            "active": "on",
            "reminder_rules-TOTAL_FORMS": "0",
            "reminder_rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    series = MeetingSeries.objects.get(title="平湖召集的会商")
    assert series.convening_court.slug == "pinghu"
    assert series.occurrences.exists() and series.reminder_rules.exists()
