"""Who may do what to symposia and papers: joint records every member of staff reads; the host
court's secretaries (and administrators) keep them."""

from __future__ import annotations

from core.types import Viewer
from courts.permissions import can_act_for_court, can_change, can_read

from .models import Paper, Symposium


def can_read_symposium(user: Viewer, symposium: Symposium) -> bool:
    """Symposia and their papers are joint records every member of staff reads."""
    return can_read(user)


def can_read_paper(user: Viewer, paper: Paper) -> bool:
    return can_read(user)


def can_create_symposium(user: Viewer) -> bool:
    """Administrators and the courts' Party secretaries (for their own court as host)."""
    return can_act_for_court(user, None)


def can_edit_symposium(user: Viewer, symposium: Symposium) -> bool:
    """The host court's Party secretaries and administrators keep a symposium and its papers."""
    return can_change(user, symposium)
