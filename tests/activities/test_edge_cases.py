"""Edge cases a court user met: an activity with the longest title (200 characters) can be
invited to, asked leave of and cancelled — the notices and reminders built from "prefix + title"
fit their columns (PostgreSQL refused them before); a red education base counts the visits held,
not those planned."""

from unittest import mock

import pytest

from activities import services
from activities.models import Activity, Attendance
from core.models import Notification, Reminder
from courts.models import Person

from ..factories import RedEducationBaseFactory, make_activity

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


def test_a_bases_visits_are_those_held_not_planned(client, jinshan_secretary):
    from django.urls import reverse

    base = RedEducationBaseFactory(name="南湖革命纪念馆")
    held = make_activity(by=jinshan_secretary, days=-10, red_base=base)
    Activity.objects.filter(pk=held.pk).update(status="held")
    make_activity(by=jinshan_secretary, days=10, red_base=base)  # planned: not a visit yet
    client.force_login(jinshan_secretary)
    page = client.get(reverse("activities:base-list")).content.decode()
    row = page[page.index("南湖革命纪念馆") :]
    row = row[: row.index("</tr>")]
    assert '<td data-label="访问次数">1</td>' in row or ">1<" in row
    assert ">2<" not in row


def test_irreversible_actions_ask_first(client, jinshan_secretary):
    """Marking an activity completed cannot be undone: its button asks for confirmation
    (portal.js reads data-confirm; the browser journeys accept it, and the minutes' "定稿")."""
    activity = make_activity(by=jinshan_secretary, days=-1)
    client.force_login(jinshan_secretary)
    with mock.patch("activities.checklist.missing", return_value=[]):  # ready to complete
        page = client.get(activity.get_absolute_url()).content.decode()
    assert 'data-confirm="确定标记该活动已完成吗？' in page
