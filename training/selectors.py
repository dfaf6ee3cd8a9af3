"""Reads of the training programme that several pages share: a session's roster by court and
a programme's statistics by court."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from core import generations
from core.clock import local_midnight
from courts.models import Court

from .models import Enrolment, Material, Programme, TrainingSession


@dataclass
class CourtRoster:
    court: Court
    seated: list[Enrolment] = field(default_factory=list)
    waiting: list[Enrolment] = field(default_factory=list)


def roster_rows(session: TrainingSession) -> QuerySet[Enrolment]:
    """The session's active enrolments, by court, seats first, then the waiting list in order."""
    return (
        Enrolment.objects.filter(session=session)
        .active()
        .select_related("person__court", "court")
        .order_by("court__sort_order", "queued_at", "id")
    )


def roster(session: TrainingSession) -> list[CourtRoster]:
    """The roster by court (every court, even one with nobody enrolled), one query."""
    courts = {court.pk: CourtRoster(court) for court in Court.objects.order_by("sort_order")}
    rows = list(roster_rows(session))
    queue = sorted(
        (e for e in rows if e.status == Enrolment.Status.WAITLISTED),
        key=lambda e: (e.queued_at, e.pk),
    )
    for position, enrolment in enumerate(queue, start=1):
        setattr(enrolment, "position", position)  # its place in the one queue (1 = next)  # noqa: B010
    for enrolment in rows:
        enrolment.session = session
        entry = courts.setdefault(enrolment.court_id, CourtRoster(enrolment.court))
        if enrolment.status == Enrolment.Status.WAITLISTED:
            entry.waiting.append(enrolment)
        else:
            entry.seated.append(enrolment)
    return list(courts.values())


@dataclass
class SessionPage:
    """What a session's page shows of its people and files, the same for every viewer."""

    roster: list[CourtRoster]
    materials: list[Material]
    taken: int
    waiting: int

    def enrolment_of(self, person_id: int | None) -> Enrolment | None:
        for entry in self.roster:
            for enrolment in (*entry.seated, *entry.waiting):
                if enrolment.person_id == person_id:
                    return enrolment
        return None


def session_page(session: TrainingSession) -> SessionPage:
    """The roster by court, the materials and the seat counts of ``session``: kept until an
    enrolment, a person, a court or a material changes (core.generations), then attached to
    this request's session object."""

    def build() -> SessionPage:
        entries = roster(session)
        for entry in entries:
            for enrolment in (*entry.seated, *entry.waiting):
                enrolment._state.fields_cache.pop("session", None)  # attached per request
        return SessionPage(
            roster=entries,
            materials=list(session.materials.all()),
            taken=sum(len(e.seated) for e in entries),
            waiting=sum(len(e.waiting) for e in entries),
        )

    page = generations.kept(
        f"training:session-page:{session.pk}",
        build,
        600,
        local=True,
    )
    for entry in page.roster:
        for enrolment in (*entry.seated, *entry.waiting):
            enrolment.session = session
    return page


@dataclass
class CourtStats:
    court: str
    enrolled: int
    attended: int
    completed: int
    absent: int
    waiting: int
    held: int  # seats in sessions already held: the base of the completion rate

    @property
    def completion_rate(self) -> float | None:
        """Completed, in per cent of the seats of sessions already held (None: none held)."""
        return None if not self.held else round(100 * self.completed / self.held, 1)


def programme_stats(programme: Programme) -> tuple[list[CourtStats], CourtStats]:
    """Per court and in all: seats held, attended (completed included), completed, absent and
    waiting, over the programme's sessions that were not cancelled; kept per programme and
    language until an enrolment, a session or a court changes (core.generations)."""
    from django.utils import translation

    return generations.kept(
        f"training:programme-stats:{programme.pk}:{translation.get_language()}",
        lambda: _programme_stats(programme),
        600,
        local=True,
    )


def _programme_stats(programme: Programme) -> tuple[list[CourtStats], CourtStats]:
    counts: dict[int, dict[str, Any]] = {
        row["court"]: dict(row)
        for row in Enrolment.objects.filter(session__programme=programme)
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .order_by()
        .values("court")
        .annotate(
            enrolled=Count("pk", filter=Q(status__in=Enrolment.SEATED)),
            attended=Count("pk", filter=Q(status__in=("attended", "completed"))),
            completed=Count("pk", filter=Q(status="completed")),
            absent=Count("pk", filter=Q(status="absent")),
            waiting=Count("pk", filter=Q(status="waitlisted")),
            held=Count(
                "pk",
                filter=Q(status__in=Enrolment.SEATED, session__status=TrainingSession.Status.HELD),
            ),
        )
    }
    rows = []
    for court in Court.objects.order_by("sort_order"):
        row: dict[str, Any] = counts.get(court.pk, {})
        rows.append(
            CourtStats(
                court=court.short_name,
                enrolled=row.get("enrolled", 0),
                attended=row.get("attended", 0),
                completed=row.get("completed", 0),
                absent=row.get("absent", 0),
                waiting=row.get("waiting", 0),
                held=row.get("held", 0),
            )
        )
    total = CourtStats(
        court="",
        enrolled=sum(r.enrolled for r in rows),
        attended=sum(r.attended for r in rows),
        completed=sum(r.completed for r in rows),
        absent=sum(r.absent for r in rows),
        waiting=sum(r.waiting for r in rows),
        held=sum(r.held for r in rows),
    )
    return rows, total


def trainees_held(today: datetime.date) -> QuerySet[Enrolment]:
    """The seats taken in the sessions held by the start of ``today`` (whatever became of the
    trainee: attended, completed or absent): what the dashboard's training figures count and
    the trainee list lists."""
    return Enrolment.objects.filter(
        session__status=TrainingSession.Status.HELD,
        session__end__lte=local_midnight(today),
        status__in=Enrolment.SEATED,
    )
