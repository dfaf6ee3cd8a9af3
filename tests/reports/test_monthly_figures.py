"""At the start of each month each court's secretaries get last month's figures: an inbox notice
and, where the court sends e-mail, the workbook attached — planned once, sent once, and tried
again while the mail server refuses."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity
from core import reminders
from core.models import Notification, Reminder
from courts import services as court_services
from courts.models import Court
from reports import services
from reports.models import MonthlyFigures

from ..courts.test_dashboard import _at
from ..factories import court, make_activity
from ..portal.test_reminder_retries import RefusingBackend

DECEMBER_FIRST = datetime.datetime(2025, 12, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def november(jinshan_secretary, pinghu_secretary, settings):
    """November 2025: two Party-building exchanges of Jinshan (one with Pinghu), one in
    October; Jinshan's target of 12 for the year. Jinshan sends e-mail, Pinghu does not."""
    settings.EMAIL_BACKEND = "tests.portal.test_reminder_retries.RefusingBackend"
    RefusingBackend.refusing = False
    Court.objects.filter(slug="jinshan").update(email_reminders=True)
    Court.objects.filter(slug="pinghu").update(email_reminders=False)
    for user in (jinshan_secretary, pinghu_secretary):
        user.email = f"{user.username}@example.cn"
        user.save()
    made = [
        make_activity(
            by=jinshan_secretary,
            host="jinshan",
            co_hosts=("pinghu",),
            start=_at(2025, 11, 5),
            area="party_exchange",
        ),
        make_activity(
            by=jinshan_secretary,
            host="jinshan",
            co_hosts=("jiashan",),
            start=_at(2025, 11, 20),
            area="party_exchange",
        ),
        make_activity(
            by=jinshan_secretary,
            host="jinshan",
            co_hosts=("pinghu",),
            start=_at(2025, 10, 9),
            area="party_exchange",
        ),
    ]
    Activity.objects.filter(pk__in=[a.pk for a in made]).update(status="completed")
    court_services.set_target(
        by=jinshan_secretary,
        year=2025,
        court=court("jinshan"),
        figure="activities-completed",
        row="party_exchange",
        value=12,
    )
    Reminder.objects.all().delete()  # the activities' own reminders are another test's


def test_each_courts_month_is_planned_once(november, jinshan_secretary, pinghu_secretary):
    assert services.plan_monthly_figures(DECEMBER_FIRST) == 3
    assert services.plan_monthly_figures(DECEMBER_FIRST + datetime.timedelta(hours=1)) == 0
    assert set(MonthlyFigures.objects.values_list("month", flat=True)) == {
        datetime.date(2025, 11, 1)
    }
    reminded = Reminder.objects.values_list("recipient", flat=True)
    assert sorted(reminded) == sorted([jinshan_secretary.pk, pinghu_secretary.pk])


def test_the_workbook_goes_once_and_again_after_the_server_refused(
    november, jinshan_secretary, pinghu_secretary
):
    with time_machine.travel(DECEMBER_FIRST, tick=True):
        _send_through_a_refusing_server(jinshan_secretary, pinghu_secretary)


def _send_through_a_refusing_server(jinshan_secretary, pinghu_secretary):
    services.plan_monthly_figures()
    RefusingBackend.refusing = True
    first = reminders.send_due_reminders()
    assert first.failed == 1 and len(mail.outbox) == 0  # Jinshan's e-mail waits to be tried
    assert Notification.objects.filter(recipient=pinghu_secretary).count() == 1  # inbox only
    RefusingBackend.refusing = False
    row = Reminder.objects.get(recipient=jinshan_secretary)
    reminders.send_due_reminders(now=row.due_at + datetime.timedelta(seconds=1))
    reminders.send_due_reminders(now=row.due_at + datetime.timedelta(hours=1))
    assert len(mail.outbox) == 1  # once
    message = mail.outbox[0]
    assert message.to == [jinshan_secretary.email]
    name, content, _type = message.attachments[0]
    assert name == "2025-11-jinshan-figures.xlsx"
    sheet = load_workbook(io.BytesIO(content)).active
    rows = {(r[0], r[1]): r[2:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    # November 2; the year so far 3; a target of 12 is at 11 once November is over
    assert rows["已完成的联合活动", "党建交流"] == (2, 3, 12, 11)
    assert rows["已完成的联合活动", "文化交流"] == (0, 0, None, None)
    assert Notification.objects.filter(recipient=jinshan_secretary).count() == 1


def test_a_court_without_secretaries_is_planned_without_reminders(db):
    assert services.plan_monthly_figures(DECEMBER_FIRST) == 3
    assert not Reminder.objects.exists()
    assert timezone.localdate(DECEMBER_FIRST).month == 12
