"""Every status change goes through one declared machine per model (``<app>/workflows.py``):
the README's diagrams are printed from the maps, no module writes a status by hand, and the
machines refuse what they do not allow — with nothing changed."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from activities import services
from activities.models import Activity, Attendance
from core.management.commands.workflows import readme_copy
from core.workflow import Workflow, machines, readme_section, transition, transition_rows
from courts.models import CooperationItem
from training.models import Enrolment
from training.workflows import ENROLMENT

from .factories import CooperationItemFactory, EnrolmentFactory, make_activity

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "courts", "activities", "casegroups", "symposia", "training", "publicity", "portal"]
# A field with choices that records a status without being one to move: the status the
# minutes had when a version was kept.
SNAPSHOTS = {("activities.MinutesVersion", "status")}


def test_the_readmes_diagrams_are_the_ones_the_code_declares():
    assert readme_copy((ROOT / "README.md").read_text()) == readme_section()


def test_every_status_field_has_its_machine():
    declared = {(w.model._meta.label, w.field) for w in machines()}
    fields = {
        (model._meta.label, field.name)
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField)
        and field.choices
        and (field.name == "status" or field.name.endswith("_status") or field.name == "leave")
    }
    assert fields - SNAPSHOTS == declared
    assert len(declared) == 11


# A status written by hand: an assignment to a status attribute, or a bulk UPDATE of one.
HAND_WRITTEN = re.compile(
    r"\.(status|minutes_status|leave)\s*=[^=]|\.update\([^)]*\b(status|minutes_status|leave)="
)


def test_no_module_writes_a_status_by_hand():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            # the demo world is built as it stands, not lived through (portal/demo/)
            if path.name == "workflows.py" or {"migrations", "demo"} & set(path.parts):
                continue
            text = path.read_text()
            offenders += [
                f"{path.relative_to(ROOT)}: {m.group(0)}" for m in HAND_WRITTEN.finditer(text)
            ]
    assert offenders == []


def test_the_scan_finds_a_status_written_by_hand():
    assert HAND_WRITTEN.search("    activity.status = Activity.Status.CANCELLED")
    assert HAND_WRITTEN.search("rows.filter(x=1).update(status='cancelled')")
    assert not HAND_WRITTEN.search("if activity.status == 'held':")


def test_a_map_naming_a_status_the_model_lacks_is_refused():
    with pytest.raises(ValueError, match="held_over"):
        Workflow(model=Activity, field="status", transitions={"planned": {"held_over": bool}})


@pytest.mark.django_db
def test_a_move_the_map_lacks_is_refused_by_name_and_changes_nothing(jinshan_secretary):
    activity = make_activity(by=jinshan_secretary)
    services.cancel_activity(activity=activity, by=jinshan_secretary, reason="台风")
    from activities.workflows import ACTIVITY

    activity.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        transition(activity, Activity.Status.HELD, by=jinshan_secretary, workflow=ACTIVITY)
    assert refused.value.messages == ["“已取消”不能变为“已举行”。"]
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED


@pytest.mark.django_db
def test_a_move_only_the_portal_makes_is_refused_to_a_person(portal_admin):
    enrolment = EnrolmentFactory(status=Enrolment.Status.WAITLISTED)
    with pytest.raises(PermissionDenied):
        transition(enrolment, Enrolment.Status.ENROLLED, by=portal_admin, workflow=ENROLMENT)
    transition(enrolment, Enrolment.Status.ENROLLED, by=None, workflow=ENROLMENT)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


@pytest.mark.django_db
def test_moving_many_moves_only_the_rows_that_may_and_audits_each(
    jinshan_secretary, pinghu_secretary
):
    from activities.workflows import ATTENDANCE

    from .factories import PersonFactory, court

    start = timezone.now() - datetime.timedelta(minutes=10)
    activity = make_activity(by=jinshan_secretary, start=start)
    people = [PersonFactory(court=court("pinghu")) for _ in range(3)]
    services.invite(activity=activity, by=jinshan_secretary, people=people)
    rows = list(activity.attendances.order_by("pk"))
    services.sign_in_for(attendance=rows[0], by=pinghu_secretary, reason="代签")
    before = LogEntry.objects.count()
    moved = transition_rows(
        activity.attendances.all(),
        Attendance.Status.ABSENT,
        by=jinshan_secretary,
        workflow=ATTENDANCE,
    )
    assert moved == 2  # the one signed in stays signed in
    statuses = list(activity.attendances.order_by("pk").values_list("status", flat=True))
    assert statuses == ["signed_in", "absent", "absent"]
    assert LogEntry.objects.count() - before == 2


@pytest.mark.django_db
def test_signing_someone_in_twice_is_refused_and_keeps_the_first(
    jinshan_secretary, pinghu_secretary
):
    from .factories import PersonFactory, court

    start = timezone.now() - datetime.timedelta(minutes=10)
    activity = make_activity(by=jinshan_secretary, start=start)
    person = PersonFactory(court=court("pinghu"), full_name="徐党员")
    services.invite(activity=activity, by=jinshan_secretary, people=[person])
    attendance = activity.attendances.get()
    services.sign_in_for(attendance=attendance, by=pinghu_secretary, reason="代签")
    with pytest.raises(ValidationError) as refused:
        services.sign_in_for(attendance=attendance, by=pinghu_secretary, late=True, reason="补签")
    assert refused.value.messages == ["徐党员已签到。"]
    attendance.refresh_from_db()
    assert (attendance.status, attendance.sign_in_reason) == ("signed_in", "代签")


@pytest.mark.django_db
def test_leave_is_not_approved_for_someone_who_came_after_all(jinshan_secretary, pinghu_secretary):
    from .factories import PersonFactory, court

    person = PersonFactory(court=court("pinghu"))
    activity = make_activity(by=jinshan_secretary)
    services.invite(activity=activity, by=jinshan_secretary, people=[person])
    services.request_leave(activity=activity, by=person.user, reason="出差")
    attendance = activity.attendances.get()
    Activity.objects.filter(pk=activity.pk).update(
        start=timezone.now() - datetime.timedelta(minutes=5)
    )
    attendance.refresh_from_db()
    services.sign_in_for(attendance=attendance, by=pinghu_secretary, reason="提前返回")
    with pytest.raises(ValidationError) as refused:
        services.decide_leave(attendance=attendance, by=pinghu_secretary, approve=True)
    assert refused.value.messages == ["“已签到”不能变为“请假”。"]
    attendance.refresh_from_db()
    assert (attendance.status, attendance.leave) == ("signed_in", "requested")


@pytest.mark.django_db
def test_the_cooperation_form_offers_only_the_moves_the_machine_allows(secretary_client):
    item = CooperationItemFactory(status=CooperationItem.Status.DONE)
    page = secretary_client.get(f"/cooperation/{item.pk}/edit/")
    options = re.findall(r'<option value="(\w+)"[^>]*>', page.content.decode())
    assert {"done", "in_progress"} <= set(options)
    assert "planned" not in options and "dropped" not in options
    posted = {
        "title": item.title,
        "area": item.area,
        "lead_court": item.lead_court_id,
        "responsible": item.responsible_id,
        "due_date": item.due_date.isoformat(),
        "status": "planned",
        "progress_note": "重新开始",
    }
    answer = secretary_client.post(f"/cooperation/{item.pk}/edit/", posted)
    assert answer.status_code == 200  # the form again, with what was typed
    assert "重新开始" in answer.content.decode()
    item.refresh_from_db()
    assert (item.status, item.progress_note) == ("done", "")
