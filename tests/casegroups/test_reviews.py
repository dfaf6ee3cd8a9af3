"""Case review (案件评查): the rubric's bounds, one review per reviewer, no self-review, the
averages per criterion and per year on the group page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from casegroups import services
from casegroups.models import CaseReview, Criterion
from casegroups.selectors import review_summary
from core.models import Notification

from ..factories import court

SCORES = {"facts": 5, "law": 4, "procedure": 5, "reasoning": 3, "outcome": 4}


@pytest.fixture
def concluded(group, member, jinshan_judge):
    case = services.submit_case(
        group=group,
        by=member,
        case_number="（2024）浙0482民初9号",
        court_of_origin=court("pinghu"),
        cause_of_action="保理合同纠纷",
        summary="某保理公司诉某公司。",
        difficulty="虚构应收账款。",
    )
    services.move_case(case=case, to="discussion", by=jinshan_judge)
    return services.move_case(case=case, to="concluded", by=jinshan_judge, conclusion="结论")


def test_a_member_reviews_and_the_submitter_is_told(concluded, jinshan_judge, member):
    review = services.review_case(case=concluded, by=jinshan_judge, comment="说理充分", **SCORES)
    assert review.average == pytest.approx(4.2)
    assert Notification.objects.filter(
        recipient=member, title="案例（2024）浙0482民初9号已被评查（平均4.2分）"
    ).exists()


def test_nobody_reviews_their_own_case_or_one_not_concluded(
    concluded, member, jiashan_judge, jinshan_judge, group
):
    with pytest.raises(PermissionDenied):  # the submitter
        services.review_case(case=concluded, by=member, **SCORES)
    with pytest.raises(PermissionDenied):  # not a member
        services.review_case(case=concluded, by=jiashan_judge, **SCORES)
    services.move_case(case=concluded, to="discussion", by=jinshan_judge)
    with pytest.raises(PermissionDenied):  # reopened: no longer concluded
        services.review_case(case=concluded, by=jinshan_judge, **SCORES)
    assert not CaseReview.objects.exists()


@pytest.mark.parametrize("bad", [0, 6, -1, 100])
def test_scores_stay_within_one_to_five(concluded, jinshan_judge, bad):
    with pytest.raises(ValidationError) as error:
        services.review_case(case=concluded, by=jinshan_judge, **{**SCORES, "law": bad})
    assert "law" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database says so too
        CaseReview.objects.create(
            case=concluded,
            reviewer=jinshan_judge.person,
            **{**SCORES, "law": bad if bad >= 0 else 0},
        )


def test_one_review_per_reviewer_a_second_one_changes_the_first(concluded, jinshan_judge):
    services.review_case(case=concluded, by=jinshan_judge, **SCORES)
    services.review_case(case=concluded, by=jinshan_judge, **{**SCORES, "reasoning": 5})
    review = CaseReview.objects.get()
    assert review.reasoning == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseReview.objects.create(case=concluded, reviewer=jinshan_judge.person, **SCORES)


def test_averages_per_criterion_and_per_year(concluded, group, jinshan_judge, jiashan_judge):
    services.approve_membership(
        membership=services.request_membership(group=group, by=jiashan_judge), by=jinshan_judge
    )
    services.review_case(case=concluded, by=jinshan_judge, **SCORES)
    services.review_case(
        case=concluded,
        by=jiashan_judge,
        **{"facts": 3, "law": 2, "procedure": 5, "reasoning": 5, "outcome": 4},
    )
    older = CaseReview.objects.get(reviewer=jiashan_judge.person)
    CaseReview.objects.filter(pk=older.pk).update(created_at=older.created_at.replace(year=2025))
    summary = review_summary(group)
    assert summary.count == 2
    assert summary.overall == [4.0, 3.0, 5.0, 4.0, 4.0]
    this_year = datetime.date.today().year
    assert [(y, n) for y, n, _avg in summary.years] == [(this_year, 1), (2025, 1)]
    assert summary.years[1][2] == [3.0, 2.0, 5.0, 5.0, 4.0]
    assert summary.criteria[0] == "事实认定" and len(summary.criteria) == len(Criterion.values)


def test_the_review_page_keeps_bad_input_and_the_group_page_shows_averages(
    client, concluded, group, jinshan_judge
):
    client.force_login(jinshan_judge)
    url = reverse("casegroups:case-review", args=[concluded.pk])
    response = client.post(url, {**SCORES, "law": "9", "comment": "法律适用部分需补充"})
    assert response.status_code == 200 and not CaseReview.objects.exists()
    assert "法律适用部分需补充" in response.content.decode()
    client.post(url, {**SCORES, "comment": "说理充分"})
    assert CaseReview.objects.get().comment == "说理充分"
    page = client.get(group.get_absolute_url()).content.decode()
    assert "案件评查得分" in page and "共 1 份评查的平均分" in page
    case_page = client.get(concluded.get_absolute_url()).content.decode()
    assert "说理充分" in case_page and "4 / 5" in case_page


def test_the_review_form_says_what_each_score_means(client, concluded, jinshan_judge):
    client.force_login(jinshan_judge)
    page = client.get(reverse("casegroups:case-review", args=[concluded.pk])).content.decode()
    for meaning in ("事实清楚", "法律条文", "程序", "回应", "结果"):
        assert meaning in page
    # each criterion's explanation describes its own select
    assert 'aria-describedby="id_facts_helptext"' in page


def test_the_review_rule_as_a_query_agrees_with_the_rule_for_each_case(db, jinshan_judge):
    """``reviewable_cases`` (the home page's list) and ``can_review_case`` (the page and the
    service) are one rule: for every kind of case they give the same answer."""
    from casegroups.models import StudyCase
    from casegroups.permissions import can_review_case, reviewable_cases

    from ..factories import CaseStudyGroupFactory, MembershipFactory, StudyCaseFactory

    mine, other = CaseStudyGroupFactory(), CaseStudyGroupFactory()
    MembershipFactory(group=mine, person=jinshan_judge.person, status="active")
    for group in (mine, other):
        StudyCaseFactory(group=group, status="concluded")
        StudyCaseFactory(group=group, status="discussion")
        StudyCaseFactory(group=group, status="concluded", submitted_by=jinshan_judge.person)
    allowed = set(reviewable_cases(jinshan_judge, StudyCase.objects.all()))
    assert len(allowed) == 1
    for case in StudyCase.objects.select_related("group"):
        assert (case in allowed) == can_review_case(jinshan_judge, case), case
