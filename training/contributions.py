"""What the training programme adds to the shell: navigation, the sessions on the calendar, a
person's coming training and a coordinator's attendance to record on the home page, and the
coming sessions on the "talent development" area page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import search
from core.clock import local_midnight
from core.registry import (
    NavEntry,
    SearchHit,
    SearchSource,
    WaitingItem,
    WaitingList,
    register_calendar_source,
    register_nav,
    register_search_source,
    register_waiting,
    rows_calendar_source,
)
from core.reminders import StageWords, register_stage_words
from courts.choices import Area, Role
from courts.figures import Counts, tally
from courts.permissions import can_read, person_of, write_scope
from courts.registry import (
    AreaSection,
    Figure,
    RecordPart,
    ReportSection,
    StorySource,
    StoryStart,
    register_area_section,
    register_figure,
    register_record_part,
    register_report_section,
    register_story_source,
)
from courts.selectors import court_name

from . import selectors
from .models import SESSION_KIND, Enrolment, Material, TrainingSession
from .search import SEARCH_COLUMNS

TRAINING = _("Training")


def _area_sessions(area: str, user: Any) -> dict | None:

    if area != Area.TALENT:
        return None
    sessions = TrainingSession.objects.for_list().upcoming().order_by("start", "pk")[:10]
    return {"rows": list(sessions), "more_url": reverse("training:session-list")}


def _my_coming_training(user: Any) -> list[WaitingItem]:
    """The person's seats (and places on a waiting list) in the coming two months."""

    person = person_of(user)
    if person is None:
        return []
    now = timezone.now()
    rows = (
        Enrolment.objects.filter(
            person=person,
            status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
            session__end__gte=now,
            session__start__lt=now + datetime.timedelta(days=60),
        )
        .exclude(session__status="cancelled")
        .select_related("session")
        .order_by("session__start")[:5]
    )
    return [
        WaitingItem(
            title=e.session.title,
            url=e.session.get_absolute_url(),
            detail=f"{e.session.venue} · {e.get_status_display()}",
            when=e.session.start,
        )
        for e in rows
    ]


def _attendance_to_record(user: Any) -> list[WaitingItem]:
    """Sessions of the past month whose seats of the coordinator's court (every court's for
    the host court and administrators) still wait for attendance."""

    scope = write_scope(user, Role.TRAINING_COORDINATOR)
    if scope.empty:
        return []
    now = timezone.now()
    waiting = Enrolment.objects.filter(session=OuterRef("pk"), status=Enrolment.Status.ENROLLED)
    if not scope.all_courts:
        waiting = waiting.filter(
            Q(court_id=scope.court_id) | Q(session__host_court_id=scope.court_id)
        )
    sessions = (
        TrainingSession.objects.filter(start__lte=now, start__gte=now - datetime.timedelta(days=30))
        .exclude(status="cancelled")
        .filter(Exists(waiting))
        .order_by("start")[:10]
    )
    return [
        WaitingItem(
            title=str(_("Record attendance: %(title)s")) % {"title": s.title},
            url=reverse("training:session-attendance", args=[s.pk]),
            when=s.start,
        )
        for s in sessions
    ]


def _kinds() -> list[tuple[str, str]]:

    return [(SESSION_KIND, str(_("Training session")))]


def _sessions(start, end, court=None, kind=None, person=None):

    if kind and kind != SESSION_KIND:
        return TrainingSession.objects.none()
    sessions = TrainingSession.objects.filter(start__gte=start, start__lt=end).select_related(
        "host_court", "programme"
    )
    if court is not None:
        sessions = sessions.filter(host_court=court)
    if person is not None:  # the person's own feed: what they are enrolled in or waiting for
        sessions = sessions.filter(
            Exists(
                Enrolment.objects.filter(
                    session=OuterRef("pk"),
                    person=person,
                    status__in=(Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
                )
            )
        )
    return sessions.order_by("start", "pk")


def _story(user: Any, pk: int) -> StoryStart | None:
    """A training session as the start of a publicity draft."""

    session = (
        TrainingSession.objects.filter(pk=pk)
        .exclude(status="cancelled")
        .select_related("programme", "host_court")
        .first()
    )
    if session is None or not getattr(user, "is_authenticated", False):
        return None
    summary = session.topic or session.title
    return StoryStart(
        title=session.title,
        summary=(session.description or summary)[:300],
        body=session.description,
        area=Area.TALENT,
        court_ids=tuple(
            sorted(
                {
                    session.host_court_id,
                    *session.enrolments.values_list("court_id", flat=True).distinct(),
                }
            )
        ),
        url=session.get_absolute_url(),
        date=timezone.localdate(session.start),
    )


def _held(year: int, today: datetime.date) -> Counts:
    """Sessions of ``year``'s programme held by the start of ``today``, for the court that
    hosted each (the day is the figure's unit: one that ends today counts from tomorrow)."""
    midnight = local_midnight(today)
    sessions = TrainingSession.objects.filter(
        programme__year=year, status=TrainingSession.Status.HELD, end__lte=midnight
    )
    return tally(sessions, area=Area.TALENT, fixed_area=True, courts=("host_court",), when="start")


def _held_link(year: int, area: str, court_id: int | None) -> str:
    query = {"year": str(year), "status": TrainingSession.State.HELD}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("training:session-list") + "?" + urlencode(query)


def _by_trainee_court(rows: Any) -> Counts:
    """Seats counted for the court each trainee came from, in the month of the session."""
    return tally(rows, area=Area.TALENT, fixed_area=True, courts=("court",), when="session__start")


def _seated(year: int, today: datetime.date) -> Counts:
    return _by_trainee_court(selectors.trainees_held(today).filter(session__programme__year=year))


def _completed(year: int, today: datetime.date) -> Counts:
    trainees = selectors.trainees_held(today).filter(session__programme__year=year)
    return _by_trainee_court(trainees.filter(status=Enrolment.Status.COMPLETED))


def _certified(year: int, today: datetime.date) -> Counts:
    trainees = selectors.trainees_held(today).filter(session__programme__year=year)
    return _by_trainee_court(trainees.filter(certificate_code__isnull=False))


def _trainees_link(year: int, area: str, court_id: int | None, **narrow: str) -> str:
    query = {"year": str(year), **narrow}
    if court_id is not None:
        query["court"] = str(court_id)
    return reverse("training:trainee-list") + "?" + urlencode(query)


def _completed_link(year: int, area: str, court_id: int | None) -> str:
    return _trainees_link(year, area, court_id, outcome="completed")


def _certified_link(year: int, area: str, court_id: int | None) -> str:
    return _trainees_link(year, area, court_id, outcome="certified")


def _report_training(
    year: int, court_id: int | None, per_area: int | None, today: datetime.date
) -> list[tuple[str, tuple]]:
    """The sessions of ``year``'s programme that were held (those ``court_id`` hosted or sent
    trainees to), with their seats, trainees, completions and certificates counted."""
    sessions = TrainingSession.objects.filter(programme__year=year).in_state("held")
    if court_id is not None:
        sent = Enrolment.objects.filter(session=OuterRef("pk"), court=court_id)
        sessions = sessions.filter(Q(host_court=court_id) | Exists(sent))
    trainee = Q(enrolments__status__in=("enrolled", "attended", "completed", "absent"))
    rows = (
        sessions.order_by("start", "pk")
        .annotate(
            trainees=Count("enrolments", filter=trainee),
            completed=Count("enrolments", filter=Q(enrolments__status="completed")),
            certificates=Count("enrolments", filter=Q(enrolments__certificate_code__isnull=False)),
        )
        .values_list(
            "start",
            "title",
            "host_court_id",
            "seats",
            "trainees",
            "completed",
            "certificates",
        )
    )
    if per_area is not None:  # one area, the talent area's
        rows = rows[:per_area]
    return [
        (
            Area.TALENT,
            (timezone.localtime(start).date(), title, court_name(host), seats, n, done, certs),
        )
        for start, title, host, seats, n, done, certs in rows
    ]


def _find_sessions(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        TrainingSession.objects.select_related("host_court"),
        q,
        SEARCH_COLUMNS,
        limit=limit,
        order=("-pk",),
        indexed=True,
    )
    return total, [
        SearchHit(
            s.title,
            s.get_absolute_url(),
            text=f"{s.topic} {s.trainer} {s.trainer_organisation} {s.venue}",
            when=s.start,
            detail=s.host_court.short_name,
        )
        for s in rows
    ]


def _find_materials(user: Any, q: str, limit: int) -> tuple[int, list[SearchHit]]:
    """Materials by their file's name; each opens its session's page (where it is listed)."""
    if not can_read(user):
        return 0, []
    total, rows = search.find(
        Material.objects.select_related("session"),
        q,
        ("original_name",),
        limit=limit,
        order=("-uploaded_at", "-pk"),
    )
    return total, [
        SearchHit(
            m.original_name,
            m.session.get_absolute_url(),
            when=m.uploaded_at,
            detail=m.session.title,
        )
        for m in rows
    ]


TRAINEE = ("enrolled", "attended", "completed", "absent")


def _record_rows(viewer: Any, person: Any, year: int) -> list[tuple]:
    """``person``'s enrolments in ``year``'s programme (a waiting place or a cancelled one
    aside), with their certificates."""
    rows = (
        Enrolment.objects.filter(person=person, session__programme__year=year, status__in=TRAINEE)
        .select_related("session")
        .order_by("session__start", "pk")
    )
    return [
        (
            timezone.localtime(e.session.start).date(),
            e.session.title,
            court_name(e.session.host_court_id),
            e.get_status_display(),
            str(_("Yes")) if e.certificate_code else "",  # the code is on the certificate
        )
        for e in rows
    ]


def _record_counts(person_ids: list[int], year: int) -> dict[int, tuple[int, int | None]]:
    """Sessions completed of those enrolled in, per person."""
    rows = (
        Enrolment.objects.filter(
            person__in=person_ids, session__programme__year=year, status__in=TRAINEE
        )
        .values("person")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(status="completed")))
    )
    return {r["person"]: (r["completed"], r["enrolled"]) for r in rows}


def _open_seats(user: Any) -> list[WaitingItem]:
    """For a coordinator: the sessions open for enrolment with seats left, the nearest
    deadline first."""
    if write_scope(user, Role.TRAINING_COORDINATOR).empty:
        return []
    sessions = TrainingSession.objects.for_list().in_state("open").order_by("enrol_deadline")[:10]
    return [
        WaitingItem(
            title=s.title,
            url=s.get_absolute_url(),
            detail=str(_("%(left)s seats left · enrolment closes") % {"left": s.seats_left()}),
            when=s.enrol_deadline,
        )
        for s in sessions
        if s.seats_left()
    ]


def _court_waiting_list(user: Any) -> list[WaitingItem]:
    """For a coordinator: their court's people on a coming session's waiting list (every
    court's for an administrator), first in the queue first."""
    scope = write_scope(user, Role.TRAINING_COORDINATOR)
    if scope.empty:
        return []
    waiting = Enrolment.objects.filter(
        status=Enrolment.Status.WAITLISTED, session__start__gt=timezone.now()
    ).select_related("person", "session")
    if not scope.all_courts:
        waiting = waiting.filter(court=scope.court_id)
    return [
        WaitingItem(
            title=f"{e.person.full_name} · {e.session.title}",
            url=e.session.get_absolute_url(),
            detail=str(_("On the waiting list")),
            when=e.queued_at,
        )
        for e in waiting.order_by("queued_at", "pk")[:10]
    ]


def register() -> None:
    register_waiting(
        WaitingList(
            "training-open", _("Training with seats left"), _open_seats, order=41, actionable=False
        )
    )
    register_waiting(
        WaitingList(
            "training-waitlist",
            _("My court's waiting list"),
            _court_waiting_list,
            order=42,
            actionable=False,
        )
    )
    register_record_part(
        RecordPart(
            "training",
            _("Training completed of the sessions enrolled in"),
            (_("Date"), _("Session"), _("Host court"), _("Status"), _("Certificate issued")),
            _record_rows,
            _record_counts,
            order=40,
        )
    )
    register_search_source(
        SearchSource(
            "training",
            _("Training sessions"),
            _find_sessions,
            more=lambda q: reverse("training:session-list") + "?" + urlencode({"q": q}),
            order=40,
        )
    )
    register_search_source(
        SearchSource("materials", _("Training materials"), _find_materials, order=41)
    )
    from django.utils.translation import gettext_lazy, ngettext_lazy

    register_report_section(
        ReportSection(
            "training",
            _("Training sessions held"),
            (
                _("Date"),
                _("Title"),
                _("Host court"),
                _("Seats"),
                _("Trainees"),
                pgettext_lazy("training", "Completed"),
                _("Certificates"),
            ),
            _report_training,
            order=40,
        )
    )

    register_figure(
        Figure(
            "training-held",
            _("Training sessions held"),
            _held,
            _held_link,
            order=40,
            rows=((Area.TALENT.value, Area.TALENT.label),),
        )
    )
    talent = ((Area.TALENT.value, Area.TALENT.label),)
    for figure in [
        Figure(
            "training-seats",
            _("Training seats filled in the sessions held"),
            _seated,
            _trainees_link,
            order=41,
            rows=talent,
        ),
        Figure(
            "training-completed",
            _("Trainees who completed, of the seats filled"),
            _completed,
            _completed_link,
            order=42,
            rows=talent,
            of=_seated,
        ),
        Figure(
            "training-certificates",
            _("Training certificates issued"),
            _certified,
            _certified_link,
            order=43,
            rows=talent,
        ),
    ]:
        register_figure(figure)

    register_stage_words(
        "trainee",
        StageWords(
            who=gettext_lazy("Enrolled trainees"),
            before=ngettext_lazy(
                "%(days)d day before the session", "%(days)d days before the session", "days"
            ),
        ),
    )

    register_nav(
        NavEntry(
            "training-sessions",
            _("Training sessions"),
            "training:session-list",
            group=TRAINING,
            order=40,
        )
    )
    register_nav(
        NavEntry(
            "training-mine",
            _("My training"),
            "training:my-training",
            group=TRAINING,
            order=41,
            visible=lambda user: person_of(user) is not None,
        )
    )
    register_nav(
        NavEntry(
            "training-programmes",
            _("Programmes and statistics"),
            "training:programme-list",
            group=TRAINING,
            order=42,
        )
    )
    register_calendar_source(
        rows_calendar_source(
            key="training-sessions",
            kinds=_kinds,
            rows=_sessions,
            event=lambda session, person: session.as_calendar_event(),
        )
    )
    register_waiting(
        WaitingList(
            key="training-mine",
            label=_("My coming training"),
            items=_my_coming_training,
            order=7,
            actionable=False,
        )
    )
    register_waiting(
        WaitingList(
            key="training-attendance",
            label=_("Training attendance to record"),
            items=_attendance_to_record,
            order=40,
        )
    )
    register_story_source(StorySource("training", _("Training session"), _story))
    register_area_section(
        AreaSection(
            key="training",
            label=_("Coming training sessions"),
            template="training/partials/area_sessions.html",
            context=_area_sessions,
            order=20,
            shared=True,
        )
    )
