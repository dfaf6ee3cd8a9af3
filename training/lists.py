"""The training programme's lists, each declared once for its page, phone cards and export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, badge

from .models import Enrolment, Programme, TrainingSession


def _status_badge(session: TrainingSession):
    return badge(f"badge-training-{session.state}", session.get_state_display())


def _seats_html(session: TrainingSession):
    left = session.seats_left()
    css = "badge-muted" if not left else "badge-status-open"
    return badge(css, _("%(left)d of %(seats)d left") % {"left": left or 0, "seats": session.seats})


SESSIONS = ListSpec(
    Column(
        "title", _("Title"), attrgetter("title"), link=TrainingSession.get_absolute_url, key=True
    ),
    Column("programme", _("Programme"), attrgetter("programme.title")),
    Column("host_court", _("Host court"), attrgetter("host_court.short_name"), nowrap=True),
    Column("start", _("Start"), attrgetter("start"), nowrap=True),
    Column("venue", _("Venue"), attrgetter("venue")),
    Column("seats", _("Seats"), attrgetter("seats"), on_page=False),
    Column("left", _("Seats left"), methodcaller("seats_left"), html=_seats_html, nowrap=True),
    Column("waiting", _("Waiting"), attrgetter("waiting")),
    Column("deadline", _("Enrolment deadline"), attrgetter("enrol_deadline"), nowrap=True),
    Column(
        "status",
        _("Status"),
        methodcaller("get_state_display"),
        html=_status_badge,
        nowrap=True,
    ),
    caption=_("Training sessions"),
    empty=_("No training sessions match these filters."),
    filename=_("training-sessions"),
)


def _enrolment_badge(enrolment: Enrolment):
    return badge(f"badge-enrolment-{enrolment.status}", enrolment.get_status_display())


ROSTER = ListSpec(
    Column("person", _("Name"), attrgetter("person.full_name"), key=True),
    Column("court", _("Court"), attrgetter("court.short_name"), nowrap=True),
    Column("position", _("Position"), lambda e: e.person.get_position_display()),
    Column(
        "status",
        _("Status"),
        methodcaller("get_status_display"),
        html=_enrolment_badge,
        nowrap=True,
    ),
    Column("queued", _("Enrolled at"), attrgetter("queued_at"), nowrap=True),
    Column("code", _("Certificate code"), attrgetter("certificate_code"), on_page=False),
    caption=_("Roster"),
    empty=_("Nobody is enrolled yet."),
    filename=_("training-roster"),
)


MY_TRAINING = ListSpec(
    Column(
        "session",
        _("Training session"),
        attrgetter("session.title"),
        link=lambda e: e.session.get_absolute_url(),
        key=True,
    ),
    Column("programme", _("Programme"), attrgetter("session.programme.title")),
    Column("start", _("Start"), attrgetter("session.start"), nowrap=True),
    Column("venue", _("Venue"), attrgetter("session.venue")),
    Column(
        "status",
        _("Status"),
        methodcaller("get_status_display"),
        html=_enrolment_badge,
        nowrap=True,
    ),
    caption=_("My training"),
    empty=_("You are not enrolled in any training session yet."),
    filename=_("my-training"),
)


def _programme_sessions(programme: Programme) -> int:
    return getattr(programme, "session_count", 0)  # annotated by the programme list's query


PROGRAMMES = ListSpec(
    Column("year", _("Year"), attrgetter("year"), nowrap=True),
    Column("title", _("Title"), attrgetter("title"), link=Programme.get_absolute_url, key=True),
    Column("sessions", _("Sessions"), _programme_sessions),
    caption=_("Training programmes"),
    empty=_("No training programmes yet."),
    filename=_("training-programmes"),
)


TRAINEES = ListSpec(
    Column("person", _("Name"), attrgetter("person.full_name"), key=True),
    Column("court", _("Court"), attrgetter("court.short_name"), nowrap=True),
    Column(
        "session",
        _("Training session"),
        attrgetter("session.title"),
        link=lambda e: e.session.get_absolute_url(),
    ),
    Column("start", _("Start"), attrgetter("session.start"), nowrap=True),
    Column(
        "status",
        _("Status"),
        methodcaller("get_status_display"),
        html=_enrolment_badge,
        nowrap=True,
    ),
    Column(
        "certificate",
        _("Certificate"),
        lambda e: str(_("Issued")) if e.certificate_code else "",
        in_export=False,
    ),
    Column("code", _("Certificate code"), attrgetter("certificate_code"), on_page=False),
    caption=_("Trainees of the sessions held"),
    empty=_("No trainees match these filters."),
    filename=_("trainees"),
)
