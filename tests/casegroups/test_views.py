"""The group pages as a judge uses them: browse, join, decide, submit a case through the
personal-data check."""

import pytest
from django.test import Client
from django.urls import reverse

from casegroups import services
from casegroups.models import Membership, StudyCase
from core.models import Notification
from courts.choices import Role

from ..conftest import make_member
from ..factories import court
from ..kit import warm_to_do_count


def test_the_list_filters_by_specialty_court_and_text(client, group, jinshan_secretary, member):
    services.create_group(
        by=jinshan_secretary,
        name="环境资源审判研究组",
        specialty="environment",
        purpose="长江三角洲生态环境保护",
        convenor=group.convenor,
    )
    client.force_login(member)
    url = reverse("casegroups:group-list")
    page = client.get(url).content.decode()
    assert "金融审判类案研究组" in page and "环境资源审判研究组" in page
    page = client.get(url, {"specialty": "environment"}).content.decode()
    assert "金融审判类案研究组" not in page and "环境资源审判研究组" in page
    page = client.get(url, {"court": court("pinghu").pk}).content.decode()  # 李法官 joined
    assert "金融审判类案研究组" in page and "环境资源审判研究组" not in page
    page = client.get(url, {"q": "生态"}).content.decode()
    assert "环境资源审判研究组" in page and "金融审判类案研究组" not in page
    assert "没有符合条件的类案研究小组" in client.get(url, {"q": "没有"}).content.decode()
    # bad input is a form error or ignored, never a server error
    assert client.get(url, {"court": "x" * 30, "active": "maybe", "page": "-1"}).status_code == 200


def test_a_judge_asks_to_join_and_the_convenor_sees_the_request(
    client, group, pinghu_judge, jinshan_judge, jiashan_judge
):
    client.force_login(pinghu_judge)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "申请加入" in page and 'id="requests"' not in page  # requests: the convenor's
    response = client.post(
        reverse("casegroups:group-join", args=[group.pk]), {"statement": "审理金融案件十年"}
    )
    assert response.status_code == 302
    page = client.get(group.get_absolute_url()).content.decode()
    assert "召集人尚未审批" in page and "撤回申请" in page

    client.force_login(jinshan_judge)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "加入申请" in page and "审理金融案件十年" in page
    home = client.get(reverse("home")).content.decode()
    assert "李法官申请加入“金融审判类案研究组”" in home  # waiting for the convenor

    client.force_login(jiashan_judge)  # another judge sees neither the request nor buttons
    page = client.get(group.get_absolute_url()).content.decode()
    assert "审理金融案件十年" not in page and "批准" not in page


def test_approving_on_the_page_lists_the_member_under_their_court(
    client, group, pinghu_judge, jinshan_judge
):
    membership = services.request_membership(group=group, by=pinghu_judge)
    client.force_login(jinshan_judge)
    client.post(reverse("casegroups:membership-approve", args=[membership.pk]))
    page = client.get(group.get_absolute_url())
    members = dict(page.context["page"].members_by_court)
    assert [m.person.full_name for m in members[court("pinghu")]] == ["李法官"]
    assert [m.person.full_name for m in members[court("jinshan")]] == ["王法官"]


def test_declining_without_a_reason_keeps_the_page_and_changes_nothing(
    client, group, pinghu_judge, jinshan_judge
):
    membership = services.request_membership(group=group, by=pinghu_judge)
    client.force_login(jinshan_judge)
    url = reverse("casegroups:membership-decline", args=[membership.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "请填写理由" in response.content.decode()
    assert Membership.objects.get(pk=membership.pk).status == "pending"
    client.post(url, {"reason": "本组仅限金融庭法官"})
    assert Membership.objects.get(pk=membership.pk).status == "declined"


CASE_POST = {
    "case_number": "(2024)浙0482民初567号",
    "cause_of_action": "民间借贷纠纷",
    "difficulty": "借贷合意的认定。",
    "visibility": "group",
}


def test_a_case_with_personal_data_goes_through_the_check(client, group, member):
    client.force_login(member)
    url = reverse("casegroups:case-create", args=[group.pk])
    text = "出借人张三向被告转账，联系电话13812345678，身份证号11010519491231002X。"
    data = {**CASE_POST, "court_of_origin": court("pinghu").pk, "summary": text, "parties": "张三"}
    first = client.post(url, data)
    assert first.status_code == 200 and not StudyCase.objects.exists()
    html = first.content.decode()
    assert "个人信息检查" in html and html.count('class="redaction-hit"') == 3
    assert "遮盖为 张某" in html and "遮盖为 138****5678" in html
    assert text in html  # what the judge typed is kept
    form = first.context["form"]
    choices = {f.label.split("“")[1].split("”")[0]: f.name for f in form.hit_fields}
    answers = {
        choices["张三"]: "mask",
        choices["13812345678"]: "mask",
        choices["11010519491231002X"]: "keep",  # say, the record's own test number
    }
    second = client.post(url, {**data, **{k: v for k, v in answers.items() if k != "x"}})
    assert second.status_code == 302
    case = StudyCase.objects.get()
    assert case.summary == "出借人张某向被告转账，联系电话138****5678，身份证号11010519491231002X。"
    assert case.case_number == "（2024）浙0482民初567号"


def test_an_unanswered_finding_stops_the_case(client, group, member):
    client.force_login(member)
    url = reverse("casegroups:case-create", args=[group.pk])
    data = {
        **CASE_POST,
        "court_of_origin": court("pinghu").pk,
        "summary": "联系电话13812345678。",
    }
    first = client.post(url, data)
    assert "检查发现可能的个人信息" in first.content.decode()
    assert "请选择遮盖或保留" not in first.content.decode()  # not red before it was shown
    shown = first.context["form"].shown_value
    again = client.post(url, {**data, "redaction_shown": shown})  # shown, left unanswered
    assert again.status_code == 200 and "请选择遮盖或保留" in again.content.decode()
    assert not StudyCase.objects.exists()


def test_a_bad_case_number_is_a_form_error_that_keeps_the_text(client, group, member):
    client.force_login(member)
    data = {**CASE_POST, "case_number": "2024民初567", "court_of_origin": court("pinghu").pk}
    data["summary"] = "原告某公司诉被告某公司买卖合同纠纷。"
    response = client.post(reverse("casegroups:case-create", args=[group.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["case_number"]
    assert "原告某公司诉被告某公司买卖合同纠纷。" in response.content.decode()


def test_non_members_see_counts_but_not_the_cases(client, group, member, jiashan_judge):
    services.submit_case(
        group=group,
        by=member,
        case_number="（2024）浙0482民初1号",
        court_of_origin=court("pinghu"),
        cause_of_action="金融借款合同纠纷",
        summary="某银行诉某公司。",
        difficulty="质押效力。",
    )
    client.force_login(jiashan_judge)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "共 1 件案例" in page and "其中 1 件仅向本组成员公开" in page
    assert "（2024）浙0482民初1号" not in page
    client.force_login(member)
    assert "（2024）浙0482民初1号" in client.get(group.get_absolute_url()).content.decode()


def test_the_convenor_concludes_a_case_on_the_page(client, group, member, jinshan_judge):
    case = services.submit_case(
        group=group,
        by=member,
        case_number="（2024）浙0482民初2号",
        court_of_origin=court("pinghu"),
        cause_of_action="金融借款合同纠纷",
        summary="某银行诉某公司。",
        difficulty="质押效力。",
    )
    client.force_login(jinshan_judge)
    client.post(reverse("casegroups:case-discuss", args=[case.pk]))
    url = reverse("casegroups:case-conclude", args=[case.pk])
    response = client.post(url, {"conclusion": "", "experience": ""})
    assert "请填写小组研讨结论" in response.content.decode()
    client.post(url, {"conclusion": "应收账款质押自登记时设立。", "experience": "审查登记时间。"})
    case.refresh_from_db()
    assert case.status == "concluded" and case.experience == "审查登记时间。"
    assert Notification.objects.filter(recipient=member, title__contains="已结束研讨").exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_group_pages_query_counts_do_not_grow(
    client, jinshan_secretary, jinshan_judge, django_assert_max_num_queries, rows
):
    for index in range(rows):
        group = services.create_group(
            by=jinshan_secretary,
            name=f"研究组{index}",
            specialty="financial",
            purpose="研究",
            convenor=jinshan_judge.person,
        )
        judge = make_member("pinghu", Role.JUDGE, username=f"judge-{index}")
        services.approve_membership(
            membership=services.request_membership(group=group, by=judge), by=jinshan_judge
        )
        for number in range(3):
            services.submit_case(
                group=group,
                by=judge,
                case_number=f"（2024）浙0482民初{index * 10 + number + 1}号",
                court_of_origin=court("pinghu"),
                cause_of_action="金融借款合同纠纷",
                summary="某银行诉某公司。",
                difficulty="质押效力。",
            )
        services.request_membership(
            group=group, by=make_member("jiashan", Role.JUDGE, username=f"asking-{index}")
        )
    client.force_login(jinshan_judge)
    warm_to_do_count(client)
    # session, user, (viewer cached), count, page rows, member courts, unread, ...: the same
    # for 2 groups as for 12, each with members, pending requests and cases
    for url, limit in (
        (reverse("casegroups:group-list"), 10),
        (group.get_absolute_url(), 13),  # cold: members, cases, sessions, reviews built
        (reverse("casegroups:case-list", args=[group.pk]), 10),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
    # warm: the session (read, then saved in a savepoint), the user and the group; the rest
    # is kept
    with django_assert_max_num_queries(6):
        assert client.get(group.get_absolute_url()).status_code == 200
    case = group.cases.first()
    client.get(case.get_absolute_url())
    with django_assert_max_num_queries(6):  # the case, its reviews, similar cases: kept
        assert client.get(case.get_absolute_url()).status_code == 200


def test_notices_are_written_in_the_portals_language_whatever_the_requester_reads(
    client, group, pinghu_judge, jinshan_judge
):
    client.force_login(pinghu_judge)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("casegroups:group-join", args=[group.pk]), {"statement": ""})
    notice = Notification.objects.get(recipient=jinshan_judge)
    assert notice.title == "李法官（平湖）申请加入“金融审判类案研究组”"


def test_the_group_pages_kept_lists_show_a_new_case_at_once_to_each_kind_of_reader(
    client, group, member, pinghu_judge, jiashan_judge
):
    """The sessions and cases are kept rendered per kind of reader (casegroups.selectors
    .group_lists_html): a member sees a new group-only case at once, an outsider never does,
    and both see a newly shared one at once."""
    url = reverse("casegroups:group-detail", args=[group.pk])
    outsider = Client()
    outsider.force_login(jiashan_judge)
    client.force_login(member)
    for reader in (client, outsider):  # both kinds kept before the writes
        assert "民初4242号" not in reader.get(url).text
    common = {
        "group": group,
        "by": member,
        "court_of_origin": court("pinghu"),
        "cause_of_action": "金融借款合同纠纷",
        "summary": "某银行诉某公司。",
        "difficulty": "质押效力。",
    }
    services.submit_case(case_number="（2026）浙0482民初4242号", visibility="group", **common)
    assert "民初4242号" in client.get(url).text
    assert "民初4242号" not in outsider.get(url).text
    services.submit_case(case_number="（2026）浙0482民初4343号", visibility="staff", **common)
    assert "民初4343号" in client.get(url).text
    assert "民初4343号" in outsider.get(url).text
