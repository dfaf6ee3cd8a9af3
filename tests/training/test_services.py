"""Enrolment, the waiting list, quotas, attendance and certificates, as the database holds them
and as people are told."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Notification, Reminder
from training import services
from training.models import Enrolment, TrainingSession

from .conftest import new_session, staff

pytestmark = pytest.mark.django_db


def statuses(session):
    return list(
        Enrolment.objects.filter(session=session)
        .order_by("queued_at", "id")
        .values_list("person__full_name", "status")
    )


def test_enrolment_takes_seats_in_order_then_waitlists(session, jinshan_coordinator):
    session = TrainingSession.objects.get(pk=session.pk)
    session.seats = 2
    session.save()
    people = staff("jinshan", 3)
    created = services.enrol(session=session, people=people, by=jinshan_coordinator)
    assert [e.status for e in created] == ["enrolled", "enrolled", "waitlisted"]
    assert services.waitlist_position(created[2]) == 1
    inbox = Notification.objects.filter(recipient=people[2].user).get()
    assert "候补" in inbox.title and "第1" in inbox.title
    assert "已报名" in Notification.objects.get(recipient=people[0].user).title


def test_cancelling_a_seat_promotes_the_first_waiting_and_tells_them(session, jinshan_coordinator):
    TrainingSession.objects.filter(pk=session.pk).update(seats=2)
    people = staff("jinshan", 4)
    first, second, third, fourth = services.enrol(
        session=session, people=people, by=jinshan_coordinator
    )
    promoted = services.cancel_enrolment(enrolment=first, by=jinshan_coordinator, reason="出差")
    assert [e.pk for e in promoted] == [third.pk]
    assert dict((n, s) for n, s in statuses(session)) == {
        people[0].full_name: "cancelled",
        people[1].full_name: "enrolled",
        people[2].full_name: "enrolled",
        people[3].full_name: "waitlisted",
    }
    assert Notification.objects.filter(recipient=people[2].user, title__contains="有空位").exists()
    assert Notification.objects.filter(recipient=people[0].user, title__contains="取消").exists()
    # cancelling a place on the waiting list frees no seat and promotes nobody
    assert services.cancel_enrolment(enrolment=fourth, by=jinshan_coordinator) == []


def test_the_person_cancels_their_own_enrolment(session, jinshan_coordinator):
    (person,) = staff("jinshan", 1)
    (enrolment,) = services.enrol(session=session, people=[person], by=jinshan_coordinator)
    services.cancel_enrolment(enrolment=enrolment, by=person.user)
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"
    assert not Notification.objects.filter(recipient=person.user, title__contains="取消").exists()


def test_court_quota_waitlists_beyond_it_and_promotion_skips_a_full_court(
    pinghu_coordinator, jinshan_coordinator, jiashan_coordinator
):
    session = new_session(pinghu_coordinator, seats=4, quota=2)
    jinshan = staff("jinshan", 3)
    jiashan = staff("jiashan", 2)
    services.enrol(session=session, people=jinshan, by=jinshan_coordinator)
    assert [s for _n, s in statuses(session)] == ["enrolled", "enrolled", "waitlisted"]
    services.enrol(session=session, people=jiashan, by=jiashan_coordinator)
    # 4 seats, 2 per court: Jinshan 2 + Jiashan 2; Jinshan's third waits
    seated = Enrolment.objects.filter(session=session, status="enrolled")
    assert seated.count() == 4
    # a Jiashan seat frees: the Jinshan person waiting does not fit Jinshan's quota
    services.cancel_enrolment(
        enrolment=Enrolment.objects.get(person=jiashan[0]), by=jiashan_coordinator
    )
    assert Enrolment.objects.get(person=jinshan[2]).status == "waitlisted"
    extra = staff("jiashan", 1, prefix="后到")
    (late,) = services.enrol(session=session, people=extra, by=jiashan_coordinator)
    assert late.status == "enrolled"  # Jiashan is below its quota again


def test_quota_release_gives_unused_seats_to_the_other_courts_once(
    pinghu_coordinator, jinshan_coordinator
):
    session = new_session(pinghu_coordinator, seats=6, quota=2, days=20)
    jinshan = staff("jinshan", 4)
    services.enrol(session=session, people=jinshan, by=jinshan_coordinator)
    assert Enrolment.objects.filter(session=session, status="waitlisted").count() == 2
    # not yet: the release comes TRAINING_QUOTA_RELEASE_DAYS before the deadline
    assert services.release_due_quotas() == 0
    later = session.enrol_deadline - datetime.timedelta(days=2)
    assert services.release_due_quotas(now=later) == 1
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 4
    assert services.release_due_quotas(now=later) == 0  # released once
    session.refresh_from_db()
    assert session.quota_released_at == later
    assert Notification.objects.filter(
        recipient=pinghu_coordinator, title__contains="释放"
    ).exists()
    # after the release the quota no longer holds new enrolments back
    (more,) = services.enrol(
        session=session, people=staff("jinshan", 1, "新"), by=jinshan_coordinator
    )
    assert more.status == "enrolled"


def test_admin_moves_a_waiting_person_up_with_a_reason_kept_in_history(
    pinghu_coordinator, jinshan_coordinator, jiashan_coordinator, portal_admin
):
    session = new_session(pinghu_coordinator, seats=3, quota=1)
    jinshan = staff("jinshan", 2)
    services.enrol(session=session, people=jinshan, by=jinshan_coordinator)
    waiting = Enrolment.objects.get(person=jinshan[1])
    assert waiting.status == "waitlisted"
    with pytest.raises(ValidationError):
        services.promote_enrolment(enrolment=waiting, by=portal_admin, reason="  ")
    with pytest.raises(PermissionDenied):
        services.promote_enrolment(enrolment=waiting, by=jinshan_coordinator, reason="急需")
    services.promote_enrolment(enrolment=waiting, by=portal_admin, reason="承办庭审观摩任务")
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"  # a seat was free in all; the admin overrode the quota
    entry = LogEntry.objects.get_for_object(waiting).filter(changes__icontains="note").first()
    assert entry is not None and "承办庭审观摩任务" in str(entry.changes)


def test_refusals_save_nothing(session, jinshan_coordinator, pinghu_coordinator, jinshan_judge):
    people = staff("jinshan", 2)
    services.enrol(session=session, people=people[:1], by=jinshan_coordinator)
    # duplicate: one of the two is already enrolled — neither is saved
    with pytest.raises(ValidationError, match="已报名"):
        services.enrol(session=session, people=people, by=jinshan_coordinator)
    assert Enrolment.objects.filter(session=session).count() == 1
    # another court's staff
    with pytest.raises(PermissionDenied):
        services.enrol(session=session, people=staff("jiashan", 1), by=jinshan_coordinator)
    # a judge enrols nobody, not even colleagues
    with pytest.raises(PermissionDenied):
        services.enrol(session=session, people=people[1:], by=jinshan_judge)
    # past the deadline
    TrainingSession.objects.filter(pk=session.pk).update(
        enrol_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="截止"):
        services.enrol(session=session, people=people[1:], by=jinshan_coordinator)
    assert Enrolment.objects.filter(session=session).count() == 1


def test_admin_enrols_past_the_deadline(session, portal_admin):
    TrainingSession.objects.filter(pk=session.pk).update(
        enrol_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    (enrolment,) = services.enrol(session=session, people=staff("jiashan", 1), by=portal_admin)
    assert enrolment.status == "enrolled"


def test_cancelled_session_refuses_enrolment_and_tells_everyone(
    session, pinghu_coordinator, jinshan_coordinator
):
    people = staff("jinshan", 2)
    services.enrol(session=session, people=people[:1], by=jinshan_coordinator)
    services.cancel_session(session=session, by=pinghu_coordinator, reason="授课老师临时有事")
    assert Notification.objects.filter(recipient=people[0].user, body="授课老师临时有事").exists()
    assert not Reminder.objects.for_object(session).filter(status="pending").exists()
    with pytest.raises(ValidationError, match="已取消"):
        services.enrol(session=session, people=people[1:], by=jinshan_coordinator)
    assert Enrolment.objects.filter(session=session).count() == 1


def test_only_the_host_courts_coordinator_changes_the_session(
    session, jinshan_coordinator, pinghu_coordinator
):
    with pytest.raises(PermissionDenied):
        services.update_session(session=session, by=jinshan_coordinator, venue="别处")
    with pytest.raises(ValidationError) as refused:
        new_session(jinshan_coordinator, host="pinghu")
    assert "host_court" in refused.value.error_dict


def test_seats_cannot_drop_below_those_held_and_more_seats_promote(
    session, pinghu_coordinator, jinshan_coordinator
):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    people = staff("jinshan", 3)
    services.enrol(session=session, people=people, by=jinshan_coordinator)
    with pytest.raises(ValidationError) as refused:
        services.update_session(session=session, by=pinghu_coordinator, seats=0)
    assert "seats" in refused.value.error_dict
    services.update_session(session=session, by=pinghu_coordinator, seats=3)
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 3


def test_enrolled_people_get_reminders_that_follow_the_session(
    session, pinghu_coordinator, jinshan_coordinator
):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    people = staff("jinshan", 2)
    services.enrol(session=session, people=people, by=jinshan_coordinator)
    rows = Reminder.objects.for_object(session).filter(status="pending")
    assert {r.recipient_id for r in rows} == {people[0].user_id}  # the waiting one is not
    assert {r.stage for r in rows} == {"trainee-3d", "trainee-1d"}
    later = session.start + datetime.timedelta(days=1)
    services.update_session(
        session=session, by=pinghu_coordinator, start=later, end=later + datetime.timedelta(hours=2)
    )
    due = Reminder.objects.for_object(session).get(stage="trainee-1d", status="pending").due_at
    assert due == later - datetime.timedelta(days=1)
    assert Notification.objects.filter(recipient=people[1].user, title__contains="变更").exists()


def _held(session, pinghu_coordinator):
    TrainingSession.objects.filter(pk=session.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=1),
        enrol_deadline=timezone.now() - datetime.timedelta(days=2),
    )
    return TrainingSession.objects.get(pk=session.pk)


def test_attendance_completion_and_certificate_verification(
    session, pinghu_coordinator, jinshan_coordinator, jiashan_coordinator
):
    jinshan = staff("jinshan", 2)
    jiashan = staff("jiashan", 1)
    a, b = services.enrol(session=session, people=jinshan, by=jinshan_coordinator)
    (c,) = services.enrol(session=session, people=jiashan, by=jiashan_coordinator)
    with pytest.raises(ValidationError, match="开始"):
        services.record_attendance(
            session=session, by=jinshan_coordinator, marks={a.pk: "attended"}
        )
    session = _held(session, pinghu_coordinator)
    # a court's coordinator records their own court only
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            session=session, by=jinshan_coordinator, marks={c.pk: "attended"}
        )
    services.record_attendance(
        session=session, by=jinshan_coordinator, marks={a.pk: "completed", b.pk: "absent"}
    )
    # the host court's coordinator records everyone
    services.record_attendance(session=session, by=pinghu_coordinator, marks={c.pk: "attended"})
    a.refresh_from_db()
    session.refresh_from_db()
    assert session.status == "held"
    assert a.status == "completed" and len(a.certificate_code) == 12
    assert services.verify_certificate(a.certificate_code).pk == a.pk
    assert services.verify_certificate(a.certificate_code.lower()).pk == a.pk
    assert services.verify_certificate("ABCDEFGHJKLM") is None
    assert services.verify_certificate("") is None
    assert Notification.objects.filter(recipient=jinshan[0].user, title__contains="证书").exists()
    # undoing a completion withdraws the certificate: its code no longer verifies
    code = a.certificate_code
    services.record_attendance(session=session, by=jinshan_coordinator, marks={a.pk: "attended"})
    assert services.verify_certificate(code) is None


def test_every_write_is_audited_with_its_actor(session, jinshan_coordinator):
    (enrolment,) = services.enrol(
        session=session, people=staff("jinshan", 1), by=jinshan_coordinator
    )
    services.cancel_enrolment(enrolment=enrolment, by=jinshan_coordinator)
    actions = LogEntry.objects.get_for_object(enrolment).order_by("timestamp")
    assert [e.actor_id for e in actions] == [jinshan_coordinator.pk] * 2


def test_a_session_with_the_longest_title_still_reminds_and_tells(
    pinghu_coordinator, jinshan_coordinator
):
    """Reminder and notice titles are a prefix plus the session's title: with a 200-character
    title they end in "…" within their 200-character column (PostgreSQL refused the save)."""
    session = new_session(pinghu_coordinator, title="长" * 200)
    (person,) = staff("jinshan", 1)
    services.enrol(session=session, people=[person], by=jinshan_coordinator)
    titles = [r.title for r in Reminder.objects.for_object(session)]
    titles += list(
        Notification.objects.filter(recipient=person.user).values_list("title", flat=True)
    )
    assert titles and all(len(t) <= 200 for t in titles)
    assert all(t.endswith("…") for t in titles)


def test_a_release_whose_time_passed_before_the_session_existed_happens_at_once(
    pinghu_coordinator, jinshan_coordinator
):
    """Created three days before its enrolment deadline (inside the release window): the
    quota is released at creation, and nobody waits with seats free until the sweep."""
    start = timezone.now() + datetime.timedelta(days=6)
    session = new_session(
        pinghu_coordinator,
        seats=4,
        quota=1,
        start=start,
        end=start + datetime.timedelta(hours=3),
        enrol_deadline=timezone.now() + datetime.timedelta(days=3),
    )
    session.refresh_from_db()
    assert session.quota_released_at is not None
    jinshan = staff("jinshan", 3)
    services.enrol(session=session, people=jinshan, by=jinshan_coordinator)
    assert Enrolment.objects.filter(session=session, status="enrolled").count() == 3


def test_a_session_reads_held_only_once_it_has_ended(pinghu_coordinator, jinshan_coordinator):
    """Attendance recorded an hour into a three-hour session: it still reads as under way (its
    attendance open), not 已举办, until its end; the filter agrees."""
    from training.models import TrainingSession

    session = new_session(pinghu_coordinator, seats=4)
    (person,) = staff("jinshan", 1)
    (enrolment,) = services.enrol(session=session, people=[person], by=jinshan_coordinator)
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=2),
        enrol_deadline=now - datetime.timedelta(days=1),
    )
    session.refresh_from_db()
    services.record_attendance(
        session=session, by=pinghu_coordinator, marks={enrolment.pk: "attended"}
    )
    session.refresh_from_db()
    assert session.status == "held" and session.state == "begun"
    assert not TrainingSession.objects.in_state("held").filter(pk=session.pk).exists()
    assert TrainingSession.objects.in_state("begun").filter(pk=session.pk).exists()
    TrainingSession.objects.filter(pk=session.pk).update(end=now - datetime.timedelta(minutes=1))
    session.refresh_from_db()
    assert session.state == "held"
    assert TrainingSession.objects.in_state("held").filter(pk=session.pk).exists()
