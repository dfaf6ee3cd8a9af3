"""Thin Celery tasks: each one calls a service."""

from celery import shared_task

from . import notice_mail, reminders, services


@shared_task
def record_heartbeat() -> None:
    services.record_heartbeat(name="beat")


@shared_task
def purge_old_audit_entries() -> int:
    return services.purge_old_audit_entries()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_notice_emails() -> dict:
    """Each person's queued notices as one e-mail (a thin wrapper over the service)."""
    result = notice_mail.send_notice_emails()
    return {"messages": result.messages, "notices": result.notices, "failed": result.failed}


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_due_reminders() -> dict:
    """The beat-scheduled sweep; a thin wrapper over the service (safe to run concurrently)."""
    result = reminders.send_due_reminders()
    return {"sent": result.sent, "missed": result.missed, "withdrawn": result.withdrawn}
