"""Thin Celery tasks of the reports."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def plan_monthly_figures() -> int:
    """Plan each court's e-mail of last month's figures, once a month has ended."""
    return services.plan_monthly_figures()
