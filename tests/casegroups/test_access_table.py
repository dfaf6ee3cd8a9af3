"""Every case-study group URL × actor: the expected status, and nothing changed by a refusal.

The group is convened by a Jinshan judge; a Pinghu judge is a member and submitted a case shared
with the group only; a Jiashan judge has asked to join; another Jiashan judge is no member."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casegroups import services
from casegroups.models import (
    CaseStudyGroup,
    Membership,
    StudyCase,
    StudySession,
)
from casegroups.urls import urlpatterns
from core.models import Notification
from courts.choices import Role

from ..conftest import make_member
from ..factories import court
from ..kit import AccessTable, shared_world

ACTORS = ["convenor", "member", "other_judge", "secretary", "admin", "anonymous"]


def build_world() -> dict:
    secretary = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    convenor = make_member("jinshan", Role.JUDGE, full_name="王法官")
    member = make_member("pinghu", Role.JUDGE, full_name="李法官")
    asking = make_member("jiashan", Role.JUDGE, username="asking-judge", full_name="周法官")
    other = make_member("jiashan", Role.JUDGE, full_name="吴法官")
    admin = make_member("jiashan", Role.ADMIN, username="portal-admin", full_name="管理员")
    group = services.create_group(
        by=secretary,
        name="金融审判类案研究组",
        specialty="financial",
        purpose="研究",
        convenor=convenor.person,
    )
    joined = services.request_membership(group=group, by=member)
    services.approve_membership(membership=joined, by=convenor)
    pending = services.request_membership(group=group, by=asking, statement="想参加")
    case = services.submit_case(
        group=group,
        by=member,
        case_number="（2024）浙0482民初567号",
        court_of_origin=court("pinghu"),
        cause_of_action="金融借款合同纠纷",
        summary="某银行诉某公司。",
        difficulty="质押效力。",
    )
    start = timezone.now() + datetime.timedelta(days=3)
    session = services.schedule_session(
        group=group,
        by=convenor,
        title="第一次类案研讨",
        start=start,
        end=start + datetime.timedelta(hours=2),
        online_link="https://meeting.example.cn/j/1",
    )
    return {
        "session": session,
        "group": group,
        "joined": joined,
        "pending": pending,
        "case": case,
        "actors": {
            "convenor": convenor,
            "member": member,
            "other_judge": other,
            "secretary": secretary,
            "admin": admin,
            "anonymous": None,
        },
    }


world = shared_world(build_world)


def snapshot():
    return (
        list(CaseStudyGroup.objects.order_by("pk").values_list("name", "open_to_requests")),
        list(Membership.objects.order_by("pk").values_list("person_id", "status", "reason")),
        list(StudyCase.objects.order_by("pk").values_list("case_number", "status", "summary")),
        list(StudySession.objects.order_by("pk").values_list("title", "start", "cancelled")),
        Notification.objects.count(),
    )


def url_for(name: str, w: dict) -> str:
    group, case = w["group"].pk, w["case"].pk
    args = {
        "group-list": [],
        "all-case-list": [],
        "session-list": [],
        "group-create": [],
        "group-detail": [group],
        "group-edit": [group],
        "group-join": [group],
        "case-list": [group],
        "case-create": [group],
        "membership-approve": [w["pending"].pk],
        "membership-decline": [w["pending"].pk],
        "membership-remove": [w["joined"].pk],
        "membership-leave": [w["joined"].pk],
        "case-detail": [case],
        "case-edit": [case],
        "case-discuss": [case],
        "case-conclude": [case],
        "case-review": [case],
        "session-create": [group],
        "session-detail": [w["session"].pk],
        "session-edit": [w["session"].pk],
        "session-cancel": [w["session"].pk],
        "session-record": [w["session"].pk],
        "session-ics": [w["session"].pk],
    }[name]
    return reverse(f"casegroups:{name}", args=args)


OK = (200, 200, 200, 200, 200, "L")
L = "L"
NO = (405, 405, 405, 405, 405, L)
TABLE = AccessTable(
    actors=ACTORS,
    rows={
        "group-list": (OK, NO),
        "all-case-list": (OK, NO),
        "session-list": (OK, NO),
        # Party secretaries and administrators set groups up; a judge gets the 403 page.
        "group-create": ((403, 403, 403, 200, 200, L), (403, 403, 403, 200, 200, L)),
        "group-detail": (OK, NO),
        # The convenor, the secretaries of the convenor's court, administrators.
        "group-edit": ((200, 404, 404, 200, 200, L), (200, 404, 404, 200, 200, L)),
        # Who may not ask is sent back to the group page with the reason.
        "group-join": ((302, 302, 200, 302, 302, L), (302, 302, 200, 302, 302, L)),
        "case-list": (OK, NO),
        # An action on a group the actor may not take: 404, as every refusal about an object
        # (a page about no object, like group-create, answers the 403 page).
        "case-create": ((200, 200, 404, 404, 404, L), (200, 200, 404, 404, 404, L)),
        # Deciding: the convenor or an administrator (their effect: test_services).
        "membership-approve": (NO, (None, 404, 404, 404, None, L)),
        "membership-decline": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        "membership-remove": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        "membership-leave": (NO, (404, None, 404, 404, 404, L)),
        # A case shared with the group only: its details are the members' (and admins').
        "case-detail": ((200, 200, 404, 404, 200, L), NO),
        "case-edit": ((200, 200, 404, 404, 200, L), (200, 200, 404, 404, 200, L)),
        "case-discuss": (NO, (None, 404, 404, 404, None, L)),
        "case-conclude": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        # The world's case is not concluded: nobody reviews it yet (test_reviews: who may).
        "case-review": ((404, 404, 404, 404, 404, L), (404, 404, 404, 404, 404, L)),
        # Sessions: scheduled and kept by the convenor (or an admin); every member of staff
        # sees when a group meets (its link is the members': test_sessions).
        "session-create": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        "session-detail": (OK, NO),
        "session-edit": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        "session-cancel": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        # A coming session: the record form answers "not begun yet" and saves nothing.
        "session-record": ((200, 404, 404, 404, 200, L), (200, 404, 404, 404, 200, L)),
        "session-ics": (OK, NO),
    },
    bad_post={
        "name": "",
        "statement": "长" * 501,
        "reason": "",
        "case_number": "不是案号",
        "conclusion": "",
        "title": "",
        "start": "not a time",
        "attendees": "x",
    },
)


def test_every_casegroups_url_is_in_the_table():
    TABLE.assert_covers(urlpatterns)


@pytest.mark.parametrize(("name", "actor"), TABLE.cases())
def test_url_actor_table(client, world, name, actor):
    TABLE.check(
        client,
        name=name,
        actor=actor,
        user=world["actors"][actor],
        url=url_for(name, world),
        snapshot=snapshot,
    )
