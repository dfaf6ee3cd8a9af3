"""The activities app's test world: built per test (test_views) or once per module (the access
table), by the same function."""

import datetime

from django.utils import timezone

from activities import minutes as minutes_services
from activities import series as series_services
from activities import services
from courts.choices import Role

from ..conftest import make_member
from ..factories import make_activity
from .conftest import png_upload


def build_world() -> dict:
    """Jinshan hosts a running activity with Pinghu; a Pinghu judge is invited; one photo."""
    jinshan_secretary = make_member("jinshan", Role.PARTY_SECRETARY, full_name="陈书记")
    pinghu_secretary = make_member("pinghu", Role.PARTY_SECRETARY, full_name="沈书记")
    jiashan_secretary = make_member("jiashan", Role.PARTY_SECRETARY, full_name="顾书记")
    jinshan_member = make_member(
        "jinshan", Role.JUDGE, username="jinshan-member", full_name="金山党员"
    )
    pinghu_member = make_member(
        "pinghu", Role.JUDGE, username="pinghu-member", full_name="平湖党员"
    )
    running_activity = make_activity(
        by=jinshan_secretary, start=timezone.now() - datetime.timedelta(minutes=10)
    )
    activity = running_activity
    services.invite(
        activity=activity,
        by=jinshan_secretary,
        people=[jinshan_member.person, pinghu_member.person],
    )
    part = activity.parts.get(court__slug="jinshan")
    attachment = services.add_attachment(
        part=part, by=jinshan_secretary, kind="photo", upload=png_upload()
    )
    future = services.create_activity(
        by=jinshan_secretary,
        title="下月党课",
        kind="party_lesson",
        area="party_exchange",
        host_court=activity.host_court,
        co_host_courts=[pinghu_secretary.person.court],
        start=timezone.now() + datetime.timedelta(days=9),
        end=timezone.now() + datetime.timedelta(days=9, hours=2),
        place="报告厅",
    )
    services.invite(activity=future, by=jinshan_secretary, people=[pinghu_member.person])
    series = series_services.create_series(
        by=jinshan_secretary,
        title="定期会商",
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
        first_date=timezone.localdate(),
        start_time=datetime.time(9, 0),
        horizon_days=100,
    )
    action_item = minutes_services.add_action_item(
        activity=activity,
        by=jinshan_secretary,
        court=pinghu_secretary.person.court,
        responsible=pinghu_member.person,
        what="报送典型案例",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    return {
        "action_item": action_item,
        "series": series,
        "activity": activity,
        "future": future,
        "attachment": attachment,
        "attendance": activity.attendances.get(person=pinghu_member.person),
        "actors": {
            "host_secretary": jinshan_secretary,
            "cohost_secretary": pinghu_secretary,
            "other_secretary": jiashan_secretary,
            "judge": pinghu_member,
            "anonymous": None,
        },
    }
