"""The header's search box: every kind of record by the words of its title and text, a
two-character Chinese word inside longer text included; each kind asked with its own visibility
rule, so that a group-only case is found — and counted — by its group's members only; the words
marked; bad input answered calmly; a bounded number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from activities.models import Activity
from casegroups.models import CaseStudyGroup, StudyCase
from courts.choices import Role

from ..conftest import make_member
from ..factories import (
    CaseStudyGroupFactory,
    CooperationItemFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    PublicityItemFactory,
    StudyCaseFactory,
    TrainingSessionFactory,
    court,
    make_activity,
)
from ..kit import warm_to_do_count

WORD = "质押"  # a two-character word, only ever inside longer text below


@pytest.fixture
def world(db, jinshan_judge):
    """One record of each kind holding 质押 inside longer text, and one group-only case of a
    group the Jinshan judge is not in."""
    make_activity(title="三地法院应收账款质押专题研讨", place="金山法院")
    CooperationItemFactory(title="联合调研", description="关于动产质押登记的调研。")
    PaperFactory(title="论应收账款质押的公示", abstract="以三地案例为样本。")
    TrainingSessionFactory(title="民法典担保制度", topic="权利质押与让与担保")
    PublicityItemFactory(title="典型案例发布", summary="一起股权质押纠纷的调解。")
    mine = CaseStudyGroupFactory(name="金融审判研究组", convenor=jinshan_judge.person)
    MembershipFactory(group=mine, person=jinshan_judge.person, status="active")
    StudyCaseFactory(group=mine, cause_of_action="应收账款质押合同纠纷", visibility="group")
    theirs = CaseStudyGroupFactory(name="商事审判研究组")
    StudyCaseFactory(
        group=theirs, cause_of_action="仓单质押合同纠纷", summary="仅组内可见。", visibility="group"
    )
    PersonFactory(full_name="质押测试员", court=court("pinghu"))
    return {"mine": mine, "theirs": theirs}


def _page(client, q: str, **more) -> str:
    answer = client.get(reverse("search"), {"q": q, **more})
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_two_character_word_finds_every_kind(judge_client, world):
    page = _page(judge_client, WORD)
    for title in [
        "三地法院应收账款<mark>质押</mark>专题研讨",
        "论应收账款<mark>质押</mark>的公示",
        "民法典担保制度",
        "典型案例发布",
        "联合调研",
        "应收账款<mark>质押</mark>合同纠纷",
        "<mark>质押</mark>测试员",
    ]:
        assert title in page, title
    for kind in ["联合活动", "学术讨论会论文", "培训", "宣传稿件", "合作事项", "研究案例", "人员"]:
        assert '<h2 class="h5" id="found-' in page and kind in page, kind


def test_a_group_only_case_is_neither_found_nor_counted_by_others(judge_client, world):
    page = _page(judge_client, "仓单质押")
    assert "仓单<mark>" not in page and "仅组内可见" not in page
    assert "没有找到与“仓单质押”相关的记录。" in page
    assert 'id="found-cases"' not in page  # not even as a kind with a count
    member = make_member("pinghu", Role.JUDGE, full_name="组员")
    MembershipFactory(group=world["theirs"], person=member.person, status="active")
    judge_client.force_login(member)
    assert "<mark>仓单质押</mark>合同纠纷" in _page(judge_client, "仓单质押")


def test_one_kind_shows_more_of_it(judge_client, world):
    for n in range(7):
        make_activity(title=f"质押实务第{n}讲", place="平湖法院")
    every = _page(judge_client, WORD)
    assert every.count("实务第") == 5  # five a kind on the page of every kind
    assert "kind=activities" in every
    one = _page(judge_client, WORD, kind="activities")
    assert one.count("实务第") == 7 and "论应收账款" not in one


@pytest.mark.parametrize(
    "query",
    [
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 101},  # too long: the form says so, nothing is searched
        {"q": "%_\\'\"<script>"},
        {"q": "质押", "kind": "no-such-kind"},
        {"q": "\x00"},
    ],
)
def test_bad_input_is_answered_calmly(judge_client, world, query):
    answer = judge_client.get(reverse("search"), query)
    assert answer.status_code == 200
    assert "<script>" not in answer.content.decode().split("</header>")[-1]


def test_nothing_found_says_so(judge_client, world):
    assert "没有找到与“一二三四”相关的记录。" in _page(judge_client, "一二三四")


def test_search_is_for_staff(client):
    answer = client.get(reverse("search"), {"q": WORD})
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_header_has_the_search_box(judge_client):
    page = judge_client.get(reverse("home")).content.decode()
    assert f'action="{reverse("search")}" role="search"' in page


def test_search_costs_a_bounded_number_of_queries(
    judge_client, world, django_assert_max_num_queries
):
    warm_to_do_count(judge_client)
    # session, user, the judge's groups (the case rule), the layout; a count for each of the
    # 14 kinds and the first rows of the 7 that found something; on PostgreSQL the planner's
    # two estimates for each of the 6 kinds with a gram index (kept ten minutes per words)
    with django_assert_max_num_queries(25 if connection.vendor == "sqlite" else 37):
        _page(judge_client, WORD)
    assert Activity.objects.exists() and CaseStudyGroup.objects.exists()
    assert StudyCase.objects.count() == 2


def test_a_kept_answer_is_never_stale(judge_client, world):
    """The answers are kept per words until a table they read is written: a new record is
    found at once."""
    assert "动产质押专题" not in _page(judge_client, WORD)
    make_activity(title="动产质押专题讲座", place="嘉善法院")
    assert "动产<mark>质押</mark>专题讲座" in _page(judge_client, WORD)
