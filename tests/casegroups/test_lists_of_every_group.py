"""Every group's cases and study sessions in one list each: the case rule holds in the list and
its export, and the filters the dashboard's links use narrow them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ..factories import (
    CaseReviewFactory,
    CaseStudyGroupFactory,
    MembershipFactory,
    StudyCaseFactory,
    StudySessionFactory,
    court,
)
from ..kit import warm_to_do_count

CASES = reverse("casegroups:all-case-list")
SESSIONS = reverse("casegroups:session-list")
NUMBERS = {
    "shared": "（2025）沪0116民初11号",
    "group_only": "（2025）沪0116民初12号",
    "open": "（2025）浙0482民初13号",
}


@pytest.fixture
def world(db, jinshan_judge):
    this_year = timezone.localdate().year
    bank = CaseStudyGroupFactory(name="金融审判研究组")
    land = CaseStudyGroupFactory(name="环境资源研究组")
    bank.member_courts.set([court("jinshan"), court("pinghu")])
    land.member_courts.set([court("jiashan")])
    MembershipFactory(group=land, person=jinshan_judge.person, status="active")
    shared = StudyCaseFactory(
        group=bank,
        case_number=NUMBERS["shared"],
        status="concluded",
        visibility="staff",
        concluded_at=timezone.now(),
    )
    CaseReviewFactory(case=shared)
    StudyCaseFactory(
        group=bank,
        case_number=NUMBERS["group_only"],
        status="concluded",
        visibility="group",
        concluded_at=timezone.now(),
    )
    StudyCaseFactory(
        group=land,
        case_number=NUMBERS["open"],
        court_of_origin=court("jiashan"),
        status="discussion",
        visibility="group",
    )
    past = timezone.now() - datetime.timedelta(days=3)
    StudySessionFactory(
        group=bank, title="金融类案第一次研讨", start=past, end=past + datetime.timedelta(hours=2)
    )
    StudySessionFactory(
        group=land,
        title="环资类案研讨（已取消）",
        start=past,
        end=past + datetime.timedelta(hours=2),
        cancelled=True,
    )
    StudySessionFactory(group=land, title="环资类案下次研讨")
    return this_year


def _cases(client, query: str = "") -> set[str]:
    html = client.get(CASES + query).content.decode()
    return {k for k, number in NUMBERS.items() if number in html}


def _sessions(client, query: str = "") -> set[str]:
    html = client.get(SESSIONS + query).content.decode()
    titles = ["金融类案第一次研讨", "环资类案研讨（已取消）", "环资类案下次研讨"]
    return {t for t in titles if t in html}


def test_a_judge_reads_the_shared_cases_and_every_case_of_their_own_group(judge_client, world):
    # A member of the land group: its group-only case; not the bank group's group-only case.
    assert _cases(judge_client) == {"shared", "open"}
    assert _cases(judge_client, "?shared=true") == {"shared"}
    assert _cases(judge_client, f"?status=concluded&concluded={world}") == {"shared"}
    assert _cases(judge_client, "?reviewed=true") == {"shared"}
    assert _cases(judge_client, f"?court={court('jiashan').pk}") == {"open"}


def test_an_administrator_reads_every_case(admin_client, world):
    assert _cases(admin_client) == {"shared", "group_only", "open"}


def test_the_export_keeps_to_the_case_rule(judge_client, world):
    response = judge_client.get(CASES + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {NUMBERS["shared"], NUMBERS["open"]}


def test_the_sessions_of_every_group_and_those_held(judge_client, world):
    assert _sessions(judge_client) == {
        "金融类案第一次研讨",
        "环资类案研讨（已取消）",
        "环资类案下次研讨",
    }
    assert _sessions(judge_client, "?held=true") == {"金融类案第一次研讨"}
    assert _sessions(judge_client, f"?court={court('jiashan').pk}") == {
        "环资类案研讨（已取消）",
        "环资类案下次研讨",
    }
    assert _sessions(judge_client, "?year=2020") == set()


@pytest.mark.parametrize(
    "url", [CASES + "?concluded=1900", CASES + "?group=abc", SESSIONS + "?year=x&court=0"]
)
def test_bad_filters_answer_a_page_not_an_error(judge_client, world, url):
    assert judge_client.get(url).status_code == 200


def test_the_lists_cost_the_same_queries_whatever_their_length(
    judge_client, world, django_assert_max_num_queries
):
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(12):
        judge_client.get(CASES)
    with django_assert_max_num_queries(10):
        judge_client.get(SESSIONS)
    group = CaseStudyGroupFactory()
    for n in range(15):
        StudyCaseFactory(
            group=group, visibility="staff", case_number=f"（2025）沪0116民初{200 + n}号"
        )
        StudySessionFactory(group=group)
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(12):
        judge_client.get(CASES)
    with django_assert_max_num_queries(10):
        judge_client.get(SESSIONS)
