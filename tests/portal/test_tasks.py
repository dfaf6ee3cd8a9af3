import datetime

from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.utils import timezone

from core import tasks
from core.models import TaskHeartbeat

from ..factories import CooperationItemFactory


def test_heartbeat_task_records_when_beat_last_ran(db):
    tasks.record_heartbeat()
    assert TaskHeartbeat.objects.get(name="beat").last_run <= timezone.now()


def test_purge_keeps_at_least_180_days_of_audit_entries(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # misconfigured: still keeps 180 days
    item = CooperationItemFactory()
    now = timezone.now()
    recent = LogEntry.objects.get_for_object(item).get()
    old = LogEntry.objects.get_for_object(item).get()
    old.pk = None
    old.save()
    LogEntry.objects.filter(pk=old.pk).update(timestamp=now - datetime.timedelta(days=200))
    LogEntry.objects.filter(pk=recent.pk).update(timestamp=now - datetime.timedelta(days=179))
    assert tasks.purge_old_audit_entries() == 1
    assert list(LogEntry.objects.get_for_object(item).values_list("pk", flat=True)) == [recent.pk]


def test_system_check_refuses_a_retention_under_six_months(db, settings):
    settings.AUDIT_RETENTION_DAYS = 90
    try:
        call_command("check")
    except SystemCheckError as error:
        assert "core.E001" in str(error)
    else:
        raise AssertionError("check passed with 90 days of audit retention")


def test_seed_demo_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    try:
        call_command("seed_demo")
    except CommandError as error:
        assert "DEBUG" in str(error)
    else:
        raise AssertionError("seed_demo ran with DEBUG off")
