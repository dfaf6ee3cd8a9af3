"""Every activity URL × actor: the expected status, and the database unchanged after a refusal.

The world is built once for the module (tests/kit.py); each case runs in a savepoint of it."""

import pytest
from django.urls import reverse

from activities import roll_call
from activities.models import (
    ActionItem,
    Activity,
    Attachment,
    Attendance,
    MeetingSeries,
    ReminderRule,
)
from activities.urls import urlpatterns

from ..kit import AccessTable, shared_world
from .worlds import build_world

ACTORS = ["host_secretary", "cohost_secretary", "other_secretary", "judge", "anonymous"]
world = shared_world(build_world)


def snapshot():
    return (
        list(Activity.objects.order_by("pk").values_list("title", "status", "notice")),
        list(Attendance.objects.order_by("pk").values_list("status", "leave", "signed_in_by")),
        list(Attachment.objects.order_by("pk").values_list("pk", flat=True)),
        list(Activity.objects.get(title="下月党课").parts.values_list("notes", flat=True)),
        list(MeetingSeries.objects.values_list("title", "active", "rrule")),
        list(ReminderRule.objects.order_by("pk").values_list("audience", "offset_days")),
        list(ActionItem.objects.values_list("what", "done_at")),
        list(Activity.objects.order_by("pk").values_list("minutes", "minutes_status")),
    )


def url_for(name, w):
    a, att = w["activity"], w["attendance"]
    return {
        "activity-list": reverse("activities:activity-list"),
        "activity-export": reverse("activities:activity-export") + "?format=csv",
        "activity-create": reverse("activities:activity-create"),
        "my-record": reverse("activities:my-record"),
        "base-list": reverse("activities:base-list"),
        "action-item-list": reverse("activities:action-item-list"),
        "base-detail": None,
        "activity-detail": a.get_absolute_url(),
        "activity-edit": reverse("activities:activity-edit", args=[a.pk]),
        "activity-record": reverse("activities:activity-record", args=[a.pk]),
        "activity-cancel": reverse("activities:activity-cancel", args=[a.pk]),
        "activity-complete": reverse("activities:activity-complete", args=[a.pk]),
        "activity-invite": reverse("activities:activity-invite", args=[a.pk]),
        "part-edit": reverse("activities:part-edit", args=[w["future"].pk, "jinshan"]),
        "roll-call": reverse("activities:roll-call", args=[a.pk]),
        "activity-qr": reverse("activities:activity-qr", args=[a.pk]),
        "activity-qr-image": reverse("activities:activity-qr-image", args=[a.pk]),
        "sign-in": reverse("activities:sign-in", args=[a.pk, roll_call.current_token(a.pk)]),
        "attendance-sign": reverse("activities:attendance-sign", args=[a.pk, att.pk]),
        "leave-request": reverse("activities:leave-request", args=[w["future"].pk]),
        "leave-decide": reverse("activities:leave-decide", args=[a.pk, att.pk]),
        "activity-dossier": reverse("activities:activity-dossier", args=[a.pk]),
        "activity-notice-docx": reverse("activities:activity-notice-docx", args=[a.pk]),
        "activity-minutes-docx": reverse("activities:activity-minutes-docx", args=[a.pk]),
        "activity-ics": reverse("activities:activity-ics", args=[a.pk]),
        "attachment-download": reverse("activities:attachment-download", args=[w["attachment"].pk]),
        "attachment-thumbnail": reverse(
            "activities:attachment-thumbnail", args=[w["attachment"].pk]
        ),
        "attachment-delete": reverse("activities:attachment-delete", args=[w["attachment"].pk]),
        "series-list": reverse("activities:series-list"),
        "series-create": reverse("activities:series-create"),
        "series-detail": w["series"].get_absolute_url(),
        "series-edit": reverse("activities:series-edit", args=[w["series"].pk]),
        "series-pause": reverse("activities:series-pause", args=[w["series"].pk]),
        "series-reminders": reverse("activities:series-reminders", args=[w["series"].pk]),
        "series-end": reverse("activities:series-end", args=[w["series"].pk]),
        "series-preview": reverse("activities:series-preview"),
        "date-check": reverse("activities:date-check") + "?start=2026-10-01T09:00",
        "series-ics": reverse("activities:series-ics", args=[w["series"].pk]),
        "minutes": reverse("activities:minutes", args=[a.pk]),
        "action-item-close": reverse("activities:action-item-close", args=[w["action_item"].pk]),
    }[name]


# name: (GET status per actor, POST status per actor), actors in ACTORS order. "L" = to login.
# NO: the method is not allowed (405; anonymous users are sent to log in first). None in a
# POST tuple: an allowed POST whose effect is tested elsewhere. A refused POST changes nothing.
NO = (405, 405, 405, 405, "L")
ROWS = {
    "activity-list": ((200, 200, 200, 200, "L"), NO),
    "activity-export": ((200, 200, 200, 200, "L"), NO),
    "activity-create": ((200, 200, 200, 403, "L"), (200, 200, 200, 403, "L")),
    "my-record": ((200, 200, 200, 200, "L"), NO),
    "base-list": ((200, 200, 200, 200, "L"), NO),
    "action-item-list": ((200, 200, 200, 200, "L"), NO),
    "activity-detail": ((200, 200, 200, 200, "L"), NO),
    "activity-edit": ((200, 404, 404, 404, "L"), (200, 404, 404, 404, "L")),
    "activity-record": ((200, 404, 404, 404, "L"), (None, 404, 404, 404, "L")),
    "activity-cancel": ((200, 404, 404, 404, "L"), (None, 404, 404, 404, "L")),
    "activity-complete": (NO, (None, 404, 404, 404, "L")),
    "activity-invite": ((200, 200, 404, 404, "L"), (200, 200, 404, 404, "L")),
    "part-edit": ((200, 404, 404, 404, "L"), (None, 404, 404, 404, "L")),
    "roll-call": ((200, 200, 200, 200, "L"), NO),
    "activity-qr": ((200, 200, 404, 404, "L"), NO),
    "activity-qr-image": ((200, 200, 404, 404, "L"), NO),
    # GET: only the invited judge is offered the button; the others are told they are not invited.
    "sign-in": ((400, 400, 400, 200, "L"), (None, None, 400, None, "L")),
    "attendance-sign": (NO, (404, None, 404, 404, "L")),
    "leave-request": ((200, 200, 200, 200, "L"), (200, 200, 200, None, "L")),
    "leave-decide": (NO, (404, None, 404, 404, "L")),
    "activity-dossier": ((200, 200, 200, 200, "L"), NO),
    # The notice and the minutes as Word documents: joint records, like the pages they print.
    "activity-notice-docx": ((200, 200, 200, 200, "L"), NO),
    "activity-minutes-docx": ((200, 200, 200, 200, "L"), NO),
    "activity-ics": ((200, 200, 200, 200, "L"), NO),
    "attachment-download": ((200, 200, 200, 200, "L"), NO),
    "attachment-thumbnail": ((200, 200, 200, 200, "L"), NO),
    "attachment-delete": (NO, (None, 404, 404, 404, "L")),
    # Every member reads a series; its convening court's secretary (Jinshan) manages it.
    "series-list": ((200, 200, 200, 200, "L"), NO),
    "series-create": ((200, 200, 200, 403, "L"), (200, 200, 200, 403, "L")),
    "series-detail": ((200, 200, 200, 200, "L"), NO),
    "series-edit": ((200, 404, 404, 404, "L"), (200, 404, 404, 404, "L")),
    "series-pause": (NO, (None, 404, 404, 404, "L")),
    "series-end": ((200, 404, 404, 404, "L"), (None, 404, 404, 404, "L")),
    "series-preview": ((200, 200, 200, 403, "L"), NO),
    # The holiday check of the activity form: words only, for anyone logged in.
    "date-check": ((200, 200, 200, 200, "L"), NO),
    "series-reminders": ((200, 404, 404, 404, "L"), (200, 404, 404, 404, "L")),
    "series-ics": ((200, 200, 200, 200, "L"), NO),
    # A POST without an action only shows the page again.
    "minutes": ((200, 200, 200, 200, "L"), (200, 200, 200, 200, "L")),
    # The action item is Pinghu's, for the Pinghu judge: they and Pinghu's secretary close it.
    "action-item-close": (NO, (404, None, 404, None, "L")),
}
TABLE = AccessTable(
    actors=ACTORS,
    rows=ROWS,
    bad_post={
        "title": "被改了",
        "notes": "被改了",
        "reason": "被改了",
        "decision": "approve",
        "people": [],
        "kind": "photo",
    },
)


def test_every_activity_url_is_in_the_table():
    TABLE.assert_covers(urlpatterns, except_={"base-detail"})


@pytest.mark.parametrize(("name", "actor"), TABLE.cases())
def test_url_actor_table(client, world, name, actor):
    TABLE.check(
        client,
        name=name,
        actor=actor,
        user=world["actors"][actor],
        url=url_for(name, world),
        snapshot=snapshot,
    )
