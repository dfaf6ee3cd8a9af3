"""The status machine of cooperation items (具体合作事项). Every status change goes through
``core.workflow.transition`` with this map; the edit form offers only the moves it allows."""

from __future__ import annotations

from core.workflow import Workflow

from .models import CooperationItem
from .permissions import can_edit_cooperation_item

C = CooperationItem.Status
COOPERATION = Workflow(
    model=CooperationItem,
    field="status",
    note="a done item may be taken up again, a dropped one planned again",
    transitions={
        C.PLANNED: {
            C.IN_PROGRESS: can_edit_cooperation_item,
            C.DONE: can_edit_cooperation_item,
            C.DROPPED: can_edit_cooperation_item,
        },
        C.IN_PROGRESS: {
            C.PLANNED: can_edit_cooperation_item,
            C.DONE: can_edit_cooperation_item,
            C.DROPPED: can_edit_cooperation_item,
        },
        C.DONE: {C.IN_PROGRESS: can_edit_cooperation_item},
        C.DROPPED: {C.PLANNED: can_edit_cooperation_item},
    },
)
