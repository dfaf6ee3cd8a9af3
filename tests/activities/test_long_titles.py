"""An activity with the longest title (200 characters): inviting, asking for leave, deciding it
and cancelling all work — the notices and reminders built from "prefix + title" fit their
columns (PostgreSQL refused them before, so such an activity could not be cancelled)."""

import pytest

from activities import services
from activities.models import Activity, Attendance
from core.models import Notification, Reminder
from courts.models import Person

from ..factories import make_activity

pytestmark = pytest.mark.django_db


def test_the_longest_title_goes_through_invite_leave_and_cancel(jinshan_secretary, jinshan_judge):
    activity = make_activity(by=jinshan_secretary, title="长" * 200, days=5)
    guest = Person.objects.get(user=jinshan_judge)
    services.invite(activity=activity, by=jinshan_secretary, people=[guest])
    services.request_leave(activity=activity, by=jinshan_judge, reason="开庭")
    attendance = Attendance.objects.get(activity=activity, person=guest)
    services.decide_leave(attendance=attendance, by=jinshan_secretary, approve=True)
    services.cancel_activity(activity=activity, by=jinshan_secretary, reason="台风")
    assert Activity.objects.get(pk=activity.pk).status == "cancelled"
    titles = list(Notification.objects.values_list("title", flat=True))
    titles += list(Reminder.objects.values_list("title", flat=True))
    assert titles and all(len(title) <= 200 for title in titles)
