"""What the training programme adds to the shell: the calendar and personal feeds, the home
page's lists, the area page, the reminders' delivery; and Django admin through the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import reminders
from core.models import CalendarToken, Notification, Reminder
from training import services
from training.models import Enrolment, TrainingSession

from .conftest import staff

pytestmark = pytest.mark.django_db


def test_sessions_on_the_calendar_and_in_the_feeds_of_people_enrolled(
    client, session, jinshan_coordinator
):
    enrolled, other = staff("jinshan", 2)
    services.enrol(session=session, people=[enrolled], by=jinshan_coordinator)
    client.force_login(other.user)
    month = timezone.localtime(session.start).strftime("%Y-%m")
    page = client.get(reverse("calendar"), {"month": month, "view": "list"}).content.decode()
    assert session.title in page
    for person, included in ((enrolled, True), (other, False)):
        client.force_login(person.user)
        client.post(reverse("calendar-token-reset"))
        token = CalendarToken.objects.get(user=person.user).token
        feed = client.get(reverse("calendar-feed", args=[token])).content.decode()
        assert (session.title in feed) is included
    ics = client.get(reverse("training:session-ics", args=[session.pk]))
    assert b"BEGIN:VEVENT" in ics.content and session.venue.encode() in ics.content


def test_home_lists_coming_training_and_attendance_to_record(client, session, jinshan_coordinator):
    (person,) = staff("jinshan", 1)
    services.enrol(session=session, people=[person], by=jinshan_coordinator)
    client.force_login(person.user)
    home = client.get(reverse("home")).content.decode()
    assert "我即将参加的培训" in home and session.title in home
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=2),
        end=now - datetime.timedelta(hours=1),
        enrol_deadline=now - datetime.timedelta(days=1),
    )
    client.force_login(jinshan_coordinator)
    home = client.get(reverse("home")).content.decode()
    assert "待登记的培训出勤" in home
    assert reverse("training:session-attendance", args=[session.pk]) in home


def test_the_talent_area_page_shows_coming_sessions_with_seats_left(client, session):
    (person,) = staff("pinghu", 1)
    client.force_login(person.user)
    page = client.get(reverse("courts:area-detail", args=["talent"])).content.decode()
    assert session.title in page and "剩余 10 / 10 个名额" in page


def test_the_sweep_delivers_training_reminders_to_seats_only(session, jinshan_coordinator):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    seated, waiting = staff("jinshan", 2)
    services.enrol(session=session, people=[seated, waiting], by=jinshan_coordinator)
    reminders.send_due_reminders(now=session.start - datetime.timedelta(hours=20))
    told = Notification.objects.filter(title__startswith="培训提醒")
    assert set(told.values_list("recipient_id", flat=True)) == {seated.user_id}
    # a reminder of someone who cancelled meanwhile is withdrawn, not sent
    services.cancel_enrolment(
        enrolment=Enrolment.objects.get(person=seated), by=jinshan_coordinator
    )
    assert (
        not Reminder.objects.for_object(session)
        .filter(recipient=seated.user, status="pending")
        .exists()
    )


def _admin_form(session, **changes):
    start = timezone.localtime(session.start)
    end = timezone.localtime(session.end)
    deadline = timezone.localtime(session.enrol_deadline)
    data = {
        "programme": session.programme_id,
        "title": session.title,
        "topic": session.topic,
        "host_court": session.host_court_id,
        "trainer": session.trainer,
        "trainer_organisation": session.trainer_organisation,
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "venue": session.venue,
        "seats": session.seats,
        "court_quota": session.court_quota or "",
        "enrol_deadline_0": deadline.strftime("%Y-%m-%d"),
        "enrol_deadline_1": deadline.strftime("%H:%M:%S"),
        "description": session.description,
        "enrolments-TOTAL_FORMS": "0",
        "enrolments-INITIAL_FORMS": "0",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_more_seats_in_admin_promote_through_the_service(
    client, superuser, session, jinshan_coordinator
):
    TrainingSession.objects.filter(pk=session.pk).update(seats=1)
    session.refresh_from_db()
    seated, waiting = staff("jinshan", 2)
    services.enrol(session=session, people=[seated, waiting], by=jinshan_coordinator)
    client.force_login(superuser)
    url = reverse("admin:training_trainingsession_change", args=[session.pk])
    response = client.post(url, _admin_form(session, seats=2))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrolment.objects.get(person=waiting).status == "enrolled"
    assert Notification.objects.filter(recipient=waiting.user, title__contains="有空位").exists()
    # fewer seats than people hold: the service's message on the form, nothing saved
    refused = client.post(url, _admin_form(session, seats=1))
    assert refused.status_code == 200 and "已有2人占用名额" in refused.content.decode()
    session.refresh_from_db()
    assert session.seats == 2
