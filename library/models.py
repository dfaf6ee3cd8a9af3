"""The shared resource library (资源信息共享): the three courts' judicial and Party-building
materials in one place — a resource, its versions (every one kept downloadable) and who
downloaded it from which court."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import PrivateFile, private_storage
from core.types import Viewer
from courts.choices import Area
from courts.models import Court
from courts.permissions import CourtOwned, CourtScopedQuerySet

from .permissions import resource_reader


class Kind(models.TextChoices):
    CASE_COMPILATION = "cases", _("Typical-case compilation")
    TRIAL_GUIDELINE = "guideline", _("Trial guideline")
    PARTY_STUDY = "party_study", _("Party study material")
    TRAINING = "training", _("Training material")
    TEMPLATE = "template", _("Template")
    GOOD_PRACTICE = "practice", _("Good-practice write-up")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    COURT = "court", _("Our court only")
    ALLIANCE = "alliance", _("The three courts")
    PUBLIC = "public", _("Public, on the public pages")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resource tag")
        verbose_name_plural = _("resource tags")

    def __str__(self) -> str:
        return self.name


class ResourceQuerySet(CourtScopedQuerySet):
    def visible_to(self, user: Viewer) -> ResourceQuerySet:
        """THE rule of who reads a resource: administrators every one; the staff of a court
        those shared with the three courts, the public ones and their own court's; a visitor
        the public ones."""
        return self.filter(resource_reader(user).as_q())

    def for_list(self) -> ResourceQuerySet:
        return self.select_related("court", "latest").defer("description")


class Resource(CourtOwned):
    """A material a court shares: a file (with its versions) or a link."""

    owner_court_field = "court"

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of resource"), max_length=12, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    court = models.ForeignKey(
        Court, verbose_name=_("owning court"), on_delete=models.PROTECT, related_name="resources"
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="resources")
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_(
            "For a material that lives elsewhere on the courts' network; or upload a file."
        ),
    )
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.ALLIANCE
    )
    # The words of the latest file (a PDF's or a Word document's), read when it was uploaded,
    # so that the search finds a word inside the file (library.text).
    file_text = models.TextField(_("text of the file"), blank=True, editable=False)
    # The newest version, kept on the row so that the list shows it without a query per row.
    latest = models.ForeignKey(
        "ResourceVersion",
        verbose_name=_("latest version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("shared at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="library_resource_order"),
            models.Index(fields=["visibility", "court"], name="library_resource_visible"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public-resource", args=[self.pk])


def version_path(instance: ResourceVersion, filename: str) -> str:
    return f"library/{instance.resource_id}/{filename}"


class ResourceVersion(PrivateFile):
    """One upload of a resource's file. Every version stays downloadable, with its date and
    who uploaded it; the text of a PDF or Word file is kept for the library's search."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=version_path, max_length=300
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="one_number_per_version")
        ]

    def get_absolute_url(self) -> str:
        return reverse("library:version-download", args=[self.pk])

    def can_download(self, user: Viewer) -> bool:
        return Resource.objects.visible_to(user).filter(pk=self.resource_id).exists()


class Download(models.Model):
    """A download of a version: which court's staff use which court's materials."""

    version = models.ForeignKey(
        ResourceVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="downloads"
    )
    court = models.ForeignKey(
        Court,
        verbose_name=_("court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a visitor of the public pages."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        indexes = [models.Index(fields=["resource", "court"], name="library_download_court")]

    def __str__(self) -> str:
        return f"{self.resource_id} · {self.at:%Y-%m-%d}"


class ResourceUse(models.Model):
    """A resource used by a record of another app (an activity, a training session, a case-study
    group, a publicity item): shown on that record's page and, as "where it is used", on the
    resource's."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="uses"
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("target_type", "target_id")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("use of a resource")
        verbose_name_plural = _("uses of resources")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "target_type", "target_id"], name="one_use_per_record"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="library_use_target")]

    def __str__(self) -> str:
        return f"{self.resource_id} → {self.target_type_id}:{self.target_id}"
