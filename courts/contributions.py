"""What the courts app adds to the shell: navigation, an area-page section, waiting items."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import search
from core.registry import (
    NavEntry,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_email_policy,
    register_nav,
    register_search_source,
    register_waiting,
)

from . import selectors
from .figures import Counts, first_per_area, in_year, tally
from .models import CooperationItem, Person
from .permissions import can_read, person_of, write_scope
from .registry import (
    AreaSection,
    Figure,
    ReportSection,
    register_area_section,
    register_figure,
    register_report_section,
)


def _area_items(area: str, user: Any) -> dict | None:

    items = CooperationItem.objects.with_related().filter(area=area).order_by("due_date")[:20]
    return {"rows": items, "more_url": reverse("courts:cooperationitem-list") + f"?area={area}"}


def _my_overdue_items(user: Any) -> list[WaitingItem]:

    person = person_of(user)
    if person is None:
        return []
    return [
        WaitingItem(
            title=item.title,
            url=item.get_absolute_url(),
            detail=str(_("Overdue")) if item.is_overdue else item.get_status_display(),
            when=item.due_date,
        )
        for item in CooperationItem.objects.open()
        .filter(responsible=person)
        .order_by("due_date")[:10]
    ]


# The menu's group of what the courts do and share together (the resource library joins it).
COOPERATION = pgettext_lazy("menu", "Cooperation")  # short: the menu keeps one row


def _reads_email(user: Any) -> bool:
    """A person reads notices by e-mail when their court sends e-mail (its reminder setting),
    read from the database as it is now (not the viewer's cached profile)."""

    return bool(
        Person.objects.filter(user_id=user.pk)
        .values_list("court__email_reminders", flat=True)
        .first()
    )


def _items_due(year: int) -> Any:
    """Cooperation items due in ``year`` that were not dropped."""
    return CooperationItem.objects.filter(in_year("due_date", year, is_date=True)).exclude(
        status=CooperationItem.Status.DROPPED
    )


def _by_lead_court(rows: Any) -> Counts:
    return tally(rows, area="area", courts=("lead_court",), when="due_date")


def _done_counts(year: int, today: datetime.date) -> Counts:
    return _by_lead_court(_items_due(year).filter(status=CooperationItem.Status.DONE))


def _due_counts(year: int, today: datetime.date) -> Counts:
    return _by_lead_court(_items_due(year))


def _overdue_counts(year: int, today: datetime.date) -> Counts:
    """Items due in ``year`` whose date has passed while they are still open (as of today)."""
    return _by_lead_court(_items_due(year).open().filter(due_date__lt=today))


def _items_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"area": area, "due_after": f"{year}-01-01", "due_before": f"{year}-12-31", **narrow}
    if court_id is not None:
        query["lead_court"] = str(court_id)
    return reverse("courts:cooperationitem-list") + "?" + urlencode(query)


def _done_link(year: int, area: str, court_id: int | None) -> str:
    return _items_link(year, area, court_id, status=CooperationItem.Status.DONE)


def _overdue_link(year: int, area: str, court_id: int | None) -> str:
    return _items_link(year, area, court_id, overdue="true")


def _behind_targets(user: Any) -> list[WaitingItem]:
    """This year's counts of the secretary's court (every court's for an administrator) that
    are behind their targets — nothing to count when no target is set."""
    scope = write_scope(user)
    year = timezone.localdate().year
    if scope.empty or not selectors.targets_of(year):
        return []
    court = None if scope.all_courts else selectors.courts_by_id().get(scope.court_id or 0)
    return [
        WaitingItem(
            title=f"{b.court.short_name} · {b.figure.label} · {b.row}",
            url=b.cell.link,
            detail=str(
                _("%(n)s, due by today %(expected)s (target %(target)s)")
                % {"n": b.cell.n, "expected": b.cell.expected, "target": b.cell.target}
            ),
        )
        for b in selectors.behind(selectors.figure_tables(year, court))
    ][:10]


def _report_items(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The cooperation items due in ``year`` (led by ``court_id``) and where each stands."""
    items = CooperationItem.objects.filter(in_year("due_date", year, is_date=True))
    if court_id is not None:
        items = items.filter(lead_court=court_id)
    statuses = dict(CooperationItem.Status.choices)
    rows = first_per_area(items, area="area", order=("due_date", "pk"), n=per_area).values_list(
        "area", "due_date", "title", "lead_court_id", "responsible__full_name", "status"
    )
    overdue = str(_("Overdue"))
    return [
        (
            area,
            (
                due,
                title,
                selectors.court_name(court),
                person,
                str(statuses.get(status, status)),
                overdue if status in ("planned", "in_progress") and due < today else "",
            ),
        )
        for area, due, title, court, person, status in rows
    ]


def _find_items(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        CooperationItem.objects.with_related(),
        q,
        ("title", "description", "progress_note"),
        limit=limit,
        order=("-due_date", "-pk"),
    )
    return total, [
        SearchHit(
            i.title,
            i.get_absolute_url(),
            text=f"{i.description} {i.progress_note}",
            when=i.due_date,
            detail=f"{i.lead_court.short_name} · {i.get_status_display()}",
        )
        for i in rows
    ]


def _find_people(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """People of the directory by name (a joint directory every member of staff reads)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Person.objects.active().with_related(), q, ("full_name",), limit=limit, order=("full_name",)
    )
    return total, [
        SearchHit(
            p.full_name,
            reverse("courts:person-list") + "?" + urlencode({"q": p.full_name}),
            detail=f"{p.court.short_name} · {p.get_position_display()}",
        )
        for p in rows
    ]


def register() -> None:
    register_search_source(
        SearchSource(
            "cooperation",
            _("Cooperation items"),
            _find_items,
            more=lambda q: reverse("courts:cooperationitem-list") + "?" + urlencode({"q": q}),
            order=80,
        )
    )
    register_search_source(
        SearchSource(
            "people",
            _("People"),
            _find_people,
            more=lambda q: reverse("courts:person-list") + "?" + urlencode({"q": q}),
            order=90,
        )
    )
    register_report_section(
        ReportSection(
            "cooperation",
            _("Cooperation items due this year"),
            (
                _("Due date"),
                _("Title"),
                _("Lead court"),
                _("Responsible"),
                _("Status"),
                _("Overdue"),
            ),
            _report_items,
            order=80,
        )
    )
    register_waiting(
        WaitingList(
            key="behind-targets",
            label=_("Behind this year's targets"),
            items=_behind_targets,
            order=45,
            actionable=False,
        )
    )
    register_figure(
        Figure(
            "cooperation-done",
            _("Cooperation items done of those due"),
            _done_counts,
            _done_link,
            order=80,
            of=_due_counts,
        )
    )
    register_figure(
        Figure(
            "cooperation-overdue",
            _("Cooperation items overdue"),
            _overdue_counts,
            _overdue_link,
            order=81,
        )
    )

    register_email_policy(_reads_email)
    register_nav(
        NavEntry(
            "cooperation",
            _("Cooperation items"),
            "courts:cooperationitem-list",
            group=COOPERATION,
            order=38,  # after the trial-quality group, before training (a group's entries adjoin)
        )
    )
    register_nav(NavEntry("people", _("People"), "courts:person-list", order=50))
    register_area_section(
        AreaSection(
            key="cooperation-items",
            label=_("Cooperation items"),
            template="courts/partials/area_items.html",
            context=_area_items,
            order=10,
            shared=True,
        )
    )
    register_waiting(
        WaitingList(
            key="my-cooperation-items",
            label=_("Cooperation items I am responsible for"),
            items=_my_overdue_items,
            order=40,
        )
    )
