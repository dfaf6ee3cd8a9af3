"""Reminders under real faults, counted per reminder: a real SMTP server on loopback that
refuses connections and then accepts (aiosmtpd), and a real Celery worker whose Redis is stopped
and started again. 0 reminders lost, none sent twice; the worker is still there after the
outage and delivers what fell due meanwhile. The portal says when reminders stopped (/healthz,
the admin's index, the home page of an administrator)."""

from __future__ import annotations

import collections
import datetime
import os
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import reminders
from core.models import Delivery, Reminder, TaskHeartbeat

from ..factories import ReminderFactory, UserFactory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server accepted, by reminder title."""

    def __init__(self) -> None:
        self.titles: collections.Counter[str] = collections.Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.content)
        from email.header import decode_header, make_header

        self.titles[str(make_header(decode_header(message["Subject"])))] += 1
        return "250 OK"


@pytest.mark.django_db
def test_a_mail_server_refusing_then_accepting_loses_no_reminder_and_sends_each_once(settings):
    from aiosmtpd.controller import Controller

    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    now = timezone.now()
    rows = [
        ReminderFactory(
            recipient=UserFactory(email=f"judge{i}@example.cn"),
            title=f"交流会提醒 {i:02d}",
            due_at=now - datetime.timedelta(minutes=1),
            expires_at=now + datetime.timedelta(hours=3),
        )
        for i in range(24)
    ]
    # Nothing listens on the port: every connection is refused.
    first = reminders.send_due_reminders(now=now)
    assert (first.sent, first.failed) == (0, 24)
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.RETRY}

    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        clock = now
        for _ in range(10):  # sweeps a minute apart, as beat runs them
            clock += datetime.timedelta(minutes=1)
            reminders.send_due_reminders(now=clock)
            if not Reminder.objects.exclude(status=Reminder.Status.SENT).exists():
                break
    finally:
        server.stop()

    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert inbox.titles == {f"[金平嘉] {row.title}": 1 for row in rows}  # 0 lost, 0 twice
    for row in rows:  # each attempt logged: one refusal, then the success
        log = list(Delivery.objects.filter(reminder=row, channel="email").values_list("ok"))
        assert log == [(False,), (True,)]


NEEDS = "a real worker needs PostgreSQL, Redis's server binary and a database another process opens"


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not Path("/usr/bin/redis-server").exists(),
    reason=NEEDS,
)
@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_its_redis_going_away_and_delivers_what_fell_due(tmp_path):
    port = _free_port()

    def start_redis() -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            ["/usr/bin/redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return process
            except OSError:
                time.sleep(0.1)
        raise AssertionError("redis-server did not start")

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "REDIS_URL": f"redis://127.0.0.1:{port}/1",
        "REMINDER_SWEEP_SECONDS": "2",
        "PORTAL_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    redis = start_redis()
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
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=open(tmp_path / "worker.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )

    def delivered(row: Reminder, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            row.refresh_from_db()
            if row.status == Reminder.Status.SENT:
                return True
            time.sleep(0.5)
        return False

    def due_now(title: str) -> Reminder:
        now = timezone.now()
        return ReminderFactory(
            recipient=UserFactory(),
            title=title,
            due_at=now - datetime.timedelta(seconds=1),
            expires_at=now + datetime.timedelta(hours=1),
        )

    try:
        assert delivered(due_now("停机前的提醒"), 90), (tmp_path / "worker.log").read_text()
        redis.kill()
        redis.wait()
        during = due_now("停机期间到期的提醒")
        time.sleep(45)  # the worker loses its broker and keeps trying (45 s: as measured)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        redis = start_redis()
        assert delivered(during, 120), (tmp_path / "worker.log").read_text()
        assert worker.poll() is None
        assert Delivery.objects.filter(reminder=during, ok=True).count() >= 1
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        redis.kill()


@pytest.mark.django_db
def test_healthz_and_the_admin_say_when_reminders_stopped(client, portal_admin, superuser):
    assert client.get("/healthz").json()["reminders"] == "never ran"
    TaskHeartbeat.objects.create(name="beat", last_run=timezone.now())
    assert client.get("/healthz").json() == {
        "status": "ok",
        "reminders": "running",
        "reminders_last_run": TaskHeartbeat.objects.get().last_run.isoformat(),
    }
    TaskHeartbeat.objects.update(last_run=timezone.now() - datetime.timedelta(minutes=10))
    health = client.get("/healthz")
    assert health.status_code == 200  # the web stays in service
    assert health.json()["status"] == "degraded" and health.json()["reminders"] == "stopped"
    client.force_login(portal_admin)
    assert "提醒已于" in client.get(reverse("home")).content.decode()
    client.force_login(superuser)
    assert "提醒已于" in client.get(reverse("admin:index")).content.decode()
    TaskHeartbeat.objects.update(last_run=timezone.now())
    assert "提醒已于" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_check_reminders_exits_1_when_stopped(capsys):
    from django.core.management import call_command

    TaskHeartbeat.objects.create(name="beat", last_run=timezone.now())
    call_command("check_reminders")
    assert "running" in capsys.readouterr().out
    TaskHeartbeat.objects.update(last_run=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(SystemExit) as stopped:
        call_command("check_reminders")
    assert stopped.value.code == 1
