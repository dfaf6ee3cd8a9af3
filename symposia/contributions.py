"""What the symposia add to the shell: their entry in the trial-quality menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.registry import NavEntry, register_nav

# The same label as the case-study groups' entries: one dropdown for the area.
TRIAL_QUALITY = _("Trial quality")


def register() -> None:
    register_nav(
        NavEntry(
            "symposia",
            _("Academic symposia"),
            "symposia:symposium-list",
            group=TRIAL_QUALITY,
            order=36,
        )
    )
