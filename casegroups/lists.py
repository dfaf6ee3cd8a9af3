"""The case-study groups' lists, each declared once for its page, phone cards and export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import CaseStudyGroup, StudyCase, StudySession


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


def _group_column(path: str) -> Column:
    return Column(
        "group",
        _("Group"),
        attrgetter(f"{path}.name"),
        link=lambda row: attrgetter(path)(row).get_absolute_url(),
    )


# Every group's cases (the dashboard's cases concluded link here): a group's list with its group.
ALL_CASES = ListSpec(
    *CASES.columns[:1],
    _group_column("group"),
    *CASES.columns[1:-1],
    Column("concluded", _("Concluded at"), attrgetter("concluded_at"), nowrap=True),
    caption=_("Cases under study"),
    empty=_("No cases match these filters."),
    filename=_("study-cases"),
)


def _session_state(session: StudySession) -> str:
    if session.cancelled:
        return str(_("Cancelled"))
    return str(_("Held") if session.end <= timezone.now() else _("Coming"))


def _session_state_html(session: StudySession):
    return badge(
        "badge-muted" if session.cancelled else "badge-status-open", _session_state(session)
    )


STUDY_SESSIONS = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=StudySession.get_absolute_url, key=True),
    _group_column("group"),
    Column("start", _("Start"), attrgetter("start"), nowrap=True),
    Column("place", _("Place"), attrgetter("place")),
    Column("state", _("State"), _session_state, html=_session_state_html, nowrap=True),
    caption=_("Study sessions"),
    empty=_("No study sessions match these filters."),
    filename=_("study-sessions"),
)
