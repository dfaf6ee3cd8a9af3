"""When attendance, completion and certificates may be recorded for a training session
(core.clock): the service refuses outside the window, the attendance page says why."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.clock import Window

from .models import TrainingSession


def window_attendance(session: TrainingSession) -> Window:
    return Window(
        opens=session.start,
        too_early=_("Attendance is recorded once the session has begun, at %(when)s."),
    )


def window_completion(session: TrainingSession) -> Window:
    """Completion (and so a certificate) once the session is over."""
    return Window(
        opens=session.end,
        too_early=_(
            "Completion and certificates are recorded after the session ends, at %(when)s."
        ),
    )
