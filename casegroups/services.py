"""Writes for the case-study groups: groups, memberships, cases. Each service checks the rule
in ``permissions``, records who acted (django-auditlog) and tells the people concerned."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import reminders
from core.access import require
from core.clock import require_open
from core.services import in_portal_language, tell
from core.types import Actor
from core.updates import model_update, new_calendar_revision
from core.workflow import transition
from courts.choices import Role
from courts.models import Court, Person
from courts.permissions import person_of

from . import permissions, redaction, tasks, windows
from .models import (
    CaseReview,
    CaseStudyGroup,
    Criterion,
    Membership,
    StudyCase,
    StudySession,
)
from .workflows import CASES, MEMBERSHIPS

# --- Groups ----------------------------------------------------------------------------------


def _check_convenor(convenor: Person) -> None:

    user = convenor.user
    if user is None or not user.is_active or not user.groups.filter(name=Role.JUDGE).exists():
        raise ValidationError({"convenor": _("The convenor must be a judge with an account.")})


@transaction.atomic
def create_group(
    *,
    by: Actor,
    name: str,
    specialty: str,
    purpose: str,
    convenor: Person,
    member_courts: Iterable[Court] = (),
    open_to_requests: bool = True,
    active: bool = True,
) -> CaseStudyGroup:
    """A new group; its convenor is its first member and their court one of its courts."""
    require(permissions.can_create_group(by), _("You may not set up case-study groups."))
    _check_convenor(convenor)
    group = CaseStudyGroup(
        name=name,
        specialty=specialty,
        purpose=purpose,
        convenor=convenor,
        open_to_requests=open_to_requests,
        active=active,
    )
    group.full_clean()
    require(
        permissions.can_edit_group(by, group),
        _("You may only set up groups convened by a judge of your own court."),
    )
    with set_actor(by):
        group.save()
        group.member_courts.set({*member_courts, convenor.court})
        Membership.objects.create(
            group=group,
            person=convenor,
            status=Membership.Status.ACTIVE,
            decided_by=person_of(by),
            decided_at=timezone.now(),
        )
    return group


GROUP_FIELDS = {
    "name",
    "specialty",
    "purpose",
    "convenor",
    "member_courts",
    "open_to_requests",
    "active",
}


@transaction.atomic
def update_group(*, group: CaseStudyGroup, by: Actor, **changes: Any) -> set[str]:
    """Change a group; a new convenor becomes an active member and is told."""
    group = CaseStudyGroup.objects.select_for_update().get(pk=group.pk)
    require(permissions.can_edit_group(by, group), _("You may not change this group."))
    convenor = changes.get("convenor")
    if convenor is not None and convenor.pk != group.convenor_id:
        _check_convenor(convenor)
        if not permissions.can_edit_group(by, CaseStudyGroup(convenor=convenor)):
            raise ValidationError(
                {"convenor": _("You may only hand the group to a judge of your own court.")}
            )
    if "member_courts" in changes:
        changes["member_courts"] = {
            *changes["member_courts"],
            (convenor or group.convenor).court,
            *Court.objects.filter(
                people__memberships__group=group, people__memberships__status="active"
            ),
        }
    with set_actor(by):
        changed = model_update(instance=group, fields=GROUP_FIELDS, data=changes)
        if "convenor" in changed:
            _make_member(group, group.convenor, by=by)
            replan_group_sessions(group)
    if "convenor" in changed:
        _tell(
            [group.convenor],
            gettext_lazy("You now convene “%(group)s”"),
            {"group": group.name},
            link=group.get_absolute_url(),
        )
    return changed


def _make_member(group: CaseStudyGroup, person: Person, *, by: Actor) -> None:
    membership = (
        Membership.objects.select_for_update()
        .filter(group=group, person=person, status__in=Membership.OPEN)
        .first()
    )
    decided = {"decided_by": person_of(by), "decided_at": timezone.now()}
    if membership is None:
        Membership.objects.create(
            group=group, person=person, status=Membership.Status.ACTIVE, **decided
        )
    elif membership.status != Membership.Status.ACTIVE:  # their request is granted with it
        for name, value in decided.items():
            setattr(membership, name, value)
        transition(
            membership, Membership.Status.ACTIVE, by=by, workflow=MEMBERSHIPS, also=list(decided)
        )
    group.member_courts.add(person.court)


# --- Memberships -----------------------------------------------------------------------------


def _tell(
    people: Iterable[Person | None],
    title: Any,
    params: dict[str, Any] | None = None,
    *,
    body: str = "",
    link: str = "",
) -> None:
    """A notice to ``people`` in the portal's language (``core.services.tell``)."""
    tell(
        recipients=[p.user for p in people if p is not None and p.user is not None],
        title=title,
        params=params,
        body=body,
        link=link,
    )


@transaction.atomic
def request_membership(*, group: CaseStudyGroup, by: Actor, statement: str = "") -> Membership:
    """Ask to join; the convenor hears of it."""
    group = CaseStudyGroup.objects.select_for_update().get(pk=group.pk)
    person = person_of(by)
    refusal = permissions.join_refusal(by, group)
    if refusal:
        require(permissions.may_join_groups(by), refusal)
        raise ValidationError(refusal)
    assert person is not None
    membership = Membership(group=group, person=person, statement=statement.strip())
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(), set_actor(by):
            membership.save()
    except IntegrityError:  # a second request of the same judge at the same moment
        raise ValidationError(_("You already belong to this group or asked to join it.")) from None
    _tell(
        [group.convenor],
        gettext_lazy("%(person)s (%(court)s) asks to join “%(group)s”"),
        {"person": person.full_name, "court": lambda: person.court.short_name, "group": group.name},
        body=membership.statement,
        link=group.get_absolute_url() + "#requests",
    )
    return membership


def _locked(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("group", "person__user")
        .get(pk=membership.pk)
    )


@transaction.atomic
def approve_membership(*, membership: Membership, by: Actor) -> Membership:
    membership = _locked(membership)
    require(permissions.can_decide_membership(by, membership))
    membership.decided_by = person_of(by)
    membership.decided_at = timezone.now()
    transition(
        membership,
        Membership.Status.ACTIVE,
        by=by,
        workflow=MEMBERSHIPS,
        also=["decided_by", "decided_at"],
    )
    membership.group.member_courts.add(membership.person.court_id)
    replan_group_sessions(membership.group)
    _tell(
        [membership.person],
        gettext_lazy("You are now a member of “%(group)s”"),
        {"group": membership.group.name},
        link=membership.group.get_absolute_url(),
    )
    return membership


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    return reason


def _end_with_reason(
    membership: Membership, to: str, *, by: Actor, reason: str, title: Any
) -> Membership:
    """Decline a request or remove a member: the reason is kept and the person told it."""
    membership = _locked(membership)
    membership.reason = _reason(reason)
    membership.decided_by = person_of(by)
    membership.decided_at = timezone.now()
    transition(
        membership, to, by=by, workflow=MEMBERSHIPS, also=["reason", "decided_by", "decided_at"]
    )
    replan_group_sessions(membership.group)
    _tell(
        [membership.person],
        title,
        {"group": membership.group.name},
        body=membership.reason,
        link=membership.group.get_absolute_url(),
    )
    return membership


@transaction.atomic
def decline_membership(*, membership: Membership, by: Actor, reason: str) -> Membership:
    return _end_with_reason(
        membership,
        Membership.Status.DECLINED,
        by=by,
        reason=reason,
        title=gettext_lazy("Your request to join “%(group)s” was declined"),
    )


@transaction.atomic
def leave_group(*, membership: Membership, by: Actor) -> Membership:
    """A member leaves, or withdraws a request; the convenor hears of it."""
    membership = _locked(membership)
    was_member = membership.status == Membership.Status.ACTIVE
    membership.decided_at = timezone.now()
    transition(membership, Membership.Status.LEFT, by=by, workflow=MEMBERSHIPS, also=["decided_at"])
    replan_group_sessions(membership.group)
    person = membership.person
    title = (
        gettext_lazy("%(person)s left “%(group)s”")
        if was_member
        else gettext_lazy("%(person)s withdrew the request to join “%(group)s”")
    )
    _tell(
        [membership.group.convenor],
        title,
        {"person": person.full_name, "group": membership.group.name},
        link=membership.group.get_absolute_url(),
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: Actor, reason: str) -> Membership:
    return _end_with_reason(
        membership,
        Membership.Status.REMOVED,
        by=by,
        reason=reason,
        title=gettext_lazy("You were removed from “%(group)s”"),
    )


# --- Cases -----------------------------------------------------------------------------------


def _check_redaction(
    case: StudyCase,
    parties: Iterable[str],
    not_personal: Iterable[str],
    changes: dict[str, Any] | None = None,
) -> None:
    """Refuse a case whose text (with ``changes``) still holds personal data the submitter has
    not confirmed as not personal (the page masks what they chose to mask before it calls
    this)."""
    changes = changes or {}
    texts = {name: changes.get(name, getattr(case, name)) for name in redaction_fields()}
    left = redaction.unconfirmed(texts, list(parties), not_personal)
    errors: dict[str, list[str]] = {}
    for finding in left:
        errors.setdefault(finding.field, []).append(
            _("Remove or mask the personal data first: “%(text)s” looks like %(kind)s.")
            % {"text": finding.hit.text, "kind": redaction.kind_label(finding.hit.kind)}
        )
    if errors:
        raise ValidationError(errors)


def redaction_fields() -> tuple[str, ...]:
    return ("summary", "difficulty", "conclusion", "experience")


@transaction.atomic
def submit_case(
    *,
    group: CaseStudyGroup,
    by: Actor,
    case_number: str,
    court_of_origin: Court,
    cause_of_action: str,
    summary: str,
    difficulty: str,
    visibility: str = StudyCase.Visibility.GROUP,
    parties: Iterable[str] = (),
    not_personal: Iterable[str] = (),
) -> StudyCase:
    """A member brings a case; the convenor hears of it. Its text passes the redaction check."""
    require(
        permissions.can_submit_case(by, group),
        _("Only members of the group may submit cases to it."),
    )
    person = person_of(by)
    assert person is not None
    case = StudyCase(
        group=group,
        submitted_by=person,
        case_number=case_number,
        court_of_origin=court_of_origin,
        cause_of_action=cause_of_action.strip(),
        summary=summary,
        difficulty=difficulty,
        visibility=visibility,
    )
    case.full_clean()
    _check_redaction(case, parties, not_personal)
    with set_actor(by):
        case.save()
    _reindex_after_commit(case)
    if group.convenor_id != person.pk:
        _tell(
            [group.convenor],
            gettext_lazy("New case for “%(group)s”: %(number)s"),
            {"group": group.name, "number": case.case_number},
            link=case.get_absolute_url(),
        )
    return case


CASE_FIELDS = {
    "case_number",
    "court_of_origin",
    "cause_of_action",
    "summary",
    "difficulty",
    "conclusion",
    "experience",
    "visibility",
}


@transaction.atomic
def update_case(
    *,
    case: StudyCase,
    by: Actor,
    parties: Iterable[str] = (),
    not_personal: Iterable[str] = (),
    **changes: Any,
) -> set[str]:
    case = StudyCase.objects.select_for_update().select_related("group").get(pk=case.pk)
    require(permissions.can_edit_case(by, case), _("You may not change this case."))
    _check_redaction(case, parties, not_personal, changes)
    with set_actor(by):
        changed = model_update(instance=case, fields=CASE_FIELDS, data=changes)
    if changed & INDEXED_FIELDS:
        _reindex_after_commit(case)
    return changed


INDEXED_FIELDS = {"cause_of_action", "summary", "difficulty", "conclusion", "experience"}


def _reindex_after_commit(case: StudyCase) -> None:
    """The similar-case index follows the text in a task, once the change is committed."""

    case_id = case.pk
    transaction.on_commit(lambda: tasks.index_case.delay(case_id))


@transaction.atomic
def move_case(
    *,
    case: StudyCase,
    to: str,
    by: Actor,
    conclusion: str = "",
    experience: str = "",
    not_personal: Iterable[str] = (),
) -> StudyCase:
    """Open the discussion, conclude (with the group's conclusion and the trial experience) or
    reopen a case; its submitter hears of it."""
    case = StudyCase.objects.select_for_update().select_related("group").get(pk=case.pk)
    also: list[str] = []
    if to == StudyCase.Status.CONCLUDED:
        if not conclusion.strip():
            raise ValidationError({"conclusion": _("Write down the group's conclusion.")})
        case.conclusion, case.experience = conclusion.strip(), experience.strip()
        _check_redaction(case, (), not_personal)
        case.concluded_at = timezone.now()
        also = ["conclusion", "experience", "concluded_at"]
    elif case.concluded_at is not None:  # reopened: concluded again later, if ever
        case.concluded_at = None
        also.append("concluded_at")
    if to == StudyCase.Status.DISCUSSION and case.visibility == StudyCase.Visibility.PUBLIC:
        case.visibility = StudyCase.Visibility.STAFF  # only a concluded case is public
        also.append("visibility")
    transition(case, to, by=by, workflow=CASES, also=also)
    if to == StudyCase.Status.CONCLUDED:
        _reindex_after_commit(case)
    if case.submitted_by_id != getattr(person_of(by), "pk", None):
        _tell(
            [case.submitted_by],
            gettext_lazy("Case %(number)s: %(status)s"),
            {"number": case.case_number, "status": StudyCase.Status(case.status).label},
            link=case.get_absolute_url(),
        )
    return case


# --- Study sessions --------------------------------------------------------------------------

REMIND_MEMBERS_BEFORE = datetime.timedelta(days=1)


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _members(group: CaseStudyGroup) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__group=group,
            memberships__status=Membership.Status.ACTIVE,
            user__is_active=True,
        ).select_related("user")
    )


@in_portal_language
def plan_session_reminders(session: StudySession) -> None:
    """Every active member hears of the session the day before (or at once when it is sooner),
    through the reminders that serve exchange meetings; nothing once it is cancelled."""
    plan = []
    if not session.cancelled:

        def body() -> str:
            return "\n".join(
                filter(None, [_when(session.start), session.place, session.online_link])
            )

        plan = [
            reminders.Planned(
                stage="member-1d",
                recipient=person.user,
                due_at=session.start - REMIND_MEMBERS_BEFORE,
                expires_at=session.start,
                title=lambda: (
                    _("Study session of “%(group)s”: %(title)s")
                    % {"group": session.group.name, "title": session.title}
                ),
                body=body,
                link=session.get_absolute_url(),
            )
            for person in _members(session.group)
            if person.user is not None
        ]
    reminders.sync_reminders(session, plan)


def replan_group_sessions(group: CaseStudyGroup) -> None:
    """Members came or went: the coming sessions' reminders follow."""
    for session in StudySession.objects.filter(group=group).upcoming():
        plan_session_reminders(session)


SESSION_FIELDS = {"title", "start", "end", "place", "online_link", "cases"}


def _check_cases(group: CaseStudyGroup, cases: Iterable[StudyCase]) -> None:
    if any(case.group_id != group.pk for case in cases):
        raise ValidationError({"cases": _("Choose cases of this group only.")})


@transaction.atomic
def schedule_session(
    *,
    group: CaseStudyGroup,
    by: Actor,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str = "",
    online_link: str = "",
    cases: Iterable[StudyCase] = (),
) -> StudySession:
    """A new study session; the members are told and reminded the day before."""
    require(
        permissions.can_schedule_session(by, group),
        _("Only the convenor schedules the group's study sessions."),
    )
    cases = list(cases)
    _check_cases(group, cases)
    session = StudySession(
        group=group, title=title, start=start, end=end, place=place, online_link=online_link
    )
    session.full_clean()
    with set_actor(by):
        session.save()
        session.cases.set(cases)
    plan_session_reminders(session)
    _tell(
        [p for p in _members(group) if p.pk != getattr(person_of(by), "pk", None)],
        gettext_lazy("New study session of “%(group)s”: %(title)s, %(when)s"),
        {"group": group.name, "title": session.title, "when": session.start},
        body=session.place,
        link=session.get_absolute_url(),
    )
    return session


@transaction.atomic
def update_session(*, session: StudySession, by: Actor, **changes: Any) -> set[str]:
    """Change a session; when its time or place moves, the members are told and their
    reminders follow."""
    session = StudySession.objects.select_for_update().select_related("group").get(pk=session.pk)
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    if "cases" in changes:
        _check_cases(session.group, changes["cases"])
    old = (session.start, session.place, session.online_link)
    with set_actor(by):
        changed = model_update(instance=session, fields=SESSION_FIELDS, data=changes)
        if changed & {"start", "end", "place", "online_link", "title"}:
            new_calendar_revision(session)
    if changed & {"start", "end", "title", "place", "online_link"}:
        plan_session_reminders(session)
    if (session.start, session.place, session.online_link) != old:
        _tell(
            _members(session.group),
            gettext_lazy("Study session moved: %(title)s, now %(when)s"),
            {"title": session.title, "when": session.start},
            body=session.place,
            link=session.get_absolute_url(),
        )
    return changed


@transaction.atomic
def cancel_session(*, session: StudySession, by: Actor, reason: str) -> StudySession:
    session = StudySession.objects.select_for_update().select_related("group").get(pk=session.pk)
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    if session.cancelled:
        raise ValidationError(_("This session is already cancelled."))
    with set_actor(by):
        model_update(
            instance=session,
            fields=["cancelled", "cancel_reason"],
            data={"cancelled": True, "cancel_reason": _reason(reason)},
        )
        new_calendar_revision(session)
    plan_session_reminders(session)
    _tell(
        _members(session.group),
        gettext_lazy("Study session cancelled: %(title)s, %(when)s"),
        {"title": session.title, "when": session.start},
        body=session.cancel_reason,
        link=session.get_absolute_url(),
    )
    return session


@transaction.atomic
def record_session(
    *, session: StudySession, by: Actor, attendees: Iterable[Person], minutes: str
) -> StudySession:
    """After the session: who attended (members only) and the minutes."""
    session = StudySession.objects.select_for_update().select_related("group").get(pk=session.pk)
    require(permissions.can_edit_session(by, session), _("You may not change this session."))
    if session.cancelled:
        raise ValidationError(_("A cancelled session has no attendance."))
    require_open(windows.window_record_session(session))
    attendees = list(attendees)
    members = {p.pk for p in _members(session.group)}
    if any(p.pk not in members for p in attendees):
        raise ValidationError({"attendees": _("Only the group's members can be recorded.")})
    with set_actor(by):
        model_update(
            instance=session,
            fields={"attendees", "minutes"},
            data={"attendees": attendees, "minutes": minutes.strip()},
        )
    return session


# --- Case reviews ----------------------------------------------------------------------------

REVIEW_FIELDS = {*Criterion.values, "comment"}


@transaction.atomic
def review_case(*, case: StudyCase, by: Actor, comment: str = "", **scores: int) -> CaseReview:
    """The reviewer's review of a concluded case against the rubric: written the first time,
    changed after (one per reviewer and case, a constraint too). The submitter is told."""
    case = StudyCase.objects.select_related("group", "submitted_by__user").get(pk=case.pk)
    require(
        permissions.can_review_case(by, case),
        _("Members review concluded cases of their group, never their own."),
    )
    if set(scores) != set(Criterion.values):
        raise ValidationError(_("Score every criterion from 1 to 5."))
    person = person_of(by)
    review = CaseReview.objects.select_for_update().filter(case=case, reviewer=person).first()
    data = {**scores, "comment": comment.strip()}
    with set_actor(by):
        if review is not None:
            model_update(instance=review, fields=REVIEW_FIELDS, data=data)
            return review
        review = CaseReview(case=case, reviewer=person, **data)
        review.full_clean()
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError:  # the same reviewer's second tab, at the same moment
            raise ValidationError(_("You have already reviewed this case.")) from None
    _tell(
        [case.submitted_by],
        gettext_lazy("Case %(number)s was reviewed (average %(average).1f)"),
        {"number": case.case_number, "average": review.average},
        link=case.get_absolute_url() + "#reviews",
    )
    return review
