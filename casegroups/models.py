"""Cross-region case-study groups of specialised judges, their members and the cases they study.

Issue 10, first part: the data and its rules that the database itself keeps (one open membership
per judge and group, one case per case number and group). Pages, services, study sessions,
reviews and symposia build on these.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.clock import local_midnight
from core.ical import calendar_bytes
from core.registry import CalendarEvent
from core.validators import portal_years
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet

from . import case_numbers


class Specialty(models.TextChoices):
    COMMERCIAL = "commercial", _("Commercial")
    FINANCIAL = "financial", _("Financial")
    INTELLECTUAL_PROPERTY = "ip", _("Intellectual property")
    ENVIRONMENT = "environment", _("Environment and resources")
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    ENFORCEMENT = "enforcement", _("Enforcement")
    FAMILY = "family", _("Family")
    OTHER = "other", _("Other")


class GroupQuerySet(CourtScopedQuerySet):
    def for_list(self) -> GroupQuerySet:
        """With what a list row shows: the convenor and counts of members and cases (each a
        subquery per row shown, not a join of every membership with every case)."""

        def count(model: str, **lookup: object) -> Coalesce:
            rows = (
                apps.get_model("casegroups", model)
                .objects.filter(group=models.OuterRef("pk"), **lookup)
                .order_by()
                .values("group")
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(rows), 0)

        return self.select_related("convenor__court").annotate(
            member_count=count("Membership", status="active"), case_count=count("StudyCase")
        )


class CaseStudyGroup(CourtOwned):
    """A group of judges of the three courts studying difficult and new-type cases together."""

    owner_court_field = "convenor__court"

    name = models.CharField(_("name"), max_length=100, unique=True)
    specialty = models.CharField(_("specialty"), max_length=20, choices=Specialty.choices)
    purpose = models.TextField(_("purpose"), max_length=2000)
    convenor = models.ForeignKey(
        Person, verbose_name=_("convenor"), on_delete=models.PROTECT, related_name="convened_groups"
    )
    member_courts = models.ManyToManyField(
        Court,
        verbose_name=_("member courts"),
        related_name="case_study_groups",
        blank=True,
        help_text=_("The convenor's court and the courts of its members always take part."),
    )
    open_to_requests = models.BooleanField(_("open to requests"), default=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Off: archived."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("case-study group")
        verbose_name_plural = _("case-study groups")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("casegroups:group-detail", args=[self.pk])


class Membership(models.Model):
    """A judge's request to join a group and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the convenor")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    OPEN = (Status.PENDING, Status.ACTIVE)

    group = models.ForeignKey(
        CaseStudyGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    statement = models.TextField(_("why I want to join"), max_length=500, blank=True)
    reason = models.TextField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["group", "person__court__sort_order", "person__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # A judge has at most one pending or active membership per group; after leaving,
            # being declined or removed, they may ask again.
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_membership_per_judge_and_group",
                violation_error_message=_("This judge already belongs to or asked to join it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.group}"


class StudyCaseQuerySet(models.QuerySet):
    def for_list(self) -> StudyCaseQuerySet:
        return self.select_related("group", "court_of_origin", "submitted_by__court")


class StudyCase(models.Model):
    """A case a member brings to the group, anonymised, with what the group concluded."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        DISCUSSION = "discussion", _("Under discussion")
        CONCLUDED = "concluded", _("Concluded")

    class Visibility(models.TextChoices):
        GROUP = "group", _("The group only")
        STAFF = "staff", _("All staff of the three courts")
        PUBLIC = "public", _("Public, as a good practice")

    group = models.ForeignKey(
        CaseStudyGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="cases"
    )
    submitted_by = models.ForeignKey(
        Person, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(
        _("case number"),
        max_length=40,
        help_text=_("As on the judgment, e.g. （2020）沪0116民初1234号."),
    )
    court_of_origin = models.ForeignKey(
        Court, verbose_name=_("court of origin"), on_delete=models.PROTECT, related_name="+"
    )
    cause_of_action = models.CharField(_("cause of action"), max_length=100)
    summary = models.TextField(_("anonymised summary"), max_length=10000)
    difficulty = models.TextField(_("why it is difficult or new"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    conclusion = models.TextField(_("the group's conclusion"), max_length=10000, blank=True)
    experience = models.TextField(_("trial experience"), max_length=10000, blank=True)
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.GROUP
    )
    # When the group concluded it (cleared when it is reopened): the month the dashboard counts
    # it in.
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The similar-case index (casegroups.similar): its words' count, and when it was indexed
    # (a sweep re-indexes a case whose text changed after that).
    term_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    indexed_at = models.DateTimeField(_("indexed at"), null=True, blank=True, editable=False)

    objects = StudyCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case under study")
        verbose_name_plural = _("cases under study")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "case_number"],
                name="one_case_number_per_group",
                violation_error_message=_("This group already studies a case with this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    def get_absolute_url(self) -> str:
        return reverse("casegroups:case-detail", args=[self.pk])

    def validate_constraints(self, exclude: Any = None) -> None:
        """Its one constraint is about the case number: the message goes on that field."""
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            raise ValidationError({"case_number": error.messages}) from error

    def clean(self) -> None:
        try:
            number = case_numbers.parse(self.case_number)
            self.case_number = str(number)
            if self.court_of_origin_id:
                origin = self.court_of_origin
                case_numbers.check_origin(number, origin.case_code, origin.name)
        except ValidationError as error:
            raise ValidationError({"case_number": error.messages}) from error
        if self.visibility == self.Visibility.PUBLIC and not (
            self.status == self.Status.CONCLUDED and self.experience.strip()
        ):
            raise ValidationError(
                {
                    "visibility": _(
                        "Only a concluded case with its trial experience can be made public."
                    )
                }
            )


class StudySessionQuerySet(models.QuerySet):
    def for_list(self) -> StudySessionQuerySet:
        return self.select_related("group__convenor__court")

    def upcoming(self) -> StudySessionQuerySet:

        return self.filter(end__gte=timezone.now(), cancelled=False).order_by("start")

    def held(self, today: datetime.date) -> StudySessionQuerySet:
        """The sessions held by the start of ``today``: not cancelled and over (the day is the
        dashboard's unit: one that ends today counts from tomorrow)."""
        return self.filter(cancelled=False, end__lte=local_midnight(today))


class StudySession(models.Model):
    """A meeting of a group to discuss some of its cases: in a room, online, or both."""

    group = models.ForeignKey(
        CaseStudyGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"), validators=[portal_years])
    end = models.DateTimeField(_("end"), validators=[portal_years])
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown to the group's members only."),
    )
    cases = models.ManyToManyField(
        StudyCase, verbose_name=_("cases to discuss"), blank=True, related_name="sessions"
    )
    attendees = models.ManyToManyField(
        Person, verbose_name=_("attended"), blank=True, related_name="study_sessions_attended"
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=500, blank=True)
    ical_sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        indexes = [models.Index(fields=["start"], name="casegroups_session_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="study_session_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("casegroups:session-detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.start and self.end and (self.end - self.start).days >= 2:
            errors["end"] = _("A study session lasts two days at most.")
        if not self.place.strip() and not self.online_link.strip():
            errors["place"] = _("Give a place, an online meeting link, or both.")
        if errors:
            raise ValidationError(errors)

    def as_calendar_event(self, *, with_link: bool = False) -> CalendarEvent:
        """The session as the calendar page, .ics downloads and feeds show it; its online link
        only for a member (``with_link``)."""
        where = self.place or str(_("Online"))
        lines = [self.group.name]
        if with_link and self.online_link:
            lines.append(self.online_link)
        return CalendarEvent(
            uid=f"study-session-{self.pk}@jinpingjia",
            title=self.title,
            start=self.start,
            end=self.end,
            url=self.get_absolute_url(),
            place=where,
            description="\n".join(lines),
            categories=(str(_("Study session")),),
            kind=SESSION_KIND,
            court_labels=(),
            cancelled=self.cancelled,
            sequence=self.ical_sequence,
            ics_url=reverse("casegroups:session-ics", args=[self.pk]),
        )

    # A reminder target (core.registry.ReminderTarget).
    def reminder_still_wanted(self, reminder: Any) -> bool:
        return not self.cancelled

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        from django.conf import settings

        base_url = getattr(settings, "PORTAL_URL", "").rstrip("/")
        event = self.as_calendar_event(with_link=True)  # reminders go to members only
        content = calendar_bytes(self.title, [event], base_url=base_url)
        return [(f"study-session-{self.pk}.ics", content, "text/calendar")]


SESSION_KIND = "study_session"


class Criterion(models.TextChoices):
    """The review rubric (案件评查): each criterion scored 1–5."""

    FACTS = "facts", _("Fact finding")
    LAW = "law", _("Application of law")
    PROCEDURE = "procedure", _("Procedure")
    REASONING = "reasoning", _("Reasoning of the judgment")
    OUTCOME = "outcome", _("Outcome and effect")


SCORE_MIN, SCORE_MAX = 1, 5

# What a score means for each criterion (shown under each score on the review form).
RUBRIC = {
    Criterion.FACTS: _(
        "5: facts clear, evidence complete and weighed in the judgment; 3: the main facts are "
        "clear, some details rest on thin evidence; 1: main facts unclear or unproven."
    ),
    Criterion.LAW: _(
        "5: the right provisions, correctly construed and cited; 3: the right provisions, with "
        "gaps in the reasoning on them; 1: a wrong provision or a misreading that changes the "
        "outcome."
    ),
    Criterion.PROCEDURE: _(
        "5: every procedural step on time and as the law requires; 3: minor lapses without "
        "effect on the parties' rights; 1: a lapse that harmed a party's rights (service, "
        "time limits, recusal)."
    ),
    Criterion.REASONING: _(
        "5: answers each party's main arguments, clearly and in order; 3: the reasons are "
        "there but thin or out of order; 1: the judgment does not say why."
    ),
    Criterion.OUTCOME: _(
        "5: a fair result, accepted and enforced, good for similar cases; 3: a sound result "
        "with some dispute left; 1: a result that had to be corrected or caused new disputes."
    ),
}


def _score_field(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )


class CaseReview(models.Model):
    """One member's review of a concluded case against the rubric; one per reviewer and case."""

    case = models.ForeignKey(
        StudyCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        Person, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="case_reviews"
    )
    facts = _score_field(Criterion.FACTS.label)
    law = _score_field(Criterion.LAW.label)
    procedure = _score_field(Criterion.PROCEDURE.label)
    reasoning = _score_field(Criterion.REASONING.label)
    outcome = _score_field(Criterion.OUTCOME.label)
    comment = models.TextField(_("comments"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reviewer"],
                name="one_review_per_reviewer_and_case",
                violation_error_message=_("You have already reviewed this case."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{c}__gte": SCORE_MIN, f"{c}__lte": SCORE_MAX}),
                    name=f"review_{c}_from_1_to_5",
                )
                for c in Criterion.values
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.reviewer}"

    @property
    def scores(self) -> list[tuple[str, int]]:
        return [(str(label), getattr(self, code)) for code, label in Criterion.choices]

    @property
    def average(self) -> float:
        return sum(getattr(self, c) for c in Criterion.values) / len(Criterion.values)


class CaseTerm(models.Model):
    """A word of a case's text and how often it occurs there: the postings of the similar-case
    index (casegroups.similar)."""

    case = models.ForeignKey(
        StudyCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField(_("word"), max_length=40)
    tf = models.PositiveSmallIntegerField(_("times in the case"))

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")
        constraints = [
            models.UniqueConstraint(fields=["case", "term"], name="one_posting_per_case_and_term")
        ]
        indexes = [models.Index(fields=["term", "case"], name="casegroups_term_postings")]

    def __str__(self) -> str:
        return f"{self.term} × {self.tf}"


class Term(models.Model):
    """How many indexed cases use a word (its document frequency)."""

    term = models.CharField(_("word"), max_length=40, unique=True)
    df = models.PositiveIntegerField(_("cases with the word"), default=0)

    class Meta:
        verbose_name = _("index word")
        verbose_name_plural = _("index words")

    def __str__(self) -> str:
        return self.term
