"""Joint academic symposia (学术讨论会联席会议) and the papers presented at them: the trial
quality area's research output, hosted by one court in turn."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.types import Viewer
from core.validators import portal_years
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet


class Symposium(CourtOwned):
    """A joint academic symposium (学术讨论会联席会议), hosted by one court in turn."""

    owner_court_field = "host_court"

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    host_court = models.ForeignKey(
        Court, verbose_name=_("host court"), on_delete=models.PROTECT, related_name="symposia"
    )
    date = models.DateField(_("date"), validators=[portal_years])
    theme = models.TextField(_("theme"), max_length=2000, blank=True)
    # The joint meeting (学术讨论会联席会议) recorded as a joint activity: one thing, two records,
    # linked both ways (the activity's page shows its symposium through the reverse side).
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("joint meeting (activity)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="symposium",
        limit_choices_to={"kind": "symposium_joint_meeting"},
        help_text=_(
            "The joint activity of kind “academic symposium joint meeting” it was held at."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourtScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("symposium")
        verbose_name_plural = _("symposia")
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year"],
                name="one_symposium_title_per_year",
                violation_error_message=_("A symposium with this title exists in that year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("symposia:symposium-detail", args=[self.pk])

    def clean(self) -> None:
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": _("The date must fall in the symposium's year.")})
        meeting = self.activity
        if meeting is not None:
            if meeting.kind != "symposium_joint_meeting":
                raise ValidationError(
                    {
                        "activity": _(
                            "Choose an activity of kind “academic symposium joint meeting”."
                        )
                    }
                )
            if self.host_court_id and meeting.host_court_id != self.host_court_id:
                raise ValidationError(
                    {"activity": _("The activity is hosted by another court than the symposium.")}
                )
            if self.date and timezone.localtime(meeting.start).date() != self.date:
                raise ValidationError(
                    {"activity": _("The activity is on another day than the symposium.")}
                )


def paper_path(instance: Paper, filename: str) -> str:
    return f"papers/{instance.symposium_id}/{filename}"


class Paper(models.Model):
    """A research paper presented at a symposium, usually by judicial assistants."""

    class Award(models.TextChoices):
        FIRST = "first", _("First prize")
        SECOND = "second", _("Second prize")
        THIRD = "third", _("Third prize")
        EXCELLENCE = "excellence", _("Excellence award")
        NONE = "none", _("No award")

    symposium = models.ForeignKey(
        Symposium, verbose_name=_("symposium"), on_delete=models.CASCADE, related_name="papers"
    )
    title = models.CharField(_("title"), max_length=200)
    authors = models.ManyToManyField(Person, verbose_name=_("authors"), related_name="papers")
    abstract = models.TextField(_("abstract"), max_length=5000, blank=True)
    award = models.CharField(_("award"), max_length=12, choices=Award.choices, default=Award.NONE)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=paper_path, max_length=300, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["symposium", "title"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        indexes = [models.Index(fields=["award"], name="casegroups_paper_award")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("symposia:paper-detail", args=[self.pk])

    # What core.files.serve_private_file asks of a stored file.
    is_image = False

    def can_download(self, user: Viewer) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active and self.file)
