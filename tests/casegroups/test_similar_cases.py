"""Similar cases (类案推荐) measured on sixty labelled summaries: BM25 over jieba's words against
the plain baseline (same cause of action, newest first). The README quotes these figures."""

import random

import pytest
from django.urls import reverse

from casegroups import services, similar
from casegroups.models import CaseTerm, StudyCase, Term

from ..factories import StudyCaseFactory, court
from .similar_cases_data import CASES

# The figures the README states, as floors and ceilings the measurement must keep.
BM25_AT_LEAST = 0.90
BASELINE_AT_MOST = 0.60


@pytest.fixture
def labelled(group, member):
    rows = list(enumerate(CASES))
    random.Random(7).shuffle(rows)  # the order of submission says nothing about the groups
    cases = {}
    for index, (label, cause, summary, difficulty) in rows:
        case = StudyCaseFactory(
            group=group,
            submitted_by=member.person,
            case_number=f"（2024）沪0116民初{index + 1}号",
            cause_of_action=cause,
            summary=summary,
            difficulty=difficulty,
            visibility="staff",
        )
        cases[case.pk] = label
    for pk in cases:
        similar.index_case(pk)
    return cases


def precision_at_5(cases: dict[int, str], retrieve) -> float:
    total = 0.0
    for pk, label in cases.items():
        found = retrieve(StudyCase.objects.get(pk=pk))[:5]
        total += sum(1 for other in found if cases[other] == label) / 5
    return total / len(cases)


def test_bm25_beats_the_same_cause_baseline(labelled, member, capsys):
    assert len(labelled) >= 60 and len(set(labelled.values())) == 10
    bm25 = precision_at_5(labelled, lambda c: [x.pk for x in similar.similar_to(c, member)])
    baseline = precision_at_5(labelled, lambda c: [x.pk for x in similar.same_cause(c, member)])
    with capsys.disabled():
        print(f"\nprecision@5 on 60 labelled cases: BM25 {bm25:.2f}, same cause {baseline:.2f}")
    assert bm25 > baseline
    assert bm25 >= BM25_AT_LEAST and baseline <= BASELINE_AT_MOST


def test_the_index_follows_the_text(labelled, group, member):
    case = StudyCase.objects.get(summary__startswith="外卖骑手通过配送平台接单")
    assert CaseTerm.objects.filter(case=case, term="骑手").exists()
    df = Term.objects.get(term="骑手").df
    StudyCase.objects.filter(pk=case.pk).update(
        summary="出借人向借款人出借款项。", difficulty="利率。"
    )
    similar.index_case(case.pk)
    assert not CaseTerm.objects.filter(case=case, term="骑手").exists()
    assert Term.objects.get(term="骑手").df == df - 1
    assert similar.stale_cases() == []


def test_a_saved_case_is_indexed_after_commit(
    group, member, django_capture_on_commit_callbacks, settings
):
    from portal.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = services.submit_case(
                group=group,
                by=member,
                case_number="（2025）浙0482民初77号",
                court_of_origin=court("pinghu"),
                cause_of_action="劳动争议",
                summary="外卖骑手在送餐途中受伤，主张与配送站点存在劳动关系。",
                difficulty="平台用工的劳动关系认定。",
            )
    finally:
        app.conf.task_always_eager = False
    case.refresh_from_db()
    assert case.indexed_at is not None and case.term_count > 0


def test_similar_cases_respect_what_the_viewer_may_read(labelled, group, jiashan_judge, member):
    StudyCase.objects.update(visibility="group")
    case = StudyCase.objects.get(summary__startswith="外卖骑手通过配送平台接单")
    assert similar.similar_to(case, jiashan_judge) == []  # not a member: nothing to show
    shown = similar.similar_to(case, member)
    assert len(shown) == 5 and all(labelled[c.pk] == "H" for c in shown[:3])


def test_the_case_page_lists_similar_cases(client, labelled, member):
    case = StudyCase.objects.get(summary__startswith="被告人在长江口未取得河道采砂许可证")
    client.force_login(member)
    response = client.get(case.get_absolute_url())
    shown = response.context["similar"]
    assert [labelled[c.pk] for c in shown].count("F") >= 4
    assert "类案推荐" in response.content.decode()
    assert reverse("casegroups:case-detail", args=[shown[0].pk]) in response.content.decode()
