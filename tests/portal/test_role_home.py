"""Each role's home page shows its work: a judge the concluded cases to review and their papers
(beside their coming study sessions and the requests to decide as convenor); a training
coordinator the sessions with seats left and their court's waiting list (beside the attendance
to record)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from courts.choices import Role

from ..conftest import make_member
from ..factories import (
    CaseReviewFactory,
    CaseStudyGroupFactory,
    EnrolmentFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    StudyCaseFactory,
    TrainingSessionFactory,
    court,
)


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_judge_sees_the_cases_to_review_and_their_papers(client, jinshan_judge):
    group = CaseStudyGroupFactory(name="金融审判研究组")
    MembershipFactory(group=group, person=jinshan_judge.person, status="active")
    other = PersonFactory(court=court("pinghu"))
    case = StudyCaseFactory(
        group=group, submitted_by=other, status="concluded", cause_of_action="保理合同纠纷"
    )
    StudyCaseFactory(
        group=group,
        submitted_by=jinshan_judge.person,
        status="concluded",
        cause_of_action="自己提交的纠纷",
    )
    PaperFactory(title="论保理合同的性质").authors.add(jinshan_judge.person)
    page = _home(client, jinshan_judge)
    assert "待评查的已结案例" in page and "保理合同纠纷" in page
    assert reverse("casegroups:case-review", args=[case.pk]) in page
    assert "自己提交的纠纷" not in page  # never one's own
    assert "我的论文" in page and "论保理合同的性质" in page
    CaseReviewFactory(case=case, reviewer=jinshan_judge.person)
    assert "保理合同纠纷" not in _home(client, jinshan_judge)  # reviewed: no longer waiting


def test_a_coordinator_sees_seats_left_and_the_courts_waiting_list(client, db):
    coordinator = make_member("pinghu", Role.TRAINING_COORDINATOR, full_name="培训联络员")
    soon = timezone.now() + datetime.timedelta(days=20)
    open_session = TrainingSessionFactory(title="民法典合同编培训", start=soon, seats=10)
    full = TrainingSessionFactory(title="已满员的培训", start=soon, seats=1)
    EnrolmentFactory(session=full, person=PersonFactory(court=court("jinshan")))
    EnrolmentFactory(
        session=full,
        person=PersonFactory(court=court("pinghu"), full_name="候补甲"),
        status="waitlisted",
    )
    EnrolmentFactory(
        session=full,
        person=PersonFactory(court=court("jiashan"), full_name="候补乙"),
        status="waitlisted",
    )
    page = _home(client, coordinator)
    assert "尚有名额的培训" in page and "民法典合同编培训" in page
    assert "剩余 10 个名额" in page
    assert open_session.get_absolute_url() in page
    assert "本院候补名单" in page and "候补甲 · 已满员的培训" in page
    assert "候补乙" not in page  # another court's waiting list
    # a judge has neither list
    judge = make_member("pinghu", Role.JUDGE, username="j2", full_name="法官")
    page = _home(client, judge)
    assert "尚有名额的培训" not in page and "本院候补名单" not in page
