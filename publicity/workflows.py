"""The status machine of publicity items: draft → review → published (or returned), withdrawn
and published again. Every status change goes through ``core.workflow.transition``."""

from __future__ import annotations

from core.workflow import Workflow

from . import permissions
from .models import PublicityItem

Status = PublicityItem.Status

ITEMS = Workflow(
    model=PublicityItem,
    note="published only after review; a withdrawn item may be published again",
    field="status",
    transitions={
        Status.DRAFT: {Status.IN_REVIEW: permissions.can_submit_item},
        Status.RETURNED: {Status.IN_REVIEW: permissions.can_submit_item},
        Status.WITHDRAWN: {
            Status.IN_REVIEW: permissions.can_submit_item,
            Status.PUBLISHED: permissions.can_republish_item,
        },
        Status.IN_REVIEW: {
            Status.PUBLISHED: permissions.can_publish_item,
            Status.RETURNED: permissions.can_review_item,
        },
        Status.PUBLISHED: {Status.WITHDRAWN: permissions.can_withdraw_item},
    },
)
