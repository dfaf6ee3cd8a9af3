"""The demo world of ``make run`` and the browser journeys: one function, so that both see the
same data."""

from __future__ import annotations


def seed_all() -> dict[str, int]:
    from activities.demo import seed_activities, seed_series
    from casegroups.demo import seed_casegroups
    from courts.demo import seed_demo
    from publicity.demo import seed_publicity
    from training.demo import seed_training

    counts = seed_demo()
    counts["activities"] = seed_activities()
    counts["series"] = seed_series()
    counts["groups"] = seed_casegroups()
    counts["training sessions"] = seed_training()
    counts["publicity items"] = seed_publicity()
    return counts
