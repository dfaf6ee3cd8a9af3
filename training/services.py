"""Writes of the training programme: programmes, sessions, enrolment with a waiting list,
quota release, attendance and certificates. Each service checks the rule in ``permissions``,
records who acted (django-auditlog) and tells the people concerned.

How seats stay honest
---------------------
Every write that takes or frees a seat (enrol, cancel, promote, release a quota, change the
number of seats) starts with :func:`lock_session`: ``SELECT … FOR UPDATE`` on the session's
row. Holders of that lock run one after another, and each counts the seats *after* taking it —
under PostgreSQL's READ COMMITTED every statement sees what the previous holder committed — so
N coordinators enrolling at the same moment for K seats get exactly K seats between them, and
two cancellations at once promote two different people. A row lock was chosen over a
constraint because the rule ("at most ``seats`` rows in these statuses, at most ``quota`` per
court until the release") is a count, which no index can hold, and because a waiting list needs
an order, not an error. The unique partial index on (session, person) still refuses a second
active enrolment of the same person whatever happens above it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import reminders
from core.access import require
from core.clock import require_open
from core.files import save_private_upload
from core.lists import separator
from core.services import _in_words, fitting_text, in_portal_language, tell
from core.types import Actor
from core.updates import model_update, new_calendar_revision
from core.workflow import transition
from courts.choices import Role
from courts.models import Court, Person
from courts.permissions import can_act_for_court

from . import permissions, windows
from .models import (
    Enrolment,
    Material,
    Programme,
    TrainingSession,
    new_certificate_code,
)
from .workflows import ENROLMENT, SESSIONS

MAX_BATCH = 200  # people enrolled in one go
REMIND_BEFORE = (datetime.timedelta(days=3), datetime.timedelta(days=1))

# --- Programmes -------------------------------------------------------------------------------

PROGRAMME_FIELDS = {"year", "title", "description"}


@transaction.atomic
def create_programme(*, by: Actor, year: int, title: str, description: str = "") -> Programme:
    require(permissions.can_create_programme(by), _("Only training coordinators do this."))
    programme = Programme(year=year, title=title.strip(), description=description.strip())
    programme.full_clean()
    with set_actor(by):
        programme.save()
    return programme


@transaction.atomic
@transaction.atomic
def update_programme(*, programme: Programme, by: Actor, **changes: Any) -> set[str]:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)  # as stored
    require(permissions.can_edit_programme(by, programme), _("Only training coordinators do this."))
    with set_actor(by):
        return model_update(instance=programme, fields=PROGRAMME_FIELDS, data=changes)


# --- Sessions ---------------------------------------------------------------------------------

SESSION_FIELDS = {
    "programme",
    "title",
    "topic",
    "host_court",
    "trainer",
    "trainer_organisation",
    "start",
    "end",
    "venue",
    "seats",
    "court_quota",
    "enrol_deadline",
    "description",
}
MOVES = {"start", "end", "venue", "title"}


def lock_session(pk: int) -> TrainingSession:
    """The session's row, locked until the transaction ends: see the module's docstring."""
    return (
        TrainingSession.objects.select_for_update(of=("self",))
        .select_related("host_court", "programme")
        .get(pk=pk)
    )


def _seat_counts(session: TrainingSession) -> tuple[int, Counter[int]]:
    """Seats held in ``session``, in all and per court (read under the session's lock)."""
    per_court: Counter[int] = Counter(
        dict(
            Enrolment.objects.filter(session=session)
            .holding_seats()
            .order_by()
            .values_list("court")
            .annotate(n=Count("pk"))
            .values_list("court", "n")
        )
    )
    return sum(per_court.values()), per_court


def _fits(session: TrainingSession, taken: int, per_court: Counter[int], court_id: int) -> bool:
    if taken >= session.seats:
        return False
    quota_full = session.quota_applies and per_court[court_id] >= (session.court_quota or 0)
    return not quota_full


def _check_host(by: Actor, host_court: Court) -> None:
    if not can_act_for_court(by, host_court, role=Role.TRAINING_COORDINATOR):
        raise ValidationError(
            {"host_court": _("You may set up sessions hosted by your own court only.")}
        )


@transaction.atomic
def create_session(*, by: Actor, **fields: Any) -> TrainingSession:
    """A new session of a programme, open for enrolment."""
    require(permissions.can_create_session(by), _("Only training coordinators do this."))
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ValueError(f"Not a session field: {sorted(unknown)}")
    _check_host(by, fields["host_court"])
    session = TrainingSession(**fields)
    session.full_clean()
    _check_deadline_ahead(session.enrol_deadline)
    with set_actor(by):
        session.save()
    _release_if_due(session)
    return session


def _check_deadline_ahead(deadline: datetime.datetime | None) -> None:
    """A deadline set now is still ahead: one already past would be offered to nobody."""
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError(
            {"enrol_deadline": _("This time has passed: choose an enrolment deadline ahead.")}
        )


def _release_if_due(session: TrainingSession) -> None:
    """A release whose time has already passed happens now, not at the next sweep (a session
    created, or moved, inside the release window; the sweep after an outage does the rest)."""
    if (
        session.court_quota is not None
        and session.quota_released_at is None
        and session.quota_release_at <= timezone.now()
    ):
        release_quota(session=session)


@transaction.atomic
def update_session(*, session: TrainingSession, by: Actor, **changes: Any) -> set[str]:
    """Change a session. Fewer seats than people already hold is refused; more seats (or a
    larger quota) promote from the waiting list at once; a new time or place reaches everyone
    enrolled or waiting, and their reminders follow."""
    session = lock_session(session.pk)
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    if session.is_cancelled:
        raise ValidationError(_("This session is cancelled."))
    moved = "host_court" in changes and changes["host_court"] != session.host_court
    if moved and not permissions.can_move_session(by, session):
        raise ValidationError({"host_court": _("Only administrators move a session.")})
    if "enrol_deadline" in changes and changes["enrol_deadline"] != session.enrol_deadline:
        _check_deadline_ahead(changes["enrol_deadline"])
    taken, per_court = _seat_counts(session)
    if "seats" in changes and changes["seats"] is not None and changes["seats"] < taken:
        raise ValidationError(
            {
                "seats": _(
                    "%(taken)d people already hold seats; cancel enrolments before reducing "
                    "the seats below that."
                )
                % {"taken": taken}
            }
        )
    quota = changes.get("court_quota", session.court_quota)
    if quota is not None and session.quota_released_at is None and per_court:
        fullest = max(per_court.values())
        if quota < fullest:
            raise ValidationError(
                {
                    "court_quota": _(
                        "A court already holds %(n)d seats; the quota cannot be lower."
                    )
                    % {"n": fullest}
                }
            )
    with set_actor(by):
        changed = model_update(instance=session, fields=SESSION_FIELDS, data=changes)
        if changed & MOVES:
            new_calendar_revision(session)
    promoted: list[Enrolment] = []
    if changed & {"seats", "court_quota"}:
        promoted = _fill_seats(session)
    if changed & (MOVES | {"seats", "court_quota"}):
        plan_session_reminders(session)
    if changed & MOVES:
        tell(
            recipients=_users(session, Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
            title=gettext_lazy("Training session changed: %(title)s, %(when)s at %(venue)s"),
            params={"title": session.title, "when": session.start, "venue": session.venue},
            link=session.get_absolute_url(),
            target=session,
        )
    _tell_promoted(session, promoted)
    if changed & {"enrol_deadline", "court_quota", "start"}:
        _release_if_due(session)
    return changed


@transaction.atomic
def set_enrolment_open(*, session: TrainingSession, by: Actor, open: bool) -> TrainingSession:
    """Close enrolment early, or open it again (waiting lists move on either way)."""
    session = lock_session(session.pk)
    to = TrainingSession.Status.OPEN if open else TrainingSession.Status.CLOSED
    return transition(session, to, by=by, workflow=SESSIONS)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason within 500 characters.")})
    return reason


@transaction.atomic
def cancel_session(*, session: TrainingSession, by: Actor, reason: str) -> TrainingSession:
    """Cancel a session: everyone enrolled or waiting is told why; reminders are withdrawn."""
    session = lock_session(session.pk)
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    if session.is_cancelled:
        raise ValidationError(_("This session is already cancelled."))
    if session.status == TrainingSession.Status.HELD:
        raise ValidationError(_("This session has already taken place."))
    session.cancel_reason = _reason(reason)
    session.ical_sequence += 1
    transition(
        session,
        TrainingSession.Status.CANCELLED,
        by=by,
        workflow=SESSIONS,
        also=["cancel_reason", "ical_sequence"],
    )
    reminders.sync_reminders(session, [])
    tell(
        recipients=_users(session, Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED),
        title=gettext_lazy("Training session cancelled: %(title)s, %(when)s"),
        params={"title": session.title, "when": session.start},
        body=session.cancel_reason,
        link=session.get_absolute_url(),
        target=session,
    )
    return session


def add_material(*, session: TrainingSession, by: Actor, upload: Any) -> Material:
    """A file for the session (slides, readings): checked like every upload; those holding a
    seat or waiting for one are told it is there."""
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    material = save_private_upload(Material(session=session), upload, by=by)
    tell(
        recipients=[
            user
            for user in _users(session, Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
            if user.pk != getattr(by, "pk", None)
        ],
        title=gettext_lazy("New material for %(title)s: %(name)s"),
        params={"title": session.title, "name": material.original_name},
        link=session.get_absolute_url(),
        target=session,
    )
    return material


def delete_material(*, material: Material, by: Actor) -> None:
    require(
        permissions.can_edit_session(by, material.session), _("You may not change this session.")
    )
    with transaction.atomic(), set_actor(by):
        material.delete()
    material.file.delete(save=False)


# --- Reminders and notices --------------------------------------------------------------------


def _users(session: TrainingSession, *statuses: str) -> list[Any]:
    return [
        e.person.user
        for e in Enrolment.objects.filter(
            session=session, status__in=statuses, person__user__is_active=True
        ).select_related("person__user")
    ]


@in_portal_language
def plan_session_reminders(session: TrainingSession) -> None:
    """Everyone holding a seat is reminded three days and one day before (at once when it is
    sooner), through the reminders that serve exchange meetings; nothing once cancelled."""
    plan: list[reminders.Planned] = []
    if not session.is_cancelled:

        def body() -> str:
            return "\n".join([str(_in_words(session.start)), session.venue])

        def title() -> str:
            return _("Training: %(title)s, %(when)s") % {
                "title": session.title,
                "when": _in_words(session.start),
            }

        for user in _users(session, Enrolment.Status.ENROLLED):
            for before in REMIND_BEFORE:
                plan.append(
                    reminders.Planned(
                        stage=f"trainee-{before.days}d",
                        recipient=user,
                        due_at=session.start - before,
                        expires_at=session.start,
                        title=title,
                        body=body,
                        link=session.get_absolute_url(),
                    )
                )
    reminders.sync_reminders(session, plan)


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first person waiting, and so on (None when not waiting)."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(
        Q(queued_at__lt=enrolment.queued_at)
        | Q(queued_at=enrolment.queued_at, pk__lt=enrolment.pk),
        session_id=enrolment.session_id,
        status=Enrolment.Status.WAITLISTED,
    )
    return ahead.count() + 1


def _tell_enrolled(enrolment: Enrolment, by: Actor) -> None:
    session = enrolment.session
    if enrolment.status == Enrolment.Status.ENROLLED:
        title = gettext_lazy("You are enrolled in “%(title)s”, %(when)s at %(venue)s")
        params: dict[str, Any] = {
            "title": session.title,
            "when": session.start,
            "venue": session.venue,
        }
    else:
        title = gettext_lazy(
            "You are on the waiting list of “%(title)s” (number %(position)d); you will be told "
            "if a seat becomes free"
        )
        params = {"title": session.title, "position": waitlist_position(enrolment) or 1}
    if enrolment.person.user_id == getattr(by, "pk", None):
        return
    tell(
        recipients=[enrolment.person.user],
        title=title,
        params=params,
        link=session.get_absolute_url(),
        target=session,
    )


def _tell_promoted(session: TrainingSession, promoted: Iterable[Enrolment]) -> None:
    people = [e.person.user for e in promoted]
    if people:
        tell(
            recipients=people,
            title=gettext_lazy("A seat became free: you are now enrolled in “%(title)s”, %(when)s"),
            params={"title": session.title, "when": session.start},
            link=session.get_absolute_url(),
            target=session,
        )


# --- Enrolment --------------------------------------------------------------------------------


@transaction.atomic
def enrol(*, session: TrainingSession, people: Iterable[Person], by: Actor) -> list[Enrolment]:
    """Enrol ``people`` (of the coordinator's own court; any court for an administrator) in the
    order given: each takes a seat while one is free (within the court's quota), the rest join
    the waiting list in that order. All or nothing: one refusal saves no one."""
    people = list(dict.fromkeys(people))
    if not people:
        raise ValidationError({"people": _("Choose at least one person.")})
    if len(people) > MAX_BATCH:
        raise ValidationError(
            {"people": _("Enrol at most %(n)d people at once.") % {"n": MAX_BATCH}}
        )
    session = lock_session(session.pk)
    refusal = permissions.enrolment_refusal(by, session)
    if refusal:
        require(permissions.is_coordinator(by), refusal)
        raise ValidationError(refusal)
    for person in people:
        require(
            permissions.can_enrol_person(by, person),
            _("You may enrol only the staff of your own court."),
        )
    inactive = [p.full_name for p in people if p.user_id is None or not p.user.is_active]
    if inactive:
        raise ValidationError(
            {"people": _("No longer active: %(names)s.") % {"names": separator().join(inactive)}}
        )
    already = set(
        Enrolment.objects.filter(session=session, person__in=people)
        .active()
        .values_list("person_id", flat=True)
    )
    if already:
        names = [p.full_name for p in people if p.pk in already]
        raise ValidationError(
            {
                "people": _("Already enrolled or waiting: %(names)s.")
                % {"names": separator().join(names)}
            }
        )
    taken, per_court = _seat_counts(session)
    now = timezone.now()
    created = []
    for offset, person in enumerate(people):
        seated = _fits(session, taken, per_court, person.court_id)
        if seated:
            taken += 1
            per_court[person.court_id] += 1
        created.append(
            Enrolment(
                session=session,
                person=person,
                court_id=person.court_id,
                status=Enrolment.Status.ENROLLED if seated else Enrolment.Status.WAITLISTED,
                enrolled_by=by,
                queued_at=now + datetime.timedelta(microseconds=offset),
            )
        )
    try:
        with transaction.atomic(), set_actor(by):
            for enrolment in created:
                enrolment.save()
    except IntegrityError:  # the same person enrolled by someone else at this very moment
        raise ValidationError(
            {"people": _("Someone enrolled one of these people just now; look again.")}
        ) from None
    plan_session_reminders(session)
    for enrolment in created:
        _tell_enrolled(enrolment, by)
    return created


def _fill_seats(session: TrainingSession, *, override: Enrolment | None = None) -> list[Enrolment]:
    """Give free seats to the waiting list in order: the first person waiting who fits (their
    court's quota included) takes each seat. ``override`` (an administrator's decision) fits
    whatever the quota. Called under the session's lock."""
    if session.is_cancelled or session.status == TrainingSession.Status.HELD:
        return []
    if session.has_begun:
        return []
    taken, per_court = _seat_counts(session)
    promoted = []
    waiting = (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITLISTED)
        .select_related("person__user")
        .order_by("queued_at", "id")
    )
    for enrolment in waiting:
        if taken >= session.seats:
            break
        is_override = override is not None and enrolment.pk == override.pk
        if not is_override and not _fits(session, taken, per_court, enrolment.court_id):
            continue
        transition(enrolment, Enrolment.Status.ENROLLED, by=None, workflow=ENROLMENT)
        taken += 1
        per_court[enrolment.court_id] += 1
        promoted.append(enrolment)
    if promoted:
        plan_session_reminders(session)
    return promoted


def _locked_enrolment(enrolment: Enrolment) -> tuple[TrainingSession, Enrolment]:
    session = lock_session(enrolment.session_id)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("person__user", "person__court", "court")
        .get(pk=enrolment.pk)
    )
    enrolment.session = session
    return session, enrolment


@transaction.atomic
def cancel_enrolment(*, enrolment: Enrolment, by: Actor, reason: str = "") -> list[Enrolment]:
    """Cancel a seat or a place on the waiting list; a freed seat goes at once to the first
    person waiting who fits, who is told. Returns the people promoted."""
    session, enrolment = _locked_enrolment(enrolment)
    require(
        permissions.can_cancel_enrolment(by, enrolment), _("You may not cancel this enrolment.")
    )
    freed = enrolment.holds_seat
    enrolment.note = fitting_text(reason, limit=500, field="reason")
    transition(enrolment, Enrolment.Status.CANCELLED, by=by, workflow=ENROLMENT, also=["note"])
    promoted = _fill_seats(session) if freed else []
    plan_session_reminders(session)
    if enrolment.person.user_id != getattr(by, "pk", None):
        tell(
            recipients=[enrolment.person.user],
            title=gettext_lazy("Your enrolment in “%(title)s” was cancelled"),
            params={"title": session.title},
            body=enrolment.note,
            link=session.get_absolute_url(),
        )
    _tell_promoted(session, promoted)
    return promoted


@transaction.atomic
def promote_enrolment(*, enrolment: Enrolment, by: Actor, reason: str) -> Enrolment:
    """An administrator moves a waiting person to the head of the list, with a written reason
    (kept on the enrolment, so in its history); a seat free in all takes them at once, whatever
    their court's quota."""
    session, enrolment = _locked_enrolment(enrolment)
    require(permissions.can_promote_enrolment(by, enrolment), _("Only administrators do this."))
    reason = _reason(reason)
    first = (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITLISTED)
        .order_by("queued_at", "id")
        .first()
    )
    data: dict[str, Any] = {"note": reason}
    if first is not None and first.pk != enrolment.pk:
        data["queued_at"] = first.queued_at - datetime.timedelta(microseconds=1)
    with set_actor(by):
        model_update(instance=enrolment, fields=data, data=data)
    promoted = _fill_seats(session, override=enrolment)
    enrolment.refresh_from_db(fields=["status"])
    _tell_promoted(session, promoted)
    if enrolment.status == Enrolment.Status.WAITLISTED:
        tell(
            recipients=[enrolment.person.user],
            title=gettext_lazy("You are now first on the waiting list of “%(title)s”"),
            params={"title": session.title},
            link=session.get_absolute_url(),
        )
    return enrolment


# --- Quota release ----------------------------------------------------------------------------


def _coordinators(court_ids: Iterable[int] | None = None) -> list[Any]:
    people = Person.objects.filter(
        user__groups__name=Role.TRAINING_COORDINATOR, user__is_active=True
    ).select_related("user")
    if court_ids is not None:
        people = people.filter(court_id__in=list(court_ids))
    return [p.user for p in people]


@transaction.atomic
def release_quota(
    *, session: TrainingSession, now: datetime.datetime | None = None
) -> list[Enrolment] | None:
    """Release the seats courts have not used to every court's waiting list, first come first
    served. Once per session: the release time is written under the session's lock, so two
    sweeps at the same moment release each seat once. Returns the people promoted, or None
    when there was nothing to release."""
    session = lock_session(session.pk)
    now = now or timezone.now()
    if session.court_quota is None or session.quota_released_at is not None:
        return None
    if session.status not in (TrainingSession.Status.OPEN, TrainingSession.Status.CLOSED):
        return None
    if session.start <= now:
        return None
    taken, _per_court = _seat_counts(session)
    with set_actor(None):
        model_update(
            instance=session, fields=["quota_released_at"], data={"quota_released_at": now}
        )
    promoted = _fill_seats(session)
    tell(
        recipients=_coordinators(),
        title=gettext_lazy(
            "Unused seats of “%(title)s” released to all courts: %(free)d free, %(promoted)d "
            "taken from the waiting lists"
        ),
        params={
            "title": session.title,
            "free": session.seats - taken,
            "promoted": len(promoted),
        },
        link=session.get_absolute_url(),
    )
    _tell_promoted(session, promoted)
    return promoted


def release_due_quotas(*, now: datetime.datetime | None = None) -> int:
    """The sweep (Celery beat, every ten minutes): every session whose release time has come."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=settings.TRAINING_QUOTA_RELEASE_DAYS)
    due = TrainingSession.objects.filter(
        status__in=(TrainingSession.Status.OPEN, TrainingSession.Status.CLOSED),
        court_quota__isnull=False,
        quota_released_at__isnull=True,
        enrol_deadline__lte=horizon,
        start__gt=now,
    ).values_list("pk", flat=True)
    released = 0
    for pk in list(due):
        if release_quota(session=TrainingSession(pk=pk), now=now) is not None:
            released += 1
    return released


# --- Attendance and certificates --------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *, session: TrainingSession, by: Actor, marks: Mapping[int, str]
) -> list[Enrolment]:
    """After the session has begun: mark people attended, absent or completed (a completed
    enrolment gets its certificate and its verification code; undoing a completion withdraws
    them). The session counts as held from then on. Returns the enrolments that changed."""
    session = lock_session(session.pk)
    if session.is_cancelled:
        raise ValidationError(_("A cancelled session has no attendance."))
    require_open(windows.window_attendance(session))
    if Enrolment.Status.COMPLETED in marks.values():
        require_open(windows.window_completion(session))
    rows = {
        e.pk: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .filter(session=session, pk__in=list(marks))
        .select_related("person__user", "court")
    }
    if set(marks) - set(rows):
        raise ValidationError(_("Some of these people are not enrolled in this session."))
    changed = []
    completed = []
    now = timezone.now()
    for pk, to in marks.items():
        enrolment = rows[pk]
        enrolment.session = session
        if to == enrolment.status:
            continue
        require(
            permissions.can_record_attendance(by, enrolment),
            _("You may record the attendance of your own court's staff only."),
        )
        also = []
        if to == Enrolment.Status.COMPLETED:
            enrolment.certificate_code = new_certificate_code()
            enrolment.completed_at = now
            completed.append(enrolment)
            also = ["certificate_code", "completed_at"]
        elif enrolment.status == Enrolment.Status.COMPLETED:
            enrolment.certificate_code = None
            enrolment.completed_at = None
            also = ["certificate_code", "completed_at"]
        transition(enrolment, to, by=by, workflow=ENROLMENT, also=also)
        changed.append(enrolment)
    if changed and session.status != TrainingSession.Status.HELD:
        transition(session, TrainingSession.Status.HELD, by=by, workflow=SESSIONS)
    for enrolment in completed:
        tell(
            recipients=[enrolment.person.user],
            title=gettext_lazy("You completed “%(title)s”: your certificate is ready"),
            params={"title": session.title},
            link=enrolment.get_certificate_url(),
        )
    return changed


def verify_certificate(code: str) -> Enrolment | None:
    """The completed enrolment with this code, or None (a forged or withdrawn code)."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if len(code) != 12 or not code.isalnum():
        return None
    return (
        Enrolment.objects.filter(certificate_code=code, status=Enrolment.Status.COMPLETED)
        .select_related("person", "session__programme", "session__host_court")
        .first()
    )
