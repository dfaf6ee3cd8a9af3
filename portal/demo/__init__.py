"""The demo world of ``make run`` and the browser journeys: one function, so that both see the
same data. Each feature app's part is a module here (the shell's, never the app's runtime
code); the benchmark's volume is seeded by ``bench/seed/``."""

from __future__ import annotations

from .activities import seed_activities, seed_series
from .casegroups import seed_casegroups
from .courts import seed_demo
from .library import seed_library
from .publicity import seed_publicity
from .symposia import seed_symposia
from .training import seed_training


def seed_all() -> dict[str, int]:

    counts = seed_demo()
    counts["activities"] = seed_activities()
    counts["series"] = seed_series()
    counts["groups"] = seed_casegroups()
    counts["symposia"] = seed_symposia()
    counts["training sessions"] = seed_training()
    counts["publicity items"] = seed_publicity()
    counts["shared resources"] = seed_library()
    return counts
