from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.validators import portal_years

from .choices import Area, Position
from .permissions import CourtOwned, CourtScopedQuerySet


class Court(models.Model):
    """One of the three courts of the agreement (created by a data migration)."""

    slug = models.SlugField(_("code"), max_length=20, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=10)
    short_name_en = models.CharField(_("short name (English)"), max_length=20)
    province = models.CharField(_("province"), max_length=20)
    case_code = models.CharField(
        _("court code in case numbers"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^[\u4e00-\u9fff]\d{4}$",
                _("Write the province's abbreviation and four digits, e.g. 沪0116."),
            )
        ],
        help_text=_(
            "The province's abbreviation and the court's four digits, as in its case numbers, "
            "e.g. 沪0116."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Reminder channels: the portal inbox always; e-mail and a group robot by choice.
    email_reminders = models.BooleanField(_("send reminders by e-mail"), default=True)
    webhook_url = models.URLField(
        _("group robot webhook"),
        blank=True,
        help_text=_("WeCom or DingTalk group robot address; set by administrators only."),
    )
    webhook_format = models.CharField(
        _("robot type"),
        max_length=10,
        choices=[("wecom", _("WeCom")), ("dingtalk", _("DingTalk"))],
        default="wecom",
    )
    webhook_secret = models.CharField(
        _("robot signing secret"),
        max_length=100,
        blank=True,
        help_text=_("DingTalk robots with 加签 only: the secret starting with SEC."),
    )

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("court")
        verbose_name_plural = _("courts")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("courts:court-detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def short_name(self) -> str:
        return self.short_name_en if (get_language() or "").startswith("en") else self.short_name_zh


class PartyBranch(models.Model):
    """A Party branch (党支部) of one court."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="branches"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["court__sort_order", "name"]
        verbose_name = _("Party branch")
        verbose_name_plural = _("Party branches")
        constraints = [
            models.UniqueConstraint(fields=["court", "name"], name="unique_branch_name_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.court.short_name} · {self.name}"


class PersonQuerySet(CourtScopedQuerySet):
    def active(self) -> PersonQuerySet:
        return self.filter(user__is_active=True)

    def of_court(self, court: Court | int) -> PersonQuerySet:
        return self.filter(court=court)

    def with_related(self) -> PersonQuerySet:
        return self.select_related("user", "court", "branch")

    def for_choices(self) -> PersonQuerySet:
        """Just what a choice label needs (name, court): long lists of people load fast."""
        return self.select_related("court").only(
            "id", "full_name", "court_id", "court__short_name_zh", "court__short_name_en"
        )


class Person(CourtOwned):
    """The staff profile of a user: every user of the portal belongs to exactly one court."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=50)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="people"
    )
    branch = models.ForeignKey(
        PartyBranch,
        verbose_name=_("Party branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    is_party_member = models.BooleanField(_("Party member"), default=False)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["court__sort_order", "full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext("%(name)s (%(court)s)") % {
            "name": self.full_name,
            "court": self.court.short_name,
        }

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        branch = self.branch if self.branch_id else None
        if branch is not None and self.court_id and branch.court_id != self.court_id:
            raise ValidationError(
                {"branch": _("The Party branch must belong to the person's own court.")}
            )


class CooperationItemQuerySet(CourtScopedQuerySet):
    def with_related(self) -> CooperationItemQuerySet:
        return self.select_related("lead_court", "responsible__court")

    def open(self) -> CooperationItemQuerySet:
        return self.exclude(
            status__in=[CooperationItem.Status.DONE, CooperationItem.Status.DROPPED]
        )

    def overdue(self) -> CooperationItemQuerySet:
        return self.open().filter(due_date__lt=timezone.localdate())


class CooperationItem(CourtOwned):
    """A concrete cooperation item (具体合作事项) agreed between the courts."""

    owner_court_field = "lead_court"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.TextField(_("description"), blank=True)
    lead_court = models.ForeignKey(
        Court,
        verbose_name=_("lead court"),
        on_delete=models.PROTECT,
        related_name="led_cooperation_items",
    )
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("responsible leader"),
        on_delete=models.PROTECT,
        related_name="cooperation_items",
    )
    due_date = models.DateField(_("due date"), validators=[portal_years])
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress_note = models.TextField(_("progress note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CooperationItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("cooperation item")
        verbose_name_plural = _("cooperation items")
        indexes = [
            # The list's order, and the open items by due date (home page, overdue count).
            models.Index(fields=["due_date", "id"], name="cooperation_item_order_idx"),
            models.Index(
                fields=["due_date"],
                condition=~models.Q(status__in=["done", "dropped"]),
                name="cooperation_item_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courts:cooperationitem-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.DONE, self.Status.DROPPED}

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    # A reminder target (core.registry.ReminderTarget): reminded until done or dropped.
    def reminder_still_wanted(self, reminder: Any) -> bool:
        return self.is_open

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        return []

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.responsible_id
            and self.lead_court_id
            and self.responsible.court_id != self.lead_court_id
        ):
            raise ValidationError(
                {"responsible": _("The responsible leader must work at the lead court.")}
            )


AGREEMENT_YEAR = 2020  # the first year the dashboard and its targets reach back to


class TargetQuerySet(CourtScopedQuerySet):
    pass


class Target(CourtOwned):
    """A yearly target of one court for one measure of the dashboard, in one of its rows (an
    area, or an activity kind): "4 joint Party lessons", "6 items published". The measure is a
    registered figure's key (``courts.registry``); the service checks it and its row."""

    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(AGREEMENT_YEAR), MaxValueValidator(2100)],
    )
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="targets"
    )
    figure = models.CharField(_("measure"), max_length=60)
    row = models.CharField(_("area or kind"), max_length=40)
    value = models.PositiveIntegerField(
        _("target"), validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "court__sort_order", "figure", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "court", "figure", "row"],
                name="one_target_per_court_measure_row",
                violation_error_message=_("This court already has a target for that measure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.court} · {self.figure} · {self.row}: {self.value}"
