"""The demo world holds every state it promises on any day of the year: the browser tests and the
people trying the portal find a held activity of each court to document, a completed and a
called-off one, coming ones, an open and a held training session, whatever today's date —
weekends, statutory holidays and the turn of the year included (the clock is frozen at each)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

DAYS = [
    datetime.date(2026, 1, 1),  # New Year's Day, a holiday
    datetime.date(2026, 2, 17),  # the Spring Festival
    datetime.date(2026, 4, 5),  # 清明, a Sunday
    datetime.date(2026, 6, 13),  # a Saturday
    datetime.date(2026, 7, 2),  # the day after 七一
    datetime.date(2026, 10, 1),  # National Day
    datetime.date(2026, 12, 7),  # the day CI went red
    datetime.date(2026, 12, 31),  # the year's last day
]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_holds_each_promised_state_on(day, db):
    from activities.models import Activity
    from portal.demo.activities import seed_activities
    from portal.demo.courts import seed_demo
    from portal.demo.training import seed_training
    from training.models import Enrolment, TrainingSession

    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(noon, tick=False):
        seed_demo()
        seed_activities()
        seed_training()
    activities = Activity.objects.all()
    for court in ("jinshan", "pinghu", "jiashan"):
        held = activities.filter(host_court__slug=court, status="held")
        assert held.exists(), f"no held activity of {court} to document on {day}"
        assert all(a.start.date() < day for a in held)
    assert activities.filter(status="completed").exists()
    assert activities.filter(status="cancelled").exists()
    assert activities.filter(status="planned", start__date__gt=day).count() >= 3
    assert TrainingSession.objects.filter(status="open").exists()
    held_session = TrainingSession.objects.filter(status="held").order_by("start").first()
    assert held_session is not None
    assert Enrolment.objects.filter(
        session=held_session, status="completed", court__slug="jinshan"
    ).exists()
