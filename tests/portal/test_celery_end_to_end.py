"""A real Celery worker with beat, against Redis and the test database, delivers a reminder."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core import reminders
from core.models import Delivery, Notification, Reminder

NEEDS = "a real worker needs PostgreSQL (a test database another process can open) and Redis"


@pytest.mark.skipif(connection.vendor != "postgresql" or not settings.REDIS_URL, reason=NEEDS)
@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_deliver_a_due_reminder(jinshan_secretary, tmp_path):
    from courts.models import CooperationItem

    from ..factories import CooperationItemFactory

    item = CooperationItemFactory(responsible=jinshan_secretary.person)
    now = timezone.now()
    reminders.sync_reminders(
        item,
        [
            reminders.Planned(
                stage="end-to-end",
                recipient=jinshan_secretary,
                due_at=now - datetime.timedelta(minutes=1),
                expires_at=now + datetime.timedelta(hours=1),
                title="端到端提醒",
            )
        ],
    )
    assert CooperationItem.objects.filter(pk=item.pk).exists()

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": settings.REDIS_URL.rsplit("/", 1)[0] + "/14",
        "REMINDER_SWEEP_SECONDS": "2",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    celery = Path(sys.executable).with_name("celery")
    worker = subprocess.Popen(  # noqa: S603
        [
            str(celery),
            "-A",
            "portal",
            "worker",
            "--beat",
            "--concurrency=1",
            "--loglevel=INFO",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        row = Reminder.objects.get(stage="end-to-end")
        while time.monotonic() < deadline and row.status != Reminder.Status.SENT:
            time.sleep(1)
            row.refresh_from_db()
            assert worker.poll() is None, worker.stdout.read().decode(errors="replace")[-3000:]
    finally:
        worker.terminate()
        try:
            output = worker.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert row.status == Reminder.Status.SENT, output[-3000:]
    assert Notification.objects.filter(recipient=jinshan_secretary, title="端到端提醒").count() == 1
    assert Delivery.objects.filter(reminder=row, channel="inbox", ok=True).exists()
