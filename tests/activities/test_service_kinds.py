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
    assert codes == ["notice", "signin_sheet", "summary", "served", "photos", "publicity_link"]
    assert "summary" in [r.code for r in checklist.missing(activity)]
    assert "服务小结" in [r.label for r in checklist.missing(activity)]
    activity.summary = "现场解答法律咨询46人次，发放宣传册300份。"
    activity.save()
    assert [r.code for r in checklist.missing(activity)] == [
        "signin_sheet",
        "served",
        "photos",
        "publicity_link",
    ]


def test_a_service_records_whom_it_served_and_appears_on_the_public_pages(
    client, secretary_client, jinshan_secretary
):
    """The record form asks a service for its figures (bounded), the page shows them, the
    checklist counts them, and the public page lists the held service with its figures and
    nothing else of the activity."""
    from ..factories import make_activity

    activity = make_activity(
        by=jinshan_secretary,
        kind=Kind.COMMUNITY_LITIGATION_SERVICE,
        title="诉讼服务进社区",
        days=-2,
        hours=3,
    )
    Activity.objects.filter(pk=activity.pk).update(
        status="held", agenda="内部议程：请勿公开", minutes="内部记录"
    )
    record = reverse("activities:activity-record", args=[activity.pk])
    data = {"status": "held", "summary": "在石化街道开展诉讼服务。", "publicity_link": ""}
    page = secretary_client.post(
        record, {**data, "served_people": "1000000", "consultations": "30"}
    ).content.decode()
    assert "100000" in page and "1000000" in page  # the bound said, the input kept
    secretary_client.post(
        record, {**data, "served_people": "120", "consultations": "30", "disputes_resolved": "2"}
    )
    activity.refresh_from_db()
    assert (activity.served_people, activity.consultations, activity.disputes_resolved) == (
        120, 30, 2,
    )  # fmt: skip
    assert "served" not in [r.code for r in checklist.missing(activity)]
    detail = secretary_client.get(activity.get_absolute_url()).content.decode()
    assert "服务群众 120 人次" in detail
    public = client.get(reverse("public-services")).content.decode()
    assert activity.title in public and "服务群众 120 人次" in public and "化解纠纷 2 件" in public
    assert "内部议程" not in public and "内部记录" not in public
    # an activity that is not a service has no such fields
    other = make_activity(by=jinshan_secretary, days=-2)
    page = secretary_client.get(reverse("activities:activity-record", args=[other.pk]))
    assert "served_people" not in page.content.decode()
    assert other.title not in client.get(reverse("public-services")).content.decode()
