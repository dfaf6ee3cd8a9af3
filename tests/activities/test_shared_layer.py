"""The shared layer as users meet it: one rule per action (the button shows exactly when the
service allows it), updates that react to real changes, admin edits through the services,
registered reminder targets, and audited bulk writes."""

import datetime
import logging
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import minutes as minutes_services
from activities import services
from activities.models import ActionItem, Activity, ActivityPart, Attendance, ReminderRule
from core import reminders
from core.models import Reminder
from courts.models import CooperationItem
from tests.factories import CooperationItemFactory, court

from .test_series import _create, at


def _form_data(activity: Activity) -> dict:
    local = timezone.localtime
    return {
        "title": activity.title,
        "kind": activity.kind,
        "area": activity.area,
        "co_host_courts": [c.pk for c in activity.courts[1:]],
        "start": local(activity.start).strftime("%Y-%m-%dT%H:%M"),
        "end": local(activity.end).strftime("%Y-%m-%dT%H:%M"),
        "place": activity.place,
        "notice": activity.notice,
        "agenda": activity.agenda,
    }


def test_saving_the_edit_form_unchanged_keeps_an_occurrence_in_its_series(
    client, jinshan_secretary, pinghu_secretary
):
    with mock.patch.object(timezone, "now", return_value=at(2030, 9, 1)):
        series = _create(jinshan_secretary, host_mode="fixed", fixed_host=court("jinshan"))
    occurrence = series.occurrences.order_by("start").first()
    client.force_login(jinshan_secretary)
    url = reverse("activities:activity-edit", args=[occurrence.pk])
    assert client.post(url, _form_data(occurrence)).status_code == 302
    occurrence.refresh_from_db()
    assert not occurrence.edited_by_hand  # nothing changed: the series still moves it
    moved = {**_form_data(occurrence), "place": "平湖法院第二会议室"}
    assert client.post(url, moved).status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.edited_by_hand and occurrence.place == "平湖法院第二会议室"


def test_update_reports_only_fields_that_changed(activity, jinshan_secretary):
    changed = services.update_activity(
        activity=activity, by=jinshan_secretary, title=activity.title, place="嘉善法院报告厅"
    )
    assert changed == {"place"}


# --- "button shown ⇔ service allows", for every action on the activity page ----------------

ACTIONS = {
    # name: (text of the link or button on the detail page, the service call)
    "edit_activity": (
        "activities:activity-edit",
        lambda a, u: services.update_activity(activity=a, by=u, title="改后的标题"),
    ),
    "cancel_activity": (
        "activities:activity-cancel",
        lambda a, u: services.cancel_activity(activity=a, by=u, reason="天气原因"),
    ),
    "invite_to_activity": (
        "activities:activity-invite",
        lambda a, u: services.invite(activity=a, by=u, people=[]),
    ),
    "complete_activity": (
        "activities:activity-complete",
        lambda a, u: services.complete_activity(activity=a, by=u),
    ),
}


@pytest.mark.parametrize("state", ["planned", "running", "completed", "cancelled"])
@pytest.mark.parametrize(
    "actor", ["jinshan_secretary", "pinghu_secretary", "jinshan_judge", "portal_admin"]
)
def test_each_button_shows_exactly_when_its_service_allows(
    client, request, jinshan_secretary, pinghu_secretary, state, actor
):
    from tests.factories import make_activity

    start = timezone.now() + (
        datetime.timedelta(days=3) if state == "planned" else -datetime.timedelta(hours=1)
    )
    activity = make_activity(by=jinshan_secretary, start=start, kind="other")
    if state in {"completed", "cancelled"}:
        Activity.objects.filter(pk=activity.pk).update(status=state)
    user = request.getfixturevalue(actor)
    client.force_login(user)
    # The checklist is a separate matter (its own test): here it is met, on the page and in
    # the services alike.
    with mock.patch("activities.checklist.missing", return_value=[]):
        page = client.get(activity.get_absolute_url()).content.decode()
    for name, (url_name, call) in ACTIONS.items():
        shown = reverse(url_name, args=[activity.pk]) in page
        fresh = Activity.objects.get(pk=activity.pk)
        try:
            with mock.patch("activities.checklist.missing", return_value=[]):
                call(fresh, user)
        except (PermissionDenied, ValidationError):
            allowed = False
        else:
            allowed = True
        assert shown == allowed, f"{actor} / {state} / {name}: shown={shown} allowed={allowed}"
        # leave the activity as it was for the next action
        Activity.objects.filter(pk=activity.pk).update(
            status=state if state in {"completed", "cancelled"} else "planned",
            title=activity.title,
        )


def test_a_completed_activity_is_locked(client, activity, jinshan_secretary):
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.COMPLETED)
    activity.refresh_from_db()
    with pytest.raises(ValidationError):
        services.update_activity(activity=activity, by=jinshan_secretary, status="held")
    client.force_login(jinshan_secretary)
    assert client.get(reverse("activities:activity-edit", args=[activity.pk])).status_code == 404
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED


def test_mark_done_is_offered_only_to_who_may_do_it(
    client, activity, jinshan_secretary, pinghu_member, jiashan_member
):
    item = minutes_services.add_action_item(
        activity=activity,
        by=jinshan_secretary,
        court=court("pinghu"),
        responsible=pinghu_member.person,
        what="起草联席会议纪要",
        due_date=timezone.localdate() + datetime.timedelta(days=10),
    )
    close_url = reverse("activities:action-item-close", args=[item.pk])
    minutes_url = reverse("activities:minutes", args=[activity.pk])
    client.force_login(jiashan_member)
    assert close_url not in client.get(minutes_url).content.decode()
    assert client.post(close_url).status_code == 404
    client.force_login(pinghu_member)
    assert close_url in client.get(minutes_url).content.decode()
    assert client.post(close_url).status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None
    assert close_url not in client.get(minutes_url).content.decode()  # done: no button


# --- Admin edits go through the services ------------------------------------------------------


def test_moving_a_due_date_in_admin_moves_its_reminders(client, superuser):
    item = CooperationItemFactory()
    from courts.services import plan_item_reminders

    plan_item_reminders(item)
    before = set(Reminder.objects.for_object(item).values_list("due_at", flat=True))
    client.force_login(superuser)
    new_due = item.due_date + datetime.timedelta(days=20)
    response = client.post(
        reverse("admin:courts_cooperationitem_change", args=[item.pk]),
        {
            "title": item.title,
            "area": item.area,
            "description": "",
            "lead_court": item.lead_court_id,
            "responsible": item.responsible_id,
            "due_date": new_due.isoformat(),
            "status": "planned",
            "progress_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = set(Reminder.objects.for_object(item).pending().values_list("due_at", flat=True))
    assert after and after.isdisjoint(before)
    assert {timezone.localtime(d).date() for d in after} == {
        new_due - datetime.timedelta(days=7),
        new_due - datetime.timedelta(days=1),
    }
    # marking it done in admin withdraws them
    response = client.post(
        reverse("admin:courts_cooperationitem_change", args=[item.pk]),
        {
            "title": item.title,
            "area": item.area,
            "lead_court": item.lead_court_id,
            "responsible": item.responsible_id,
            "due_date": new_due.isoformat(),
            "status": CooperationItem.Status.DONE,
        },
    )
    assert response.status_code == 302
    assert not Reminder.objects.for_object(item).pending().exists()


def test_adding_a_co_host_in_admin_creates_its_part(client, activity, superuser):
    client.force_login(superuser)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = {
        **_form_data(activity),
        "co_host_courts": [court("pinghu").pk, court("jiashan").pk],
        "start_0": timezone.localtime(activity.start).strftime("%Y-%m-%d"),
        "start_1": timezone.localtime(activity.start).strftime("%H:%M:%S"),
        "end_0": timezone.localtime(activity.end).strftime("%Y-%m-%d"),
        "end_1": timezone.localtime(activity.end).strftime("%H:%M:%S"),
        "summary": "",
        "publicity_link": "",
        "parts-TOTAL_FORMS": "0",
        "parts-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(
        ActivityPart.objects.filter(activity=activity).values_list("court__slug", flat=True)
    ) == {
        "jinshan",
        "pinghu",
        "jiashan",
    }


# --- Reminder targets are registered, never guessed -------------------------------------------


def test_a_reminder_of_an_unregistered_target_is_withdrawn_with_a_warning(
    jinshan_secretary, caplog
):
    target = ContentType.objects.get_for_model(ReminderRule)  # not a reminder target
    row = Reminder.objects.create(
        content_type=target,
        object_id=1,
        stage="x",
        recipient=jinshan_secretary,
        title="不该发出",
        due_at=timezone.now() - datetime.timedelta(minutes=1),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    with caplog.at_level(logging.WARNING, logger="core.reminders"):
        result = reminders.send_due_reminders()
    row.refresh_from_db()
    assert row.status == Reminder.Status.CANCELLED and result.sent == 0
    assert "no registered reminder target" in caplog.text


def test_reminder_targets_are_known_after_setup_alone():
    from core.registry import reminder_target

    assert reminder_target("courts.cooperationitem") is CooperationItem
    assert reminder_target("activities.activity") is Activity
    assert reminder_target("activities.actionitem") is ActionItem


# --- Bulk writes leave audit entries -------------------------------------------------------


def test_invitations_and_absent_marking_are_audited(
    activity, jinshan_secretary, jinshan_member, pinghu_member
):
    services.invite(
        activity=activity,
        by=jinshan_secretary,
        people=[jinshan_member.person, pinghu_member.person],
    )
    attendance_type = ContentType.objects.get_for_model(Attendance)
    created = LogEntry.objects.filter(
        content_type=attendance_type, action=LogEntry.Action.CREATE, actor=jinshan_secretary
    )
    assert created.count() == 2
    Activity.objects.filter(pk=activity.pk).update(
        start=timezone.now() - datetime.timedelta(hours=3),
        end=timezone.now() - datetime.timedelta(hours=1),
        kind="other",
    )
    activity.refresh_from_db()
    with mock.patch("activities.checklist.missing", return_value=[]):
        services.complete_activity(activity=activity, by=jinshan_secretary)
    marked = LogEntry.objects.filter(
        content_type=attendance_type, action=LogEntry.Action.UPDATE, actor=jinshan_secretary
    )
    assert marked.count() == 2
    assert all(entry.changes["status"] == ["invited", "absent"] for entry in marked)
    parts = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(ActivityPart))
    assert parts.filter(action=LogEntry.Action.CREATE).count() == 2  # one per court's part


def test_a_decompression_bomb_is_a_form_error_not_a_crash(client, activity, jinshan_secretary):
    """A 20,000 × 20,000 PNG compresses to a few dozen KB; it must be refused from its header."""
    import io
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    side = 20_000
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    raw = zlib.compress(b"\x00" * ((side // 8 + 1) * side), 9)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    assert len(png) < 100_000
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(jinshan_secretary)
    url = reverse("activities:part-edit", args=[activity.pk, "jinshan"])
    response = client.post(
        url,
        {
            "action": "upload",
            "kind": "photo",
            "caption": "",
            "upload": SimpleUploadedFile("bomb.png", io.BytesIO(png).getvalue(), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "像素" in response.content.decode() or "pixels" in response.content.decode()
    assert not activity.attachments.exists()


def test_a_rule_only_the_service_knows_is_a_form_error_in_admin(client, activity, superuser):
    """Removing every co-host in admin: the service refuses; the admin shows its message on
    the form with what was typed, and nothing is saved (was a server error)."""
    client.force_login(superuser)
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    local = timezone.localtime
    data = {
        **_form_data(activity),
        "title": "管理员改过的标题",
        "co_host_courts": [],
        "start_0": local(activity.start).strftime("%Y-%m-%d"),
        "start_1": local(activity.start).strftime("%H:%M:%S"),
        "end_0": local(activity.end).strftime("%Y-%m-%d"),
        "end_1": local(activity.end).strftime("%H:%M:%S"),
        "summary": "",
        "publicity_link": "",
        "parts-TOTAL_FORMS": "0",
        "parts-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "至少" in page and "管理员改过的标题" in page  # the message, and the typed title kept
    activity.refresh_from_db()
    assert activity.title == "联合主题党日"
    assert [c.slug for c in activity.courts] == ["jinshan", "pinghu"]
