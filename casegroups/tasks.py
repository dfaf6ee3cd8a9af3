"""Thin Celery tasks over the case-study groups' services."""

from celery import shared_task

from . import similar


@shared_task
def index_case(case_id: int) -> int:
    """Re-index one case for the similar-case lookup (queued after its text is saved)."""
    return similar.index_case(case_id)


@shared_task
def reindex_stale_cases() -> int:
    """The safety net: index what a lost message or a bulk load left unindexed."""
    ids = similar.stale_cases()
    for case_id in ids:
        similar.index_case(case_id)
    return len(ids)
