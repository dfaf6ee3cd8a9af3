"""The reminder delivery guarantee under a real crash: a sweep in its own process, killed with
SIGKILL mid-run on PostgreSQL, costs at most the one e-mail in flight (README, "Reminders")."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from core import reminders
from core.models import Delivery, Notification, Reminder

from ..factories import ReminderFactory, UserFactory

COUNT = 60


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs a shared PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_mid_run_loses_nothing_and_repeats_at_most_one_email(tmp_path):
    now = timezone.now()
    for n in range(COUNT):
        ReminderFactory(
            recipient=UserFactory(username=f"crash-{n}"),
            due_at=now - datetime.timedelta(minutes=1),
            expires_at=now + datetime.timedelta(days=1),
        )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_BACKEND": "tests.slow_mail.SlowFileBackend",
        "SLOW_MAIL_DIR": str(tmp_path),
    }
    sweep = subprocess.Popen(
        [sys.executable, "manage.py", "send_due_reminders"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("*.eml"))) < 10:
        assert sweep.poll() is None, (sweep.stdout.read(), sweep.stderr.read()[-2000:])
        assert time.monotonic() < deadline, "the sweep sent nothing"
        time.sleep(0.01)
    os.kill(sweep.pid, signal.SIGKILL)
    sweep.wait()
    mailed = len(list(tmp_path.glob("*.eml")))
    sent = Reminder.objects.filter(status="sent").count()
    in_flight = Reminder.objects.filter(status="sending").count()
    assert 0 < sent < COUNT  # killed mid-run
    assert in_flight <= 1  # one message wide
    assert sent <= mailed <= sent + in_flight  # never marked sent before it was handed over
    # The inbox already holds every claimed reminder, once.
    assert Notification.objects.filter(reminder__isnull=False).count() == sent + in_flight
    # The next sweep, once the crashed claim's lease is over, finishes the job.
    Reminder.objects.filter(status="sending").update(
        claimed_at=timezone.now() - reminders.CLAIM_LEASE - datetime.timedelta(seconds=1)
    )
    result = reminders.send_due_reminders()
    assert Reminder.objects.filter(status="sent").count() == COUNT
    assert Notification.objects.filter(reminder__isnull=False).count() == COUNT
    total = mailed + len(mail.outbox)
    assert COUNT <= total <= COUNT + 1  # at most the one message in flight went out twice
    assert result.retried == in_flight
    # The delivery log shows every attempt, the repeat included: the attempt is written before
    # the message is handed over, so the one the crash cut off shows with its outcome unknown.
    attempts = Delivery.objects.filter(channel="email")
    assert total <= attempts.count() <= total + 1
    assert attempts.filter(ok=True).count() == COUNT
    assert attempts.filter(ok__isnull=True).count() == in_flight
    assert Path(tmp_path).exists()
