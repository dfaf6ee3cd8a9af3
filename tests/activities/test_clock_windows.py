"""Each action happens in its time window: the service refuses outside it and the page says
why before the tap (activities.windows, training.windows, core.clock). Before, at 14:25 a
15:00 activity could be marked held, its minutes finalised and a story started from it; 代签
was accepted 37 minutes before the start; a training marked completed the minute it began; a
date in the past stayed planned and nothing flagged it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import minutes, services
from activities.models import Activity, Attendance
from core.models import Reminder

from ..factories import make_activity


@pytest.fixture
def soon(jinshan_secretary, pinghu_secretary, jinshan_member):
    """A joint activity starting in 35 minutes, a Jinshan member invited."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=35)
    activity = make_activity(by=jinshan_secretary, start=start)
    services.invite(activity=activity, by=jinshan_secretary, people=[jinshan_member.person])
    return activity


def _refusal(call) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    return " ".join(refused.value.messages)


def test_signing_someone_in_opens_at_the_start(client, soon, jinshan_secretary):
    attendance = soon.attendances.get()
    said = _refusal(
        lambda: services.sign_in_for(attendance=attendance, by=jinshan_secretary, reason="代签")
    )
    assert "活动开始" in said
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.INVITED
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:roll-call", args=[soon.pk])).content.decode()
    assert "活动开始" in page and 'name="reason"' not in page  # said before the tap, no form
    after_start = soon.start + datetime.timedelta(minutes=1)
    done = services.sign_in_for(
        attendance=attendance, by=jinshan_secretary, reason="代签", now=after_start
    )
    assert done.status == Attendance.Status.SIGNED_IN


def test_held_and_completed_wait_for_the_start_and_the_end(client, soon, jinshan_secretary):
    said = _refusal(
        lambda: services.update_activity(activity=soon, by=jinshan_secretary, status="held")
    )
    assert "开始" in said
    assert Activity.objects.get(pk=soon.pk).status == Activity.Status.PLANNED
    said = _refusal(lambda: services.complete_activity(activity=soon, by=jinshan_secretary))
    assert "结束" in said
    client.force_login(jinshan_secretary)
    record = client.get(reverse("activities:activity-record", args=[soon.pk])).content.decode()
    assert "开始" in record  # the status field says when "held" becomes possible
    detail = client.get(soon.get_absolute_url()).content.decode()
    assert 'data-testid="complete-not-yet"' in detail
    assert reverse("activities:activity-complete", args=[soon.pk]) not in detail


def test_minutes_are_final_only_once_the_meeting_has_started(soon, jinshan_secretary):
    minutes.save_minutes(activity=soon, by=jinshan_secretary, text="会议纪要草稿")
    said = _refusal(lambda: minutes.finalise_minutes(activity=soon, by=jinshan_secretary))
    assert "开始" in said
    assert Activity.objects.get(pk=soon.pk).minutes_status != "final"


def test_no_story_from_an_activity_that_has_not_happened(soon, jinshan_secretary):
    from publicity.services import story_prefill

    Activity.objects.filter(pk=soon.pk).update(status="held")  # as an import might have left it
    assert story_prefill(jinshan_secretary, f"activity:{soon.pk}") is None
    Activity.objects.filter(pk=soon.pk).update(start=timezone.now() - datetime.timedelta(hours=1))
    assert story_prefill(jinshan_secretary, f"activity:{soon.pk}") is not None


def test_an_activity_past_its_end_and_still_planned_is_flagged_and_listed(
    client, jinshan_secretary, pinghu_secretary
):
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    past = make_activity(by=jinshan_secretary, start=start, title="无人记录的联合党课")
    ahead = make_activity(by=jinshan_secretary, title="将来的联合党课")
    # The host's secretaries hear of it the day after its end, until it is recorded.
    row = Reminder.objects.for_object(past).get(recipient=jinshan_secretary)
    assert row.stage == "unrecorded+1d" and row.due_at == past.end + datetime.timedelta(days=1)
    assert not Reminder.objects.for_object(past).filter(recipient=pinghu_secretary).exists()
    assert past.reminder_still_wanted(row)
    # On the host secretary's home page, in the filtered list, and marked in every list.
    client.force_login(jinshan_secretary)
    home = client.get(reverse("home")).content.decode()
    assert "待记录的活动" in home and "无人记录的联合党课" in home
    listed = client.get(reverse("activities:activity-list"), {"unrecorded": "on"})
    body = listed.content.decode()
    assert "无人记录的联合党课" in body and "将来的联合党课" not in body
    assert "已结束未记录" in body
    client.force_login(pinghu_secretary)  # another court's secretary has nothing to record
    assert "无人记录的联合党课" not in client.get(reverse("home")).content.decode()
    services.update_activity(activity=past, by=jinshan_secretary, status="held")
    past.refresh_from_db()
    assert not past.reminder_still_wanted(row)
    assert not Activity.objects.unrecorded().filter(pk=past.pk).exists()
    assert ahead.status == Activity.Status.PLANNED


def test_training_attendance_from_the_start_completion_after_the_end(client, db):
    from courts.choices import Role
    from training import services as training
    from training.models import Enrolment

    from ..conftest import make_member
    from ..training.conftest import new_session, staff

    coordinator = make_member("jiashan", Role.TRAINING_COORDINATOR, full_name="嘉善联络员")
    trainee = staff("jiashan", 1)[0]
    start = timezone.now() + datetime.timedelta(minutes=30)
    session = new_session(
        by=coordinator,
        host="jiashan",
        start=start,
        end=start + datetime.timedelta(hours=3),
        enrol_deadline=start - datetime.timedelta(minutes=10),
    )
    enrolment = training.enrol(session=session, by=coordinator, people=[trainee])[0]
    said = _refusal(
        lambda: training.record_attendance(
            session=session, by=coordinator, marks={enrolment.pk: Enrolment.Status.ATTENDED}
        )
    )
    assert "开始" in said
    # Begun but not over: attended yes, completed (and its certificate) not yet.
    type(session).objects.filter(pk=session.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5),
        enrol_deadline=timezone.now() - datetime.timedelta(minutes=6),
    )
    session.refresh_from_db()
    said = _refusal(
        lambda: training.record_attendance(
            session=session, by=coordinator, marks={enrolment.pk: Enrolment.Status.COMPLETED}
        )
    )
    assert "结束" in said
    enrolment.refresh_from_db()
    assert enrolment.certificate_code is None
    client.force_login(coordinator)
    page = client.get(reverse("training:session-attendance", args=[session.pk])).content.decode()
    assert "结束" in page and 'value="completed"' not in page
    training.record_attendance(
        session=session, by=coordinator, marks={enrolment.pk: Enrolment.Status.ATTENDED}
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ATTENDED
