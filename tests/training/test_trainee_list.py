"""The trainees of the sessions held, across sessions: what the dashboard's training figures
link to. Only seats taken in a session that was held are listed; the filters narrow them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ..factories import (
    EnrolmentFactory,
    PersonFactory,
    ProgrammeFactory,
    TrainingSessionFactory,
    court,
)
from ..kit import warm_to_do_count

URL = reverse("training:trainee-list")


def _at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def trainees(db):
    year = timezone.localdate().year
    programme = ProgrammeFactory(year=year)
    held = TrainingSessionFactory(
        programme=programme, status="held", start=_at(-3), end=_at(-2), title="调解技巧研修"
    )
    coming = TrainingSessionFactory(
        programme=programme, status="open", start=_at(20), end=_at(21), title="庭审直播规范"
    )
    made = {}
    for name, where, status, code in [
        ("张学员", "jinshan", "completed", "JPJ000001"),
        ("李学员", "pinghu", "absent", None),
        ("王学员", "jiashan", "cancelled", None),
    ]:
        made[name] = EnrolmentFactory(
            session=held,
            person=PersonFactory(court=court(where), full_name=name),
            status=status,
            certificate_code=code,
        )
    EnrolmentFactory(session=coming, person=PersonFactory(full_name="赵学员"))
    return made


def _listed(client, query: str = "") -> set[str]:
    html = client.get(URL + query).content.decode()
    return {n for n in ["张学员", "李学员", "王学员", "赵学员"] if n in html}


def test_only_the_seats_of_the_sessions_held_are_listed_and_filters_narrow_them(
    judge_client, trainees
):
    assert _listed(judge_client) == {"张学员", "李学员"}
    assert _listed(judge_client, "?outcome=completed") == {"张学员"}
    assert _listed(judge_client, "?outcome=not_completed") == {"李学员"}
    assert _listed(judge_client, "?outcome=certified") == {"张学员"}
    assert _listed(judge_client, f"?court={court('pinghu').pk}") == {"李学员"}
    assert _listed(judge_client, "?q=张") == {"张学员"}
    assert _listed(judge_client, "?year=2020") == set()
    assert "没有符合条件的学员。" in judge_client.get(URL + "?year=2020").content.decode()


@pytest.mark.parametrize("query", ["?outcome=bogus", "?court=abc", "?year=1900", "?page=999"])
def test_bad_filters_answer_a_page_not_an_error(judge_client, trainees, query):
    assert judge_client.get(URL + query).status_code == 200


def test_the_export_holds_the_certificate_codes_of_the_filtered_trainees(judge_client, trainees):
    response = judge_client.get(URL + "?outcome=certified&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-1]) for r in rows] == [("张学员", "JPJ000001")]


def test_the_list_costs_the_same_queries_whatever_the_number_of_trainees(
    judge_client, trainees, django_assert_max_num_queries
):
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(9):
        judge_client.get(URL)
    session = trainees["张学员"].session
    for _ in range(20):
        EnrolmentFactory(session=session, status="attended")
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(9):
        judge_client.get(URL)
