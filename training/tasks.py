"""Thin Celery tasks of the training programme."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def release_due_quotas() -> int:
    """Release the courts' unused seats of every session whose release time has come."""
    return services.release_due_quotas()
