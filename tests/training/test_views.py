"""The training pages as coordinators, staff and visitors use them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import Enrolment, TrainingSession

from ..factories import court
from .conftest import new_session, staff

pytestmark = pytest.mark.django_db


def test_session_list_shows_seats_left_and_filters(client, session, jinshan_coordinator):
    services.enrol(session=session, people=staff("jinshan", 3), by=jinshan_coordinator)
    client.force_login(jinshan_coordinator)
    page = client.get(reverse("training:session-list")).content.decode()
    assert session.title in page and "剩余 7 / 10 个名额" in page
    empty = client.get(reverse("training:session-list"), {"status": "cancelled"})
    assert "没有符合条件的培训班次" in empty.content.decode()
    for bad in ({"year": "abc"}, {"court": "99999"}, {"year": "99999999999999999999"}):
        assert client.get(reverse("training:session-list"), bad).status_code == 200


def test_session_page_roster_by_court_and_actions_by_rule(
    client, session, jinshan_coordinator, jinshan_judge
):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    first, second = staff("jinshan", 2)
    services.enrol(session=session, people=[first, second], by=jinshan_coordinator)
    client.force_login(jinshan_coordinator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert first.full_name in page and "第1位" in page
    assert reverse("training:session-enrol", args=[session.pk]) in page
    assert reverse("training:session-edit", args=[session.pk]) not in page  # Pinghu hosts
    client.force_login(jinshan_judge)
    page = client.get(session.get_absolute_url()).content.decode()
    assert reverse("training:session-enrol", args=[session.pk]) not in page
    assert "enrolments/" not in page  # no cancel links for someone else's enrolment
    assert client.get(reverse("training:session-enrol", args=[session.pk])).status_code == 404


def test_enrol_page_enrols_and_keeps_input_on_error(client, session, jinshan_coordinator):
    TrainingSession.objects.filter(pk=session.pk).update(seats=2)
    people = staff("jinshan", 3)
    client.force_login(jinshan_coordinator)
    url = reverse("training:session-enrol", args=[session.pk])
    response = client.post(url, {"people": [p.pk for p in people]}, follow=True)
    assert "2人报名成功，1人进入候补" in response.content.decode()
    other = staff("jiashan", 1)[0]
    refused = client.post(url, {"people": [other.pk]})
    assert refused.status_code == 200 and "请选择本院尚未报名的人员" in refused.content.decode()
    assert not Enrolment.objects.filter(person=other).exists()
    for bad in ({"people": ["x"]}, {"people": ["99999999999999999999"]}, {}):
        assert client.post(url, bad).status_code == 200


def test_cancel_page_promotes_and_person_cancels_own(client, session, jinshan_coordinator):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    first, second = staff("jinshan", 2)
    a, b = services.enrol(session=session, people=[first, second], by=jinshan_coordinator)
    client.force_login(first.user)
    response = client.post(reverse("training:enrolment-cancel", args=[a.pk]), follow=True)
    assert second.full_name in response.content.decode()
    b.refresh_from_db()
    assert b.status == "enrolled"
    # someone else's enrolment: 404, nothing changes
    client.force_login(staff("jiashan", 1)[0].user)
    assert client.post(reverse("training:enrolment-cancel", args=[b.pk])).status_code == 404
    b.refresh_from_db()
    assert b.status == "enrolled"


def test_my_training_lists_own_enrolments_only(client, session, jinshan_coordinator):
    mine, other = staff("jinshan", 2)
    services.enrol(session=session, people=[mine], by=jinshan_coordinator)
    client.force_login(mine.user)
    assert session.title in client.get(reverse("training:my-training")).content.decode()
    client.force_login(other.user)
    page = client.get(reverse("training:my-training")).content.decode()
    assert "您尚未报名任何培训班次" in page


def _held(session):
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=3),
        end=now - datetime.timedelta(hours=1),
        enrol_deadline=now - datetime.timedelta(days=1),
    )


def test_attendance_certificate_pdf_and_public_verification(client, session, jinshan_coordinator):
    (person,) = staff("jinshan", 1)
    (enrolment,) = services.enrol(session=session, people=[person], by=jinshan_coordinator)
    _held(session)
    client.force_login(jinshan_coordinator)
    url = reverse("training:session-attendance", args=[session.pk])
    assert client.post(url, {f"e{enrolment.pk}": "completed"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    client.force_login(person.user)
    page = client.get(enrolment.get_certificate_url()).content.decode()
    assert "结业证书" in page and enrolment.certificate_code in page and person.full_name in page
    pdf = client.get(reverse("training:certificate-pdf", args=[enrolment.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # another member of staff cannot read it
    client.force_login(staff("jinshan", 1, "旁人")[0].user)
    assert client.get(enrolment.get_certificate_url()).status_code == 404
    # the public verification: no login, only name, session and date
    client.logout()
    ok = client.get(reverse("training:verify-code", args=[enrolment.certificate_code]))
    text = ok.content.decode()
    assert "该证书真实有效" in text and person.full_name in text and session.title in text
    main = text[text.index("<main") : text.index("</main>")]  # the footer lists every court
    assert person.court.name not in main and "enrolments/" not in text
    forged = client.get(reverse("training:verify"), {"code": "ABCDEFGHJKLM"}).content.decode()
    assert "没有与该验证码对应的证书" in forged and person.full_name not in forged
    assert client.get(reverse("training:verify"), {"code": "x" * 500}).status_code == 200


def test_session_form_validates_and_keeps_input(client, pinghu_coordinator, programme):
    client.force_login(pinghu_coordinator)
    data = {
        "programme": programme.pk,
        "title": "审判实务专题",
        "host_court": court("pinghu").pk,
        "trainer": "李明",
        "trainer_organisation": "华东政法大学 教授",
        "start": "2030-05-10T09:00",
        "end": "2030-05-10T08:00",
        "venue": "平湖",
        "seats": "600",
        "court_quota": "700",
        "enrol_deadline": "2030-05-20T09:00",
    }
    page = client.post(reverse("training:session-create"), data).content.decode()
    assert "名额应在1至500之间" in page and "审判实务专题" in page
    data.update(
        end="2030-05-10T12:00", seats="20", court_quota="5", enrol_deadline="2030-05-01T09:00"
    )
    response = client.post(reverse("training:session-create"), data)
    assert response.status_code == 302
    created = TrainingSession.objects.get(title="审判实务专题")
    assert created.seats == 20 and created.court_quota == 5 and created.status == "open"


def test_programme_statistics_by_court_and_excel(client, session, jinshan_coordinator):
    import io

    from openpyxl import load_workbook

    people = staff("jinshan", 2)
    a, b = services.enrol(session=session, people=people, by=jinshan_coordinator)
    _held(session)
    services.record_attendance(
        session=session, by=jinshan_coordinator, marks={a.pk: "completed", b.pk: "absent"}
    )
    client.force_login(jinshan_coordinator)
    page = client.get(session.programme.get_absolute_url()).content.decode()
    assert "50.0%" in page
    sheet = load_workbook(
        io.BytesIO(client.get(session.programme.get_absolute_url(), {"format": "xlsx"}).content)
    ).active
    rows = list(sheet.values)
    jinshan = next(r for r in rows if r[0] == "金山")
    assert jinshan[1:4] == (2, 1, 1)


def test_roster_export_lists_everyone_with_status(client, session, jinshan_coordinator):
    import io

    from openpyxl import load_workbook

    services.enrol(session=session, people=staff("jinshan", 2), by=jinshan_coordinator)
    client.force_login(jinshan_coordinator)
    response = client.get(reverse("training:session-roster", args=[session.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 3 and rows[1][3] == "已报名"


@pytest.mark.parametrize("rows", [2, 12])
def test_list_and_roster_query_counts_do_not_grow(
    client, pinghu_coordinator, jinshan_coordinator, django_assert_max_num_queries, rows
):
    from ..kit import warm_to_do_count

    for index in range(rows):
        session = new_session(pinghu_coordinator, title=f"班次{index}", seats=3)
        services.enrol(
            session=session, people=staff("jinshan", 4, f"人{index}"), by=jinshan_coordinator
        )
    client.force_login(jinshan_coordinator)
    warm_to_do_count(client)
    for url, limit in (
        (reverse("training:session-list"), 10),
        (session.get_absolute_url(), 12),
        (reverse("training:my-training"), 10),
        (session.programme.get_absolute_url(), 12),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


def test_the_state_a_reader_sees_moves_with_the_clock(client, pinghu_coordinator):
    now = timezone.now()
    open_ = new_session(pinghu_coordinator, title="报名中的班次")
    past_deadline = new_session(pinghu_coordinator, title="已截止的班次")
    begun = new_session(pinghu_coordinator, title="已开班的班次")
    TrainingSession.objects.filter(pk=past_deadline.pk).update(
        enrol_deadline=now - datetime.timedelta(hours=1)
    )
    TrainingSession.objects.filter(pk=begun.pk).update(
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
        enrol_deadline=now - datetime.timedelta(days=1),
    )
    client.force_login(pinghu_coordinator)
    url = reverse("training:session-list")
    for state, title, label in (
        ("open", open_.title, "报名中"),
        ("closed", past_deadline.title, "报名截止"),
        ("begun", begun.title, "待登记出勤"),
    ):
        page = client.get(url, {"status": state}).content.decode()
        assert title in page and label in page
        others = {open_.title, past_deadline.title, begun.title} - {title}
        assert not any(other in page for other in others)


def test_a_trainer_is_a_named_person_with_an_organisation(client, pinghu_coordinator, programme):
    """The form asks for both; the session page names the trainer with where they work; a
    deadline already past is refused and the typed values stay."""
    client.force_login(pinghu_coordinator)
    start = timezone.localtime() + datetime.timedelta(days=30)
    data = {
        "programme": programme.pk,
        "title": "审判实务专题",
        "topic": "合同解除",
        "host_court": court("pinghu").pk,
        "trainer": "李明",
        "start": start.strftime("%Y-%m-%dT09:00"),
        "end": start.strftime("%Y-%m-%dT12:00"),
        "venue": "平湖市人民法院培训中心",
        "seats": "20",
        "enrol_deadline": (timezone.localtime() - datetime.timedelta(days=1)).strftime(
            "%Y-%m-%dT09:00"
        ),
    }
    page = client.post(reverse("training:session-create"), data).content.decode()
    assert "请填写授课人的单位及职务" in page
    data["trainer_organisation"] = "浙江大学光华法学院 教授"
    page = client.post(reverse("training:session-create"), data).content.decode()
    assert "该时间已过" in page and "浙江大学光华法学院 教授" in page
    assert not TrainingSession.objects.filter(title="审判实务专题").exists()
    data["enrol_deadline"] = (start - datetime.timedelta(days=7)).strftime("%Y-%m-%dT09:00")
    response = client.post(reverse("training:session-create"), data)
    session = TrainingSession.objects.get(title="审判实务专题")
    assert response.status_code == 302
    page = client.get(session.get_absolute_url()).content.decode()
    assert "李明（浙江大学光华法学院 教授）" in page


@pytest.mark.parametrize("state", ["open", "closed", "begun", "held"])
def test_a_list_filtered_by_state_is_kept_for_the_minute_like_the_whole_list(
    client, pinghu_coordinator, jinshan_coordinator, state
):
    """The state filters compare with the time: to the minute, so that a filtered list's total
    and ids are kept like the whole list's (with the exact time each view counted and ordered
    afresh: two queries more on every view of the benchmark's filtered list)."""
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..kit import warm_to_do_count

    for index in range(3):
        new_session(pinghu_coordinator, title=f"班次{index}", seats=3)
    client.force_login(jinshan_coordinator)
    warm_to_do_count(client)
    url = reverse("training:session-list")
    with time_machine.travel(timezone.now().replace(second=5), tick=True):
        counts = []
        for query in ({}, {"status": state}):
            client.get(url, query)  # the first view counts and orders
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, query).status_code == 200
            counts.append(len(queries))
    assert counts[1] == counts[0], counts
