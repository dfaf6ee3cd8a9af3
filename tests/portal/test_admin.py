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


# --- Every admin write goes through a service, or is refused ------------------------------------


def _kind(model_admin) -> str:
    from auditlog.admin import LogEntryAdmin

    from core.admin import RecordAdmin, ReferenceAdmin, ServiceAdminMixin, TechnicalMixin

    kinds = [
        name
        for name, cls in [
            ("technical", TechnicalMixin),
            ("service", ServiceAdminMixin),
            ("record", RecordAdmin),
            ("reference", ReferenceAdmin),
            ("audit", LogEntryAdmin),
        ]
        if isinstance(model_admin, cls)
    ]
    return kinds[0] if kinds else "none"


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_each_admin_is_one_of_the_four_kinds_and_acts_as_it_for_a_court_administrator(
    rf, portal_admin, superuser, app_label, model_name
):
    from django.apps import apps

    model = apps.get_model(app_label, model_name)
    model_admin = admin.site._registry[model]
    kind = _kind(model_admin)
    assert kind != "none", f"{model_admin} is none of the kinds in core/admin.py"
    request = rf.get("/")
    request.user = portal_admin
    if kind == "technical":
        assert not model_admin.has_module_permission(request)
        assert not model_admin.has_view_permission(request)
        request.user = superuser
        assert model_admin.has_module_permission(request)
    elif kind in {"record", "audit"}:
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_delete_permission(request)
    elif kind == "reference":
        assert not model_admin.has_delete_permission(request)
    elif kind == "service" and model_admin.delete_with_service is None:
        assert not model_admin.has_delete_permission(request)  # no service names the delete


def test_a_court_administrator_cannot_delete_an_activity_or_final_minutes_in_admin(
    client, portal_admin
):
    from activities.models import Activity

    from ..factories import ActivityFactory

    activity = ActivityFactory()
    client.force_login(portal_admin)
    url = reverse("admin:activities_activity_delete", args=[activity.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert Activity.objects.filter(pk=activity.pk).exists()
    for name in ["minutesversion", "attendance", "attachment"]:
        assert client.get(reverse(f"admin:activities_{name}_add")).status_code == 403


def test_technical_models_are_hidden_from_court_administrators_not_from_superusers(
    client, portal_admin, superuser
):
    client.force_login(portal_admin)
    index = client.get(reverse("admin:index")).content.decode()
    for label in ["周期任务", "Periodic tasks", "/admin/core/delivery/", "/admin/casegroups/term/"]:
        assert label not in index
    for url in [
        "admin:django_celery_beat_periodictask_changelist",
        "admin:core_delivery_changelist",
        "admin:core_taskheartbeat_changelist",
        "admin:casegroups_caseterm_changelist",
    ]:
        assert client.get(reverse(url)).status_code == 403
    assert "/admin/activities/activity/" in index  # what they do administer stays
    client.force_login(superuser)
    assert (
        client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200
    )
    assert client.get(reverse("admin:core_delivery_changelist")).status_code == 200
