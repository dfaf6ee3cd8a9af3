import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance, Kind
from core.models import Notification

from ..factories import PartyBranchFactory, PersonFactory, court, make_activity


def test_a_joint_activity_has_a_part_for_each_court(jinshan_secretary):
    activity = make_activity(by=jinshan_secretary, co_hosts=["pinghu", "jiashan"])
    assert [c.slug for c in activity.courts] == ["jinshan", "pinghu", "jiashan"]
    assert sorted(activity.parts.values_list("court__slug", flat=True)) == [
        "jiashan",
        "jinshan",
        "pinghu",
    ]
    created = LogEntry.objects.get_for_object(activity).filter(action=LogEntry.Action.CREATE)
    assert created.get().actor == jinshan_secretary


def test_a_single_court_is_not_a_joint_activity(jinshan_secretary):
    with pytest.raises(ValidationError) as error:
        make_activity(by=jinshan_secretary, co_hosts=["jinshan"])
    assert "co_host_courts" in error.value.message_dict
    assert Activity.objects.count() == 0


def test_end_before_start_is_refused(jinshan_secretary):
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        make_activity(by=jinshan_secretary, start=start, end=start - datetime.timedelta(hours=1))
    assert "end" in error.value.message_dict
    assert Activity.objects.count() == 0


def test_a_secretary_hosts_only_for_their_own_court(pinghu_secretary):
    with pytest.raises(PermissionDenied):
        make_activity(by=pinghu_secretary, host="jinshan", co_hosts=["pinghu"])


def test_host_invites_from_both_courts_and_they_are_told(
    activity, jinshan_secretary, jinshan_member, pinghu_member
):
    count = services.invite(
        activity=activity,
        by=jinshan_secretary,
        people=[jinshan_member.person, pinghu_member.person],
    )
    assert count == 2
    parts = dict(activity.attendances.values_list("person__full_name", "part__court__slug"))
    assert parts == {"金山党员": "jinshan", "平湖党员": "pinghu"}
    assert Notification.objects.filter(recipient=pinghu_member, title__contains="联合主题党日")
    # inviting again changes nothing
    assert (
        services.invite(activity=activity, by=jinshan_secretary, people=[jinshan_member.person])
        == 0
    )


def test_invite_a_whole_branch_or_all_party_members(activity, jinshan_secretary):
    branch = PartyBranchFactory(court=court("pinghu"))
    in_branch = PersonFactory(court=court("pinghu"), branch=branch, is_party_member=False)
    member = PersonFactory(court=court("jinshan"), is_party_member=True)
    not_member = PersonFactory(court=court("jinshan"), is_party_member=False)
    services.invite(
        activity=activity,
        by=jinshan_secretary,
        branches=[branch],
        party_member_courts=[court("jinshan")],
    )
    invited = set(activity.attendances.values_list("person_id", flat=True))
    assert in_branch.pk in invited and member.pk in invited and not_member.pk not in invited


def test_co_host_invites_only_their_own_court(
    activity, pinghu_secretary, jinshan_member, pinghu_member
):
    with pytest.raises(ValidationError):
        services.invite(activity=activity, by=pinghu_secretary, people=[jinshan_member.person])
    assert (
        services.invite(activity=activity, by=pinghu_secretary, people=[pinghu_member.person]) == 1
    )


def test_uninvolved_court_cannot_invite_and_people_outside_the_courts_cannot_be_invited(
    activity, jiashan_secretary, jinshan_secretary, jiashan_member
):
    with pytest.raises(PermissionDenied):
        services.invite(activity=activity, by=jiashan_secretary, people=[jiashan_member.person])
    with pytest.raises(ValidationError):
        services.invite(activity=activity, by=jinshan_secretary, people=[jiashan_member.person])
    assert activity.attendances.count() == 0


def test_cancel_tells_the_invited_and_needs_a_reason(activity, jinshan_secretary, pinghu_member):
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_member.person])
    with pytest.raises(ValidationError):
        services.cancel_activity(activity=activity, by=jinshan_secretary, reason="  ")
    services.cancel_activity(activity=activity, by=jinshan_secretary, reason="台风预警")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    message = Notification.objects.filter(recipient=pinghu_member).latest("id")
    assert "台风预警" in message.body


def test_co_host_cannot_cancel_or_edit_the_activity(activity, pinghu_secretary):
    with pytest.raises(PermissionDenied):
        services.cancel_activity(activity=activity, by=pinghu_secretary, reason="x")
    with pytest.raises(PermissionDenied):
        services.update_activity(activity=activity, by=pinghu_secretary, title="改")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED and activity.title == "联合主题党日"


def test_co_host_edits_only_their_own_part(activity, pinghu_secretary):
    pinghu_part = activity.parts.get(court__slug="pinghu")
    jinshan_part = activity.parts.get(court__slug="jinshan")
    services.update_part(part=pinghu_part, by=pinghu_secretary, notes="平湖法院12人参加")
    with pytest.raises(PermissionDenied):
        services.update_part(part=jinshan_part, by=pinghu_secretary, notes="x")
    assert jinshan_part.__class__.objects.get(pk=jinshan_part.pk).notes == ""


def test_leave_before_the_start_and_the_own_courts_secretary_decides(
    activity, jinshan_secretary, pinghu_secretary, pinghu_member
):
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_member.person])
    attendance = services.request_leave(activity=activity, by=pinghu_member, reason="开庭")
    assert attendance.leave == Attendance.Leave.REQUESTED
    assert Notification.objects.filter(recipient=pinghu_secretary, title__contains="平湖党员")
    with pytest.raises(PermissionDenied):  # the host court's secretary may not decide
        services.decide_leave(attendance=attendance, by=jinshan_secretary, approve=True)
    services.decide_leave(attendance=attendance, by=pinghu_secretary, approve=True)
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.LEAVE
    assert attendance.leave_decided_by == pinghu_secretary


def test_leave_after_the_start_is_refused(running_activity, jinshan_secretary, jinshan_member):
    services.invite(activity=running_activity, by=jinshan_secretary, people=[jinshan_member.person])
    with pytest.raises(ValidationError) as error:
        services.request_leave(activity=running_activity, by=jinshan_member, reason="有事")
    assert "开始" in " ".join(error.value.messages)
    assert running_activity.attendances.get().leave == ""


def test_update_rejects_end_before_start(activity, jinshan_secretary):
    with pytest.raises(ValidationError):
        services.update_activity(
            activity=activity,
            by=jinshan_secretary,
            end=activity.start - datetime.timedelta(minutes=1),
        )
    activity.refresh_from_db()
    assert activity.end > activity.start


def test_kinds_cover_the_agreement():
    assert {
        "branch_general_meeting",
        "branch_committee_meeting",
        "party_group_meeting",
        "party_lesson",
        "joint_party_lesson",
        "themed_party_day",
        "red_base_visit",
        "exchange_discussion",
        "mutual_observation",
        "team_building",
        "symposium_joint_meeting",
        "regular_exchange_meeting",
        "legal_education_outreach",  # 服务群众共联
        "volunteer_service",
        "community_litigation_service",
        "other",
    } == set(Kind.values)


def test_home_shows_my_coming_activities_and_leave_requests_to_decide(
    client, activity, jinshan_secretary, pinghu_secretary, pinghu_member
):
    services.invite(activity=activity, by=jinshan_secretary, people=[pinghu_member.person])
    services.request_leave(activity=activity, by=pinghu_member, reason="外出调研")
    client.force_login(pinghu_member)
    page = client.get("/").content.decode()
    assert "我即将参加的活动" in page and "联合主题党日" in page
    client.force_login(pinghu_secretary)
    page = client.get("/").content.decode()
    assert "待您审批的请假申请" in page and "外出调研" in page
    client.force_login(jinshan_secretary)  # another court's secretary does not decide it
    assert "外出调研" not in client.get("/").content.decode()
