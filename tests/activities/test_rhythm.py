"""The rhythm of 三会一课 per Party branch: monthly committee and group meetings, quarterly general
meetings and lessons; a branch behind is shown to its court's secretaries with the date it became
due, and they are reminded once — withdrawn once the branch has held the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import rhythm
from activities.models import BranchBehind
from core import reminders
from core.models import Notification, Reminder
from courts.choices import Role

from ..conftest import make_member
from ..factories import (
    ActivityFactory,
    ActivityPartFactory,
    AttendanceFactory,
    PartyBranchFactory,
    court,
)

TODAY = datetime.date(2025, 12, 10)


def _held(branch, kind, day, *, status="completed", came="signed_in"):
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())
    part = ActivityPartFactory(
        activity=ActivityFactory(kind=kind, start=start, status=status), court=branch.court
    )
    member = make_member(branch.court.slug, None, username=f"m{part.pk}", branch=branch)
    AttendanceFactory(part=part, person=member.person, status=came)


@pytest.fixture
def branch(db):
    return PartyBranchFactory(court=court("jinshan"), name="机关第一党支部")


def _lapses(branch, today=TODAY):
    return {lapse.beat.key: (lapse.last, lapse.due) for lapse in rhythm.lapses([branch], today)}


def test_a_branch_that_kept_its_rhythm_is_not_behind(branch):
    _held(branch, "branch_committee_meeting", datetime.date(2025, 11, 5))
    _held(branch, "party_group_meeting", datetime.date(2025, 12, 1))
    _held(branch, "branch_general_meeting", datetime.date(2025, 8, 20))  # last quarter
    _held(branch, "joint_party_lesson", datetime.date(2025, 10, 8))  # this quarter
    assert _lapses(branch) == {}


def test_behind_since_the_end_of_the_first_period_without_one(branch):
    _held(branch, "branch_committee_meeting", datetime.date(2025, 9, 30))
    _held(branch, "branch_general_meeting", datetime.date(2025, 5, 1))  # Q2
    found = _lapses(branch)
    # committee: none in October, due since 31 October
    assert found["committee"] == (datetime.date(2025, 9, 30), datetime.date(2025, 10, 31))
    # general meeting: none in Q3, due since 30 September
    assert found["general"] == (datetime.date(2025, 5, 1), datetime.date(2025, 9, 30))
    # never held: due since the end of the last period
    assert found["group"] == (None, datetime.date(2025, 11, 30))
    assert found["lesson"] == (None, datetime.date(2025, 9, 30))


def test_what_does_not_count(branch):
    """A planned or cancelled meeting, someone absent, another branch's members."""
    _held(branch, "branch_committee_meeting", datetime.date(2025, 11, 5), status="planned")
    _held(branch, "branch_committee_meeting", datetime.date(2025, 11, 6), came="absent")
    other = PartyBranchFactory(court=court("jinshan"), name="机关第二党支部")
    _held(other, "branch_committee_meeting", datetime.date(2025, 11, 7))
    assert "committee" in _lapses(branch) and "committee" not in _lapses(other)


def test_the_secretary_sees_the_branch_behind_on_the_home_page(client, branch):
    secretary = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    other = make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")
    client.force_login(secretary)
    page = client.get(reverse("home")).content.decode()
    assert "支部三会一课未按期召开" in page and "机关第一党支部 · 支部委员会" in page
    client.force_login(other)
    assert "机关第一党支部" not in client.get(reverse("home")).content.decode()


def test_the_secretaries_are_reminded_once_and_not_after_the_meeting(branch, settings):
    secretary = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    now = datetime.datetime.combine(TODAY, datetime.time(8), tzinfo=timezone.get_current_timezone())
    assert rhythm.plan_rhythm_reminders(now) == 4  # the four kinds, never held
    assert rhythm.plan_rhythm_reminders(now + datetime.timedelta(hours=1)) == 0
    assert BranchBehind.objects.count() == 4
    assert Reminder.objects.filter(recipient=secretary).count() == 4
    # the committee meets before the sweep: that reminder is withdrawn, the others go
    _held(branch, "branch_committee_meeting", TODAY)
    reminders.send_due_reminders(now=now + datetime.timedelta(minutes=1))
    titles = set(Notification.objects.filter(recipient=secretary).values_list("title", flat=True))
    assert len(titles) == 3 and not any("支部委员会" in t for t in titles)
    assert "机关第一党支部：自2025年11月30日起未召开党小组会" in titles
