"""The case-study groups' lists, each declared once for its page, phone cards and export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import CaseStudyGroup, StudyCase


def _group_state(group: CaseStudyGroup) -> str:
    if not group.active:
        return str(_("Archived"))
    return str(_("Open to requests") if group.open_to_requests else _("Closed to requests"))


def _group_state_html(group: CaseStudyGroup):
    css = "badge-status-open" if group.active and group.open_to_requests else "badge-muted"
    return badge(css, _group_state(group))


GROUPS = ListSpec(
    Column(
        "name", _("Group name"), attrgetter("name"), link=CaseStudyGroup.get_absolute_url, key=True
    ),
    Column("specialty", _("Specialty"), methodcaller("get_specialty_display"), nowrap=True),
    Column(
        "convenor",
        _("Convenor"),
        lambda g: f"{g.convenor.full_name} · {g.convenor.court.short_name}",
        nowrap=True,
    ),
    Column(
        "courts",
        _("Member courts"),
        lambda g: [c.short_name for c in g.member_courts.all()],
    ),
    Column("members", _("Members"), attrgetter("member_count")),
    Column("cases", _("Cases"), attrgetter("case_count")),
    Column("state", _("State"), _group_state, html=_group_state_html, nowrap=True),
    caption=_("Case-study groups"),
    empty=_("No case-study groups match these filters."),
    filename=_("case-study-groups"),
)


CASES = ListSpec(
    Column(
        "case_number",
        _("Case number"),
        attrgetter("case_number"),
        link=StudyCase.get_absolute_url,
        key=True,
        nowrap=True,
    ),
    Column("cause", _("Cause of action"), attrgetter("cause_of_action")),
    Column("court", _("Court of origin"), attrgetter("court_of_origin.short_name"), nowrap=True),
    Column("submitted_by", _("Submitted by"), attrgetter("submitted_by.full_name"), nowrap=True),
    Column(
        "status",
        _("Status"),
        methodcaller("get_status_display"),
        html=lambda c: badge(f"badge-case-{c.status}", c.get_status_display()),
        nowrap=True,
    ),
    Column("updated", _("Last change"), attrgetter("updated_at"), nowrap=True),
    caption=_("Cases under study"),
    empty=_("No cases yet."),
    filename=_("study-cases"),
)
