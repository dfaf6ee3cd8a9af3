"""China's statutory holidays and adjusted working days (调休), from the ``chinese-calendar``
package, which ships the State Council's yearly schedule. A year the package does not know yet
(the schedule is published each November or December) is *unknown*: callers say so instead of
guessing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import chinese_calendar
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NAMES: dict[str, Promise] = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Victory Day (70th anniversary)"),
}


@dataclass(frozen=True)
class Day:
    date: datetime.date
    known: bool  # False: the holiday schedule of this year is not published (in the package) yet
    workday: bool  # a working day: Monday to Friday unless a holiday, or an adjusted working day
    holiday: str = ""  # the statutory holiday's name, in the active language

    @property
    def is_statutory_holiday(self) -> bool:
        return bool(self.holiday)


def day(date: datetime.date) -> Day:
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(date)
    except NotImplementedError:
        return Day(date, known=False, workday=date.weekday() < 5)
    label = str(NAMES.get(name, name)) if (is_holiday and name) else ""
    return Day(date, known=True, workday=not is_holiday, holiday=label)


def known_years() -> range:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


def previous_workday(date: datetime.date) -> datetime.date:
    """The working day before ``date`` (a known year's holidays and 调休 considered; in an
    unknown year, plain weekdays)."""
    candidate = date - datetime.timedelta(days=1)
    while not day(candidate).workday:
        candidate -= datetime.timedelta(days=1)
    return candidate


def next_workday(date: datetime.date) -> datetime.date:
    candidate = date + datetime.timedelta(days=1)
    while not day(candidate).workday:
        candidate += datetime.timedelta(days=1)
    return candidate


def working_day(date: datetime.date, *, forward: bool = True) -> datetime.date:
    """``date`` when it is a working day, else the next (or, ``forward=False``, the previous)
    one: weekends and statutory holidays skipped, 调休 working days kept."""
    if day(date).workday:
        return date
    return next_workday(date) if forward else previous_workday(date)


def warning_for(date: datetime.date) -> str:
    """What a form says about a chosen date: a statutory holiday, or a year not known yet."""
    from django.utils import formats
    from django.utils.translation import gettext

    info = day(date)
    if not info.known:
        return gettext(
            "The statutory holidays of %(year)d are not published yet; check the date again "
            "once they are."
        ) % {"year": date.year}
    if info.is_statutory_holiday:
        return gettext("%(date)s is a statutory holiday (%(holiday)s).") % {
            "date": formats.date_format(date, "DATE_FORMAT"),
            "holiday": info.holiday,
        }
    return ""
