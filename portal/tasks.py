"""Thin Celery tasks: each one calls a service."""

from celery import shared_task

from . import services


@shared_task
def record_heartbeat() -> None:
    services.record_heartbeat(name="beat")


@shared_task
def purge_old_audit_entries() -> int:
    return services.purge_old_audit_entries()
