"""A fourth court of the alliance, added in admin, takes part without code changes: the
rotation, places, invitations, joint activities, case numbers, sign-offs and lists."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import series as series_services
from activities.models import MeetingSeries
from casegroups import case_numbers
from courts.choices import Role
from courts.models import Court
from publicity.permissions import signers_of

from .conftest import make_member
from .factories import make_activity

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def haiyan(client, superuser):
    """Added as an administrator would: through the court admin page."""
    client.force_login(superuser)
    response = client.post(
        reverse("admin:courts_court_add"),
        {
            "slug": "haiyan",
            "name_zh": "浙江省海盐县人民法院",
            "name_en": "Zhejiang Haiyan County People's Court",
            "short_name_zh": "海盐",
            "short_name_en": "Haiyan",
            "province": "浙江",
            "case_code": "浙0424",
            "sort_order": 4,
            "email_reminders": "on",
            "webhook_format": "wecom",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Court.objects.get(slug="haiyan")


def test_a_fourth_court_takes_part_in_the_main_flows(client, haiyan, jinshan_secretary):
    secretary = make_member("haiyan", Role.PARTY_SECRETARY, full_name="沈书记")
    # the rotation over four courts, in the order administrators set
    with mock.patch.object(
        timezone, "now", return_value=datetime.datetime(2030, 9, 1, tzinfo=SHANGHAI)
    ):
        series = series_services.create_series(
            by=jinshan_secretary,
            title="四地法院定期交流会商",
            rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            first_date=datetime.date(2030, 10, 1),
            start_time=datetime.time(14, 30),
            duration_minutes=120,
            host_mode=MeetingSeries.HostMode.ROTATING,
            place_rule="{host}法院党组会议室",
            horizon_days=400,
        )
    meetings = list(series.occurrences.order_by("occurrence_index"))
    assert [m.host_court.slug for m in meetings] == ["jinshan", "pinghu", "jiashan", "haiyan"]
    assert meetings[3].place == "海盐法院党组会议室"
    assert meetings[0].attendances.filter(person__user=secretary).exists()
    client.force_login(jinshan_secretary)
    form_page = client.get(reverse("activities:series-create")).content.decode()
    assert "金山 → 平湖 → 嘉善 → 海盐" in form_page
    # a joint activity hosted by the new court, with a part for each court
    activity = make_activity(host="haiyan", co_hosts=("jinshan",), by=secretary)
    assert sorted(p.court.slug for p in activity.parts.all()) == ["haiyan", "jinshan"]
    page = client.get(reverse("activities:activity-list"), {"court": haiyan.pk}).content.decode()
    assert activity.title in page
    # its case numbers, and its sign-off falls back to its secretary
    number = case_numbers.parse("（2024）浙0424民初5号")
    case_numbers.check_origin(number, haiyan.case_code, haiyan.name)
    assert signers_of(haiyan.pk) == [secretary]
    # the footer and the public pages name the alliance's courts from the directory
    public = client.get(reverse("public-list")).content.decode()
    assert "浙江省海盐县人民法院" in public
    assert "浙江省海盐县人民法院" in client.get(reverse("public-feed")).content.decode()
