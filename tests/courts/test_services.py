import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from courts import services
from courts.choices import Area
from courts.models import CooperationItem

from ..factories import CooperationItemFactory, PersonFactory, court


def test_secretary_creates_an_item_of_own_court_and_the_audit_names_them(jinshan_secretary):
    item = services.create_cooperation_item(
        by=jinshan_secretary,
        title="联合主题党日",
        area=Area.PARTY_EXCHANGE,
        lead_court=court("jinshan"),
        responsible=jinshan_secretary.person,
        due_date=datetime.date(2030, 7, 1),
    )
    entry = LogEntry.objects.get_for_object(item).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == jinshan_secretary


def test_secretary_may_not_create_for_another_court(pinghu_secretary):
    responsible = PersonFactory(court=court("jinshan"))
    with pytest.raises(PermissionDenied):
        services.create_cooperation_item(
            by=pinghu_secretary,
            title="x",
            area=Area.CULTURE,
            lead_court=court("jinshan"),
            responsible=responsible,
            due_date=datetime.date(2030, 1, 1),
        )
    assert CooperationItem.objects.count() == 0


def test_responsible_leader_must_work_at_lead_court(jinshan_secretary):
    outsider = PersonFactory(court=court("pinghu"))
    with pytest.raises(ValidationError) as error:
        services.create_cooperation_item(
            by=jinshan_secretary,
            title="x",
            area=Area.CULTURE,
            lead_court=court("jinshan"),
            responsible=outsider,
            due_date=datetime.date(2030, 1, 1),
        )
    assert "responsible" in error.value.message_dict
    assert CooperationItem.objects.count() == 0


def test_update_records_what_changed(jinshan_secretary):
    item = CooperationItemFactory(lead_court=court("jinshan"))
    services.update_cooperation_item(
        item=item, by=jinshan_secretary, status=CooperationItem.Status.DONE
    )
    item.refresh_from_db()
    assert item.status == CooperationItem.Status.DONE
    update = LogEntry.objects.get_for_object(item).filter(action=LogEntry.Action.UPDATE).get()
    assert update.changes_dict["status"] == ["planned", "done"]
    assert update.actor == jinshan_secretary


def test_other_court_secretary_cannot_update(pinghu_secretary):
    item = CooperationItemFactory(lead_court=court("jinshan"), title="原标题")
    with pytest.raises(PermissionDenied):
        services.update_cooperation_item(item=item, by=pinghu_secretary, title="改了")
    item.refresh_from_db()
    assert item.title == "原标题"
