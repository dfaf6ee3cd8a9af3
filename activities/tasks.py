"""Thin Celery tasks over the activities services."""

from celery import shared_task

from . import rhythm, series


@shared_task
def extend_meeting_series() -> int:
    """Create the occurrences of every active series' rolling horizon."""
    return series.extend_all_series()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def plan_rhythm_reminders() -> int:
    """Remind the courts' secretaries of their branches behind the rhythm of 三会一课."""
    return rhythm.plan_rhythm_reminders()
