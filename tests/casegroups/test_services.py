"""Memberships and cases through the services: who may do what, what the database holds, who
is told."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from casegroups import services
from casegroups.models import Membership, StudyCase
from casegroups.permissions import readable_cases
from core.models import Notification
from courts.choices import Role

from ..conftest import make_member
from ..factories import MembershipFactory, court


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_a_new_group_has_its_convenor_as_first_member(group, jinshan_judge):
    membership = Membership.objects.get(group=group)
    assert membership.person == jinshan_judge.person
    assert membership.status == Membership.Status.ACTIVE
    assert list(group.member_courts.values_list("slug", flat=True)) == ["jinshan"]


def test_a_secretary_sets_up_groups_only_for_a_judge_of_their_own_court(
    pinghu_secretary, jinshan_judge, pinghu_judge
):
    data = {"name": "知产组", "specialty": "ip", "purpose": "研究"}
    with pytest.raises(PermissionDenied):
        services.create_group(by=pinghu_secretary, convenor=jinshan_judge.person, **data)
    group = services.create_group(by=pinghu_secretary, convenor=pinghu_judge.person, **data)
    assert group.convenor == pinghu_judge.person


def test_the_convenor_must_be_a_judge(jinshan_secretary):
    clerk = make_member("jinshan", None, full_name="书记员")
    with pytest.raises(ValidationError) as error:
        services.create_group(
            by=jinshan_secretary,
            convenor=clerk.person,
            name="执行组",
            specialty="enforcement",
            purpose="研究",
        )
    assert "convenor" in error.value.message_dict


def test_a_judge_of_another_court_asks_and_the_convenor_is_told(group, pinghu_judge, jinshan_judge):
    membership = services.request_membership(group=group, by=pinghu_judge, statement="审理金融案件")
    assert membership.status == Membership.Status.PENDING
    assert inbox(jinshan_judge) == ["李法官（平湖）申请加入“金融审判类案研究组”"]
    with pytest.raises(ValidationError):  # one open request is enough
        services.request_membership(group=group, by=pinghu_judge)
    assert Membership.objects.filter(group=group, person=pinghu_judge.person).count() == 1


def test_the_database_refuses_a_second_open_membership(group, pinghu_judge):
    services.request_membership(group=group, by=pinghu_judge)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, person=pinghu_judge.person, status="active")


def test_only_judges_join_unless_the_portal_allows_all_staff(group, pinghu_secretary, settings):
    with pytest.raises(PermissionDenied):
        services.request_membership(group=group, by=pinghu_secretary)
    settings.CASEGROUPS_ALL_STAFF_MAY_JOIN = True
    assert services.request_membership(group=group, by=pinghu_secretary).status == "pending"


def test_a_closed_group_takes_no_requests(group, pinghu_judge, jinshan_judge):
    services.update_group(group=group, by=jinshan_judge, open_to_requests=False)
    with pytest.raises(ValidationError):
        services.request_membership(group=group, by=pinghu_judge)


def test_the_convenor_approves_and_the_judge_is_told(group, pinghu_judge, jinshan_judge):
    membership = services.request_membership(group=group, by=pinghu_judge)
    services.approve_membership(membership=membership, by=jinshan_judge)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by == jinshan_judge.person
    assert set(group.member_courts.values_list("slug", flat=True)) == {"jinshan", "pinghu"}
    assert inbox(pinghu_judge) == ["您已成为“金融审判类案研究组”的成员"]
    entry = LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == jinshan_judge and entry.changes["status"] == ["pending", "active"]


def test_nobody_else_decides(group, pinghu_judge, jiashan_judge, jinshan_secretary):
    membership = services.request_membership(group=group, by=pinghu_judge)
    for outsider in (jiashan_judge, jinshan_secretary, pinghu_judge):
        with pytest.raises(PermissionDenied):
            services.approve_membership(membership=membership, by=outsider)
    assert Membership.objects.get(pk=membership.pk).status == "pending"


def test_an_administrator_decides_but_never_their_own_request(group, pinghu_judge):
    admin = make_member("jiashan", Role.ADMIN, full_name="管理员法官")
    admin.groups.add(*admin.groups.model.objects.filter(name=Role.JUDGE))
    own = services.request_membership(group=group, by=admin)
    with pytest.raises(PermissionDenied):
        services.approve_membership(membership=own, by=admin)
    other = services.request_membership(group=group, by=pinghu_judge)
    services.approve_membership(membership=other, by=admin)
    assert Membership.objects.get(pk=other.pk).status == "active"


def test_declining_needs_a_reason_which_the_judge_reads(group, pinghu_judge, jinshan_judge):
    membership = services.request_membership(group=group, by=pinghu_judge)
    with pytest.raises(ValidationError):
        services.decline_membership(membership=membership, by=jinshan_judge, reason="  ")
    services.decline_membership(membership=membership, by=jinshan_judge, reason="本组已满员")
    assert Membership.objects.get(pk=membership.pk).status == "declined"
    notice = Notification.objects.get(recipient=pinghu_judge)
    assert (
        notice.title == "您加入“金融审判类案研究组”的申请未获同意" and notice.body == "本组已满员"
    )
    # declined, one may ask again later
    assert services.request_membership(group=group, by=pinghu_judge).status == "pending"


def test_a_member_leaves_and_the_convenor_cannot(group, member, jinshan_judge):
    membership = Membership.objects.get(group=group, person=member.person, status="active")
    services.leave_group(membership=membership, by=member)
    assert Membership.objects.get(pk=membership.pk).status == "left"
    assert "李法官退出了“金融审判类案研究组”" in inbox(jinshan_judge)
    own = Membership.objects.get(group=group, person=jinshan_judge.person)
    with pytest.raises(PermissionDenied):
        services.leave_group(membership=own, by=jinshan_judge)


def test_the_convenor_removes_a_member_with_a_reason(group, member, jinshan_judge):
    membership = Membership.objects.get(group=group, person=member.person, status="active")
    with pytest.raises(PermissionDenied):  # a member cannot remove another, nor themselves
        services.remove_member(membership=membership, by=member, reason="x")
    services.remove_member(membership=membership, by=jinshan_judge, reason="长期未参加研讨")
    assert Membership.objects.get(pk=membership.pk).status == "removed"
    assert "您已被移出“金融审判类案研究组”" in inbox(member)


def test_a_new_convenor_becomes_a_member_and_is_told(group, jinshan_secretary):
    other = make_member("jinshan", Role.JUDGE, username="zhao-judge", full_name="赵法官")
    services.update_group(group=group, by=jinshan_secretary, convenor=other.person)
    assert Membership.objects.get(group=group, person=other.person).status == "active"
    assert inbox(other) == ["您现在是“金融审判类案研究组”的召集人"]


# --- Cases -------------------------------------------------------------------------------------


def test_only_members_submit_cases(group, jiashan_judge, member, case_data):
    with pytest.raises(PermissionDenied):
        services.submit_case(group=group, by=jiashan_judge, **case_data)
    case = services.submit_case(group=group, by=member, **case_data)
    assert case.case_number == "（2024）浙0482民初567号"  # stored normalised
    assert case.submitted_by == member.person and case.status == "submitted"


def test_a_case_number_twice_in_a_group_is_refused_clearly(group, member, case_data):
    services.submit_case(group=group, by=member, **case_data)
    again = {**case_data, "case_number": "（2024）浙0482民初567号"}
    with pytest.raises(ValidationError) as error:
        services.submit_case(group=group, by=member, **again)
    assert error.value.message_dict["case_number"] == ["本组已有该案号的研究案例。"]
    assert StudyCase.objects.count() == 1


def test_a_case_with_unconfirmed_personal_data_is_not_submitted(group, member, case_data):
    text = "被告张三（身份证号11010519491231002X，手机13812345678）未按期还款。"
    data = {**case_data, "summary": text}
    with pytest.raises(ValidationError) as error:
        services.submit_case(group=group, by=member, parties=["张三"], **data)
    assert "11010519491231002X" in " ".join(error.value.message_dict["summary"])
    assert not StudyCase.objects.exists()
    # each hit confirmed as not personal (the page masks the others before it calls)
    case = services.submit_case(
        group=group,
        by=member,
        parties=["张三"],
        not_personal={"张三", "11010519491231002X", "13812345678"},
        **data,
    )
    assert case.summary == text


def test_conclusion_needs_the_conclusion_and_tells_the_submitter(
    group, member, jinshan_judge, case_data
):
    case = services.submit_case(group=group, by=member, **case_data)
    with pytest.raises(PermissionDenied):  # the convenor opens and concludes
        services.move_case(case=case, to="discussion", by=member)
    services.move_case(case=case, to="discussion", by=jinshan_judge)
    with pytest.raises(ValidationError):
        services.move_case(case=case, to="concluded", by=jinshan_judge, conclusion=" ")
    services.move_case(
        case=case,
        to="concluded",
        by=jinshan_judge,
        conclusion="质押有效。",
        experience="注意登记。",
    )
    case.refresh_from_db()
    assert (case.status, case.conclusion) == ("concluded", "质押有效。")
    assert "案件（2024）浙0482民初567号：已结束研讨" in inbox(member)


def test_only_a_concluded_case_with_experience_is_public(group, member, jinshan_judge, case_data):
    case = services.submit_case(group=group, by=member, **case_data)
    with pytest.raises(ValidationError):
        services.update_case(case=case, by=member, visibility="public")
    services.move_case(case=case, to="discussion", by=jinshan_judge)
    services.move_case(
        case=case, to="concluded", by=jinshan_judge, conclusion="结论", experience="经验"
    )
    services.update_case(case=case, by=jinshan_judge, visibility="public")
    assert StudyCase.objects.get(pk=case.pk).visibility == "public"


def test_who_reads_a_case(group, member, jiashan_judge, case_data):
    from casegroups.permissions import can_read_case_details

    case = services.submit_case(group=group, by=member, **case_data)
    assert can_read_case_details(member, case)
    assert not can_read_case_details(jiashan_judge, case)
    assert list(readable_cases(jiashan_judge, StudyCase.objects.all())) == []
    services.update_case(case=case, by=member, visibility="staff")
    case.refresh_from_db()
    assert can_read_case_details(jiashan_judge, case)
    assert list(readable_cases(jiashan_judge, StudyCase.objects.all())) == [case]
    assert court("pinghu") == case.court_of_origin
