"""Seats under contention, on PostgreSQL with real transactions: coordinators of three courts
enrolling at the same instant never get more seats than exist.

Each worker thread has its own database connection (Django opens one per thread) and runs the
service in its own transaction; a barrier lines them up so that they start together. The first
test shows that this harness does catch an oversell once the session's row lock is taken out —
so the others passing means the lock holds, not that the race never happened."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from core.models import Notification
from training import services
from training.models import Enrolment, TrainingSession

from .conftest import new_session, staff

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"
    ),
]


def run_together(calls):
    """Run each call in its own thread and connection, all released at once; returns the
    exceptions raised (none expected)."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            call()
        except Exception as error:  # what a request would have turned into a server error
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def coordinators():
    from courts.choices import Role

    from ..conftest import make_member

    return {
        slug: make_member(slug, Role.TRAINING_COORDINATOR, full_name=f"{slug}联络员")
        for slug in ("jinshan", "pinghu", "jiashan")
    }


def enrol_one(session_pk, person, by):
    return lambda: services.enrol(session=TrainingSession(pk=session_pk), people=[person], by=by)


def thirty_requests(session, by_court):
    people = [p for slug in by_court for p in staff(slug, 10)]
    return [enrol_one(session.pk, p, by_court[p.court.slug]) for p in people]


def counts(session):
    return Counter(Enrolment.objects.filter(session=session).values_list("status", flat=True))


def test_control_without_the_lock_the_harness_sees_an_oversell(monkeypatch):
    by_court = coordinators()
    session = new_session(by_court["pinghu"], seats=10)
    unlocked = TrainingSession.objects.select_related("host_court", "programme")
    monkeypatch.setattr(services, "lock_session", lambda pk: unlocked.get(pk=pk))
    count_seats = services._seat_counts

    def slow_count(s):  # widen the window between counting and saving, as a busy server would
        found = count_seats(s)
        time.sleep(0.2)
        return found

    monkeypatch.setattr(services, "_seat_counts", slow_count)
    run_together(thirty_requests(session, by_court))
    assert counts(session)["enrolled"] > 10  # oversold: the race is real and the harness sees it


def test_thirty_at_once_for_ten_seats_give_ten_enrolled_and_twenty_waiting():
    by_court = coordinators()
    session = new_session(by_court["pinghu"], seats=10)
    errors = run_together(thirty_requests(session, by_court))
    assert errors == []
    assert counts(session) == {"enrolled": 10, "waitlisted": 20}
    # the waiting list has one order, without ties
    queue = list(
        Enrolment.objects.filter(session=session, status="waitlisted").values_list(
            "queued_at", "id"
        )
    )
    assert len(set(queue)) == 20


def test_court_quotas_hold_under_the_same_race():
    by_court = coordinators()
    session = new_session(by_court["pinghu"], seats=10, quota=3)
    errors = run_together(thirty_requests(session, by_court))
    assert errors == []
    seated = Counter(
        Enrolment.objects.filter(session=session, status="enrolled").values_list(
            "court__slug", flat=True
        )
    )
    assert seated == {"jinshan": 3, "pinghu": 3, "jiashan": 3}
    assert counts(session) == {"enrolled": 9, "waitlisted": 21}


def test_concurrent_cancellations_promote_exactly_as_many_each_once():
    by_court = coordinators()
    session = new_session(by_court["pinghu"], seats=10)
    people = staff("jinshan", 20)
    services.enrol(session=session, people=people, by=by_court["jinshan"])
    seated = list(Enrolment.objects.filter(session=session, status="enrolled")[:6])
    errors = run_together(
        [
            (lambda e=e: services.cancel_enrolment(enrolment=e, by=by_court["jinshan"]))
            for e in seated
        ]
    )
    assert errors == []
    assert counts(session) == {"enrolled": 10, "waitlisted": 4, "cancelled": 6}
    promoted = [p.user for p in people[10:16]]  # the first six waiting, in order
    told = Notification.objects.filter(recipient__in=promoted, title__contains="有空位")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(u.pk for u in promoted)


def test_quota_release_run_twice_at_once_releases_each_seat_once():
    by_court = coordinators()
    session = new_session(by_court["pinghu"], seats=8, quota=2)
    services.enrol(session=session, people=staff("jinshan", 7), by=by_court["jinshan"])
    assert counts(session) == {"enrolled": 2, "waitlisted": 5}
    later = session.enrol_deadline
    results = []
    errors = run_together(
        [lambda: results.append(services.release_due_quotas(now=later)) for _ in range(2)]
    )
    assert errors == []
    assert sorted(results) == [0, 1]
    assert counts(session) == {"enrolled": 7}
    coordinator_notices = Notification.objects.filter(
        recipient=by_court["jiashan"], title__contains="释放"
    )
    assert coordinator_notices.count() == 1
