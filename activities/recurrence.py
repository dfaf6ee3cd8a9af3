"""The monthly recurrences of exchange meetings, in words and as RFC 5545 RRULEs."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FREQUENCIES = [
    (1, gettext_lazy("Monthly")),
    (2, gettext_lazy("Every two months")),
    (3, gettext_lazy("Quarterly")),
    (6, gettext_lazy("Half-yearly")),
]
ORDINALS = [
    (1, gettext_lazy("first")),
    (2, gettext_lazy("second")),
    (3, gettext_lazy("third")),
    (4, gettext_lazy("fourth")),
    (-1, gettext_lazy("last")),
]
WEEKDAYS = [
    ("MO", gettext_lazy("Monday")),
    ("TU", gettext_lazy("Tuesday")),
    ("WE", gettext_lazy("Wednesday")),
    ("TH", gettext_lazy("Thursday")),
    ("FR", gettext_lazy("Friday")),
]
_PATTERN = re.compile(r"FREQ=MONTHLY;INTERVAL=(\d+);BYDAY=(-?\d)([A-Z]{2})")


def build_rrule(every_months: int, ordinal: int, weekday: str) -> str:
    return f"FREQ=MONTHLY;INTERVAL={every_months};BYDAY={ordinal}{weekday}"


def parse_rrule(rule: str) -> dict | None:
    match = _PATTERN.fullmatch(rule or "")
    if not match:
        return None
    return {"every_months": int(match[1]), "ordinal": int(match[2]), "weekday": match[3]}


def describe(rule: str) -> str:
    """'Quarterly, second Tuesday' for the rules the form builds; the rule itself otherwise."""
    parsed = parse_rrule(rule)
    if not parsed:
        return rule
    labels = (
        dict(FREQUENCIES).get(parsed["every_months"]),
        dict(ORDINALS).get(parsed["ordinal"]),
        dict(WEEKDAYS).get(parsed["weekday"]),
    )
    if None in labels:
        return rule
    return _("%(every)s, the %(ordinal)s %(weekday)s") % dict(
        zip(("every", "ordinal", "weekday"), labels, strict=True)
    )
