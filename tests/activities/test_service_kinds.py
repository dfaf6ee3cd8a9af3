"""服务群众共联: the joint service to the public has its own kinds, areas and checklist."""

from django.urls import reverse

from activities import checklist
from activities.models import Activity, Kind
from courts.models import Court

from ..factories import ActivityFactory


def _create(client, kind, **extra):
    return client.post(
        reverse("activities:activity-create"),
        {
            "title": "三地法院联合普法进社区",
            "kind": kind,
            "area": "",
            "co_host_courts": [Court.objects.get(slug="pinghu").pk],
            "start": "2030-03-15T09:00",
            "end": "2030-03-15T11:30",
            "place": "金山区石化街道社区服务中心",
            **extra,
        },
    )


def test_the_form_offers_the_service_kinds_in_chinese(secretary_client):
    page = secretary_client.get(reverse("activities:activity-create")).content.decode()
    for label in ("联合普法宣传", "志愿服务", "诉讼服务进社区"):
        assert label in page


def test_an_activity_left_without_an_area_counts_in_its_kinds_area(secretary_client):
    for kind, area in (
        ("legal_education_outreach", "publicity"),
        ("volunteer_service", "party_exchange"),
        ("community_litigation_service", "trial_quality"),
    ):
        assert _create(secretary_client, kind).status_code == 302
        assert Activity.objects.latest("pk").area == area


def test_an_area_chosen_by_hand_is_kept(secretary_client):
    _create(secretary_client, "volunteer_service", area="culture")
    assert Activity.objects.get().area == "culture"


def test_the_service_checklist_asks_for_a_summary_and_no_minutes(db):
    activity = ActivityFactory(kind=Kind.LEGAL_EDUCATION_OUTREACH, notice="通知", summary="")
    codes = [r.code for r in checklist.checklist(activity)]
    assert codes == ["notice", "signin_sheet", "summary", "photos", "publicity_link"]
    assert "summary" in [r.code for r in checklist.missing(activity)]
    assert "服务小结" in [r.label for r in checklist.missing(activity)]
    activity.summary = "现场解答法律咨询46人次，发放宣传册300份。"
    activity.save()
    assert [r.code for r in checklist.missing(activity)] == [
        "signin_sheet",
        "photos",
        "publicity_link",
    ]
