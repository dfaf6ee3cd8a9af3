"""Demo case-study groups: three active groups convened by the demo judges of the three courts,
their members (the courts' other judges), cases in each state, and one archived group. The demo
account ``pinghu-judge`` is left out of the financial group so that the walk-through can ask to
join it."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from casegroups import services, similar
from casegroups.models import CaseStudyGroup
from core.clock import recorded_on as on
from courts.choices import Position, Role
from courts.models import Court, Person

GROUPS = [
    # name, specialty, convenor's username, purpose, members (full names), open, active
    (
        "金融审判类案研究组",
        "financial",
        "jinshan-judge",
        "围绕三地金融借款、融资租赁、保理等纠纷中的新类型担保和利率认定问题，统一裁判尺度。",
        ["韩磊", "何小芳"],
        True,
        True,
    ),
    (
        "环境资源审判协作研究组",
        "environment",
        "jiashan-judge",
        "研究跨界水域污染、非法采砂等环境资源案件的管辖衔接、生态修复和损害赔偿认定。",
        ["郑晓东", "朱琳"],
        True,
        True,
    ),
    (
        "知识产权审判研究组",
        "ip",
        "pinghu-judge",
        "研究服装、五金等长三角特色产业中的商标侵权和不正当竞争案件。",
        ["张海燕"],
        False,
        True,
    ),
    (
        "家事审判改革研究组（2021）",
        "family",
        "jiashan-judge",
        "2021年度家事审判方式改革课题，已结题。",
        [],
        False,
        False,
    ),
]

CASES = [
    # group, submitter, case number, court, cause, summary, difficulty, concluded with
    (
        "金融审判类案研究组",
        "韩磊",
        "（2023）浙0482民初3125号",
        "pinghu",
        "金融借款合同纠纷",
        "原告某农村商业银行向被告某纺织公司发放流动资金贷款，被告以其对下游企业的应收账款"
        "提供质押并在动产融资统一登记系统登记。借款到期后被告未还款，原告主张就应收账款优先受偿，"
        "第三人某服装公司抗辩称其与被告之间的基础合同已于登记前解除。",
        "应收账款质押登记后基础合同被解除的，质权人能否就已转化的货款优先受偿，三地判法不一。",
        (
            "应收账款质押自登记时设立；基础合同在登记前解除的，应审查解除的真实性及通知时间。",
            "审查应收账款质押案件，应同时审查登记时间、基础合同履行状态和次债务人是否收到通知。",
        ),
    ),
    (
        "金融审判类案研究组",
        "王立新",
        "（2024）沪0116民初887号",
        "jinshan",
        "融资租赁合同纠纷",
        "承租人某物流公司以售后回租方式向出租人融资，租赁物为已投入使用的冷链运输车辆。"
        "承租人逾期支付租金，出租人请求支付全部未付租金并确认对车辆的所有权。",
        "售后回租中租赁物价值明显低于融资款时，应否认定为借款关系。",
        None,
    ),
    (
        "环境资源审判协作研究组",
        "朱琳",
        "（2024）浙0482刑初215号",
        "pinghu",
        "污染环境罪",
        "被告人在两地交界河道上游设置暗管排放电镀废水，监测显示下游断面重金属超标。"
        "检察机关同时提起刑事附带民事公益诉讼，请求承担生态环境修复费用。",
        "跨行政区划污染中生态修复费用的计算与修复地点的确定。",
        None,
    ),
]


REVIEWS = {
    "（2023）浙0482民初3125号": [
        (
            "王立新",
            {"facts": 5, "law": 4, "procedure": 5, "reasoning": 4, "outcome": 5},
            "事实查明清楚；对质押设立时间的论证可再引用司法解释条文。",
        ),
        (
            "何小芳",
            {"facts": 4, "law": 4, "procedure": 5, "reasoning": 3, "outcome": 4},
            "建议在说理部分回应第三人关于通知时间的抗辩。",
        ),
    ],
}


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


# When each group was founded: the demo's records carry their own dates (history, notices),
# not the moment the demo was seeded.
FOUNDED = {
    "金融审判类案研究组": datetime.date(2021, 4, 12),
    "环境资源审判协作研究组": datetime.date(2022, 3, 8),
    "知识产权审判研究组": datetime.date(2023, 5, 16),
    "家事审判改革研究组（2021）": datetime.date(2021, 2, 23),
}


def _case_days(number: str, index: int) -> list[datetime.date]:
    """Submitted, discussed, concluded, then reviewed: spread over the case's own year."""
    year = int(number[1:5])
    submitted = datetime.date(year, 3 + (index * 2) % 8, 10 + index)
    return [submitted + datetime.timedelta(days=offset) for offset in (0, 21, 75, 95, 99, 104)]


@transaction.atomic
def seed_casegroups() -> int:
    """Create the demo groups, members and cases (idempotent); returns how many groups. Each
    step goes through the services on its own date (``on``)."""
    judges = Group.objects.get(name=Role.JUDGE)
    for person in Person.objects.filter(position=Position.JUDGE, user__isnull=False):
        person.user.groups.add(judges)
    admin = _user("admin")
    made = 0
    for name, specialty, convenor, purpose, members, open_, active in GROUPS:
        if CaseStudyGroup.objects.filter(name=name).exists():
            continue
        convenor_person = _user(convenor).person
        founded = FOUNDED.get(name, timezone.localdate())
        with on(founded):
            group = services.create_group(
                by=admin,
                name=name,
                specialty=specialty,
                purpose=purpose,
                convenor=convenor_person,
                member_courts=Court.objects.all(),
            )
        for offset, full_name in enumerate(members, start=1):
            person = Person.objects.get(full_name=full_name)
            with on(founded + datetime.timedelta(days=3 * offset)):
                membership = services.request_membership(
                    group=group, by=person.user, statement="希望参与本组的类案研究。"
                )
            with on(founded + datetime.timedelta(days=3 * offset + 1)):
                services.approve_membership(membership=membership, by=convenor_person.user)
        for index, row in enumerate(CASES):
            if row[0] != name:
                continue
            _group, submitter, number, court, cause, summary, difficulty, concluded = row
            days = iter(_case_days(number, index))
            with on(next(days)):
                case = services.submit_case(
                    group=group,
                    by=Person.objects.get(full_name=submitter).user,
                    case_number=number,
                    court_of_origin=Court.objects.get(slug=court),
                    cause_of_action=cause,
                    summary=summary,
                    difficulty=difficulty,
                )
            with on(next(days)):
                services.move_case(case=case, to="discussion", by=convenor_person.user)
            if concluded:
                with on(next(days)):
                    services.move_case(
                        case=case,
                        to="concluded",
                        by=convenor_person.user,
                        conclusion=concluded[0],
                        experience=concluded[1],
                    )
                    services.update_case(case=case, by=convenor_person.user, visibility="staff")
                for reviewer, scores, comment in REVIEWS.get(number, []):
                    with on(next(days)):
                        services.review_case(
                            case=case,
                            by=Person.objects.get(full_name=reviewer).user,
                            comment=comment,
                            **scores,
                        )
        if not open_ or not active:
            # the 2021 project group was closed at the end of its year; the others' doors
            # closed a month after they were founded
            closed = (
                datetime.date(founded.year, 12, 20)
                if not active
                else founded + datetime.timedelta(days=30)
            )
            with on(closed):
                services.update_group(group=group, by=admin, open_to_requests=open_, active=active)
        made += 1
    for case_id in similar.stale_cases():  # the demo's similar cases, without waiting for a worker
        similar.index_case(case_id)
    return CaseStudyGroup.objects.count()
