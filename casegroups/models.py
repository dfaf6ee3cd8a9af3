"""Cross-region case-study groups of specialised judges, their members and the cases they study.

Issue 10, first part: the data and its rules that the database itself keeps (one open membership
per judge and group, one case per case number and group). Pages, services, study sessions,
reviews and symposia build on these.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.types import Viewer
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
        """With what a list row shows: the convenor and counts of members and cases."""
        return self.select_related("convenor__court").annotate(
            member_count=models.Count(
                "memberships", filter=Q(memberships__status="active"), distinct=True
            ),
            case_count=models.Count("cases", distinct=True),
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
        Court, verbose_name=_("member courts"), related_name="case_study_groups"
    )
    open_to_requests = models.BooleanField(_("open to requests"), default=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Off: archived."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

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
    def visible_to(self, user: Viewer) -> StudyCaseQuerySet:
        """The cases whose details ``user`` may read (permissions.can_read_case_details, as a
        query): shared with all staff, or of a group the user is an active member of."""
        from courts.permissions import can_read, is_portal_admin, person_of

        if not can_read(user):
            return self.none()
        if is_portal_admin(user):
            return self.all()
        shared = ~Q(visibility=StudyCase.Visibility.GROUP)
        person = person_of(user)
        if person is None:
            return self.filter(shared)
        member = Membership.objects.filter(
            group=models.OuterRef("group"), person=person, status=Membership.Status.ACTIVE
        )
        return self.filter(shared | Q(models.Exists(member)))

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    def validate_constraints(self, exclude=None) -> None:
        """Its one constraint is about the case number: the message goes on that field."""
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            raise ValidationError({"case_number": error.messages}) from error

    def clean(self) -> None:
        try:
            self.case_number = case_numbers.normalise(self.case_number)
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
