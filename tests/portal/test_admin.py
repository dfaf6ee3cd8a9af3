import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.urls import reverse

from ..factories import CooperationItemFactory

REGISTERED = [(model._meta.app_label, model._meta.model_name) for model in admin.site._registry]


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_every_admin_changelist_and_add_page_loads(client, superuser, app_label, model_name):
    client.force_login(superuser)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": "金山"})
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in (200, 403)


def test_every_domain_model_is_in_admin():
    from django.apps import apps

    for label in ["courts", "portal", "activities", "casegroups"]:
        for model in apps.get_app_config(label).get_models():
            assert model in admin.site._registry, model


def test_admin_is_in_chinese(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert "金平嘉" in page and "合作事项" in page


def test_audit_entries_cannot_be_changed_or_deleted_in_admin(client, superuser):
    item = CooperationItemFactory()
    entry = LogEntry.objects.get_for_object(item).first()
    client.force_login(superuser)
    delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    change = client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"action": 2})
    assert change.status_code in (200, 403)
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.CREATE


def test_role_groups_show_their_chinese_names(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "party_secretary" in page and "党务干部（支部书记）" in page and "培训联络员" in page
