"""The rhythm of 三会一课 per Party branch, as the branch work rules set it: the branch committee
(支部委员会) and the Party groups (党小组会) meet every month, the general meeting of members
(支部党员大会) and the Party lesson (党课) are held every quarter.

A branch *held* a meeting of a kind when a held or completed joint activity of that kind had its
members signed in (the portal records who came, not which branch convened: a joint meeting of two
courts' branches counts for both). A branch is *behind* when a whole period — the last month, the
last quarter — has passed without one; it became due at the end of the first period without one
after the last it held (or, never having held one, at the end of the last period)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import reminders
from courts.models import PartyBranch
from courts.selectors import secretaries

from .models import Attendance, BranchBehind
from .models.rhythm import BEATS, CAME, HELD, Beat, add_months, period_start


@dataclass(frozen=True)
class Lapse:
    """A branch behind its rhythm for one kind of meeting."""

    branch: PartyBranch
    beat: Beat
    last: datetime.date | None  # the last it held
    due: datetime.date  # the day it became due


def last_held(branches: Iterable[PartyBranch]) -> dict[tuple[int, str], datetime.date]:
    """The last day each branch held each kind of 三会一课: one aggregate query."""
    kinds = {kind: beat.key for beat in BEATS for kind in beat.kinds}
    rows = (
        Attendance.objects.filter(
            person__branch__in=[b.pk for b in branches],
            status__in=CAME,
            activity__status__in=HELD,
            activity__kind__in=list(kinds),
        )
        .values_list("person__branch", "activity__kind")
        .annotate(last=Max("activity__start"))
    )
    found: dict[tuple[int, str], datetime.date] = {}
    for branch_id, kind, last in rows:
        key = (branch_id, kinds[kind])
        day = timezone.localdate(last) if isinstance(last, datetime.datetime) else last
        found[key] = max(found.get(key, day), day)
    return found


def lapses(branches: Iterable[PartyBranch], today: datetime.date) -> list[Lapse]:
    """Every branch of ``branches`` behind its rhythm on ``today``, the longest due first."""
    branches = list(branches)
    held = last_held(branches)
    found = []
    for branch in branches:
        for beat in BEATS:
            current = period_start(today, beat.months)
            previous = add_months(current, -beat.months)
            last = held.get((branch.pk, beat.key))
            if last is not None and last >= previous:
                continue  # held in the last period or this one
            first_missed = (
                add_months(period_start(last, beat.months), beat.months) if last else previous
            )
            due = add_months(first_missed, beat.months) - datetime.timedelta(days=1)
            found.append(Lapse(branch, beat, last, due))
    return sorted(found, key=lambda lapse: (lapse.due, lapse.branch.name, lapse.beat.key))


STAGE = "branch_secretaries+0d"
KEEP_TRYING = datetime.timedelta(days=14)


def plan_rhythm_reminders(now: datetime.datetime | None = None) -> int:
    """Remind each court's secretaries of its branches behind their rhythm: once per branch,
    kind and due date (``BranchBehind``), through the reminder sweep — an inbox notice, and an
    e-mail where the court uses it — withdrawn if the branch holds the meeting first. Safe to run
    any number of times (hourly by beat). Returns how many lapses were planned now."""
    now = now or timezone.now()
    planned = 0
    branches = PartyBranch.objects.select_related("court")
    for lapse in lapses(branches, timezone.localdate(now)):
        with transaction.atomic():
            row, created = BranchBehind.objects.get_or_create(
                branch=lapse.branch, beat=lapse.beat.key, due_on=lapse.due
            )
            if not created:
                continue
            reminders.sync_reminders(row, _plan(row, lapse, now))
            planned += 1
    return planned


def _plan(row: BranchBehind, lapse: Lapse, now: datetime.datetime) -> list[reminders.Planned]:
    def title() -> str:
        return _("%(branch)s: no %(kind)s since %(date)s") % {
            "branch": lapse.branch.name,
            "kind": lapse.beat.label,
            "date": formats.date_format(lapse.due, "DATE_FORMAT"),
        }

    def body() -> str:
        if lapse.last is None:
            return _("The branch has held none in the portal yet.")
        return _("The last was held on %(date)s.") % {
            "date": formats.date_format(lapse.last, "DATE_FORMAT")
        }

    return [
        reminders.Planned(
            stage=STAGE,
            recipient=person.user,
            due_at=now,
            expires_at=now + KEEP_TRYING,
            title=title,
            body=body,
            link=row.get_absolute_url(),
        )
        for person in secretaries([lapse.branch.court_id])
    ]
