"""When a study session's attendance and minutes may be recorded (core.clock)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.clock import Window

from .models import StudySession


def window_record_session(session: StudySession) -> Window:
    return Window(
        opens=session.start,
        too_early=_("Attendance is recorded once the session has begun, at %(when)s."),
    )
