"""Validators shared by the apps' models and forms."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100


@deconstructible
class PortalYears:
    """A date (or date and time) between 2000 and 2100: the years the portal plans for. Years
    such as 1 or 9999 parse as dates but overflow when a reminder is planned a day before or a
    series repeats after; refused here with a message instead."""

    message = _("Choose a date between %(first)d and %(last)d.")

    def __call__(self, value: datetime.date | None) -> None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                self.message,
                code="year",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PortalYears)

    def __hash__(self) -> int:
        return hash(PortalYears)


portal_years = PortalYears()
