"""Thin Celery tasks over the activities services."""

from celery import shared_task

from . import series


@shared_task
def extend_meeting_series() -> int:
    """Create the occurrences of every active series' rolling horizon."""
    return series.extend_all_series()
