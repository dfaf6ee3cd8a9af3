"""Publicity: the courts' good practices written up, reviewed, published to the public pages and
recorded where they appeared outside the portal (newspapers, court websites, WeChat…).

An item belongs to its author's court; that court's publicity reviewers approve or return it.
Only published items are public; every move between statuses is kept as an ``ItemEvent`` (who,
when, why) and shown as the item's history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import PrivateFile, private_storage
from core.validators import portal_years
from courts.choices import Area
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=20, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(CourtScopedQuerySet):
    def published(self) -> ItemQuerySet:
        return self.filter(status=PublicityItem.Status.PUBLISHED)

    def for_list(self) -> ItemQuerySet:
        return self.select_related("court", "author")


class PublicityItem(CourtOwned):
    """A write-up of a good practice or a piece of the courts' joint work."""

    owner_court_field = "court"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Where the item may be edited by its author.
    EDITABLE = ("draft", "returned", "withdrawn")

    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(
        pgettext_lazy("publicity", "summary"),
        max_length=300,
        help_text=_("Two or three sentences: the lists, the feed and shared links show them."),
    )
    body = models.TextField(
        _("body"),
        max_length=30000,
        help_text=_("Headings, bold, lists, links and the item's own images; no other HTML."),
    )
    # rendered and sanitised
    body_html = models.TextField(_("body as shown"), editable=False, blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="publicity_items"
    )
    courts = models.ManyToManyField(
        Court, verbose_name=_("courts involved"), related_name="publicity_involving", blank=True
    )
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="publicity_items"
    )
    cover = models.ForeignKey(
        "ItemImage",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="items")
    good_practice = models.BooleanField(
        _("good practice"), default=False, help_text=_("好经验好做法: shown with a mark.")
    )
    joint_signoff = models.BooleanField(
        _("sign-off by every court involved"),
        default=False,
        help_text=_("The reviewers of every court involved sign off before it is published."),
    )
    # What the item reports on: "app_label.model:pk" of a joint activity, a concluded public
    # case or a training session (kept as text: the apps do not depend on one another).
    source = models.CharField(_("reports on"), max_length=60, blank=True, editable=False)
    source_title = models.CharField(_("drafted from"), max_length=200, blank=True, editable=False)
    source_url = models.CharField(
        _("link to the source"), max_length=200, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("reviewer's comment"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="publicity_public_order"),
            models.Index(fields=["court", "status"], name="publicity_court_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:item-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("public-item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


def image_path(instance: ItemImage, filename: str) -> str:
    return f"publicity/images/{filename}"


class ItemImage(models.Model):
    """An image of an item's body or its cover: checked, resized, re-encoded (no metadata), and
    public once its item is published."""

    item = models.ForeignKey(
        PublicityItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="images"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=image_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt = models.CharField(_("description"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("public-image", args=[self.pk])

    def markdown(self) -> str:
        return f"![{self.alt}]({self.get_absolute_url()})"


def attachment_path(instance: ItemAttachment, filename: str) -> str:
    return f"publicity/attachments/{instance.item_id}/{filename}"


class ItemAttachment(PrivateFile):
    """A document behind the item (a draft, a source): staff only, never on public pages."""

    item = models.ForeignKey(
        PublicityItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=300
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class ItemEvent(models.Model):
    """One move of an item's status: who, when, from what to what, and why."""

    item = models.ForeignKey(PublicityItem, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    before = models.CharField(max_length=10, choices=PublicityItem.Status.choices)
    after = models.CharField(max_length=10, choices=PublicityItem.Status.choices)
    comment = models.TextField(max_length=2000, blank=True)
    # A joint item's sign-off for this court (the status does not move).
    signoff_court = models.ForeignKey(
        Court,
        verbose_name=_("signed off for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        if self.before == self.after:
            return f"{self.item} · {self.get_after_display()}"
        return f"{self.item} · {self.get_before_display()} → {self.get_after_display()}"


class Signoff(models.Model):
    """A court's reviewer agreeing that a joint item may be published."""

    item = models.ForeignKey(
        PublicityItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="signoffs"
    )
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "court"], name="publicity_one_signoff_per_court"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.court.short_name}"


class Channel(models.TextChoices):
    NEWSPAPER = "newspaper", _("Newspaper")
    WEBSITE = "website", _("Court website")
    WECHAT = "wechat", _("WeChat official account")
    VIDEO = "video", _("Video platform")
    OTHER = "other", _("Other")


def clipping_path(instance: PublicationRecord, filename: str) -> str:
    return f"publicity/clippings/{instance.item_id}/{filename}"


class PublicationRecord(models.Model):
    """Where and when the item appeared outside the portal, with a link or a scanned clipping."""

    item = models.ForeignKey(
        PublicityItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="records"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    outlet = models.CharField(_("outlet"), max_length=100)
    date = models.DateField(_("date"), validators=[portal_years])
    link = models.URLField(_("link"), max_length=500, blank=True)
    clipping = models.FileField(
        _("scanned clipping"),
        storage=private_storage,
        upload_to=clipping_path,
        blank=True,
        max_length=300,
    )
    reach = models.PositiveIntegerField(
        _("reads"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000_000)],
        help_text=_("If known."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("publication record")
        verbose_name_plural = _("publication records")

    def __str__(self) -> str:
        return f"{self.outlet} {self.date}"

    def clean(self) -> None:
        if self.date and not 2020 <= self.date.year <= 2100:
            raise ValidationError({"date": _("Choose a date between 2020 and 2100.")})
