"""The courts app's lists, each declared once for its page, its phone cards and its export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, Piece, badge, display_pieces, phone_pieces

from .models import CooperationItem


def _due_html(item: CooperationItem) -> list[Piece]:
    pieces = display_pieces(item.due_date)
    if item.is_overdue:
        pieces += [Piece(" "), badge("badge-overdue", _("overdue"))]
    return pieces


PEOPLE = ListSpec(
    Column("name", _("Name"), attrgetter("full_name"), key=True),
    Column(
        "court",
        _("Court"),
        attrgetter("court.short_name"),
        link=lambda p: p.court.get_absolute_url(),
        nowrap=True,
    ),
    Column("branch", _("Party branch"), lambda p: p.branch.name if p.branch else None),
    Column("position", _("Position"), methodcaller("get_position_display"), nowrap=True),
    Column("party_member", _("Party member"), attrgetter("is_party_member")),
    Column(
        "phone",
        _("Office phone"),
        attrgetter("phone"),
        html=lambda p: phone_pieces(p.phone),
        nowrap=True,
    ),
    caption=_("People directory"),
    empty=_("Nobody matches these filters."),
    filename=_("people"),
)


COOPERATION_ITEMS = ListSpec(
    Column(
        "title", _("Title"), attrgetter("title"), link=CooperationItem.get_absolute_url, key=True
    ),
    Column("area", _("Area"), methodcaller("get_area_display")),
    Column("lead_court", _("Lead court"), attrgetter("lead_court.short_name"), nowrap=True),
    Column("responsible", _("Responsible leader"), attrgetter("responsible.full_name")),
    Column("due_date", _("Due date"), attrgetter("due_date"), html=_due_html, nowrap=True),
    Column(
        "status",
        _("Status"),
        methodcaller("get_status_display"),
        html=lambda i: badge(f"badge-status-{i.status}", i.get_status_display()),
    ),
    caption=_("Cooperation items"),
    empty=_("No cooperation items match."),
    filename=_("cooperation-items"),
)
