"""The joint "金平嘉" staff training programme: programmes, sessions with limited seats (and an
optional quota per court), enrolments with a waiting list, attendance and certificates.

Seats are the scarce resource. Every change that takes or frees a seat runs in
``services`` under a row lock on the session (see ``services.lock_session``), so the counts
below are only ever read by the one transaction that may change them.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import PrivateFile, private_storage
from core.ical import calendar_bytes
from core.registry import CalendarEvent
from core.validators import portal_years
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet

MAX_SEATS = 500
SESSION_KIND = "training"


class Programme(models.Model):
    """One year's joint training programme (one a year is usual)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="training_programme_unique_title",
                violation_error_message=_("A programme of that year already has this title."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("training:programme-detail", args=[self.pk])


class SessionQuerySet(CourtScopedQuerySet):
    def for_list(self) -> SessionQuerySet:
        """With the host court, the programme and the seats taken (a subquery per row shown)."""
        return self.select_related("host_court", "programme").annotate(
            taken=Enrolment.seats_taken_subquery(),
            waiting=Enrolment.count_subquery(status=Enrolment.Status.WAITLISTED),
        )

    def in_state(self, state: str) -> SessionQuerySet:
        """The sessions a reader sees in ``state`` (``TrainingSession.state``), to the minute:
        the time compared with is the minute's start, so that a filtered list's query text —
        the key of its kept total and ids (core.generations) — stays the same for the minute,
        as long as any answer that read the clock is kept. With the exact time each request
        was a new query, counted and ordered afresh."""
        now = timezone.now().replace(second=0, microsecond=0)
        running = Q(status__in=("open", "closed"))
        if state == "open":
            return self.filter(running, status="open", enrol_deadline__gte=now, start__gt=now)
        if state == "closed":
            return self.filter(running, start__gt=now).filter(
                Q(status="closed") | Q(enrol_deadline__lt=now)
            )
        if state == "begun":
            return self.filter(Q(running, start__lte=now) | Q(status="held", end__gt=now))
        if state == "held":
            return self.filter(status="held", end__lte=now)
        return self.filter(status=state)

    def upcoming(self) -> SessionQuerySet:
        return self.filter(end__gte=timezone.now()).exclude(status=TrainingSession.Status.CANCELLED)


class TrainingSession(CourtOwned):
    """One session of the programme, hosted by one court, with a fixed number of seats."""

    # Annotated by ``for_list()`` (or set from a kept page): seats taken, people waiting.
    taken: int
    waiting: int

    owner_court_field = "host_court"

    class Status(models.TextChoices):
        OPEN = "open", _("Open for enrolment")
        CLOSED = "closed", _("Enrolment closed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class State(models.TextChoices):
        """What a reader sees: the status as the clock moves it on (deadline, start)."""

        OPEN = "open", _("Open for enrolment")
        CLOSED = "closed", _("Enrolment closed")
        BEGUN = "begun", _("Attendance to record")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    host_court = models.ForeignKey(
        Court, verbose_name=_("host court"), on_delete=models.PROTECT, related_name="+"
    )
    trainer = models.CharField(
        _("trainer"), max_length=100, help_text=_("The name of the person who teaches.")
    )
    trainer_organisation = models.CharField(
        _("trainer's organisation and title"),
        max_length=100,
        blank=True,
        help_text=_("Where the trainer works and their title, e.g. 浙江大学光华法学院 教授."),
    )
    start = models.DateTimeField(_("start"), validators=[portal_years])
    end = models.DateTimeField(_("end"), validators=[portal_years])
    venue = models.CharField(_("venue"), max_length=200)
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)]
    )
    court_quota = models.PositiveSmallIntegerField(
        _("seats per court"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SEATS)],
        help_text=_(
            "Leave empty for first come, first served. Seats a court has not used are released "
            "to the other courts some days before the enrolment deadline."
        ),
    )
    enrol_deadline = models.DateTimeField(_("enrolment deadline"), validators=[portal_years])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=500, blank=True)
    quota_released_at = models.DateTimeField(
        _("quota released at"), null=True, blank=True, editable=False
    )
    ical_sequence = models.PositiveIntegerField(_("calendar version"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [
            models.Index(fields=["start"], name="training_session_start"),
            models.Index(fields=["status", "enrol_deadline"], name="training_session_release"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="training_session_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(enrol_deadline__lte=models.F("start")),
                name="training_session_deadline_before_start",
                violation_error_message=_("The enrolment deadline must not be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1, seats__lte=MAX_SEATS),
                name="training_session_seats_bounded",
                violation_error_message=_("Between 1 and 500 seats."),
            ),
            models.CheckConstraint(
                condition=Q(court_quota__isnull=True) | Q(court_quota__lte=models.F("seats")),
                name="training_session_quota_within_seats",
                violation_error_message=_("A court's quota cannot exceed the seats."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:session-detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.start and self.end and self.end - self.start > datetime.timedelta(days=7):
            errors["end"] = _("A training session lasts a week at most.")
        if self.start and not 2020 <= self.start.year <= 2100:
            errors["start"] = _("Choose a date between 2020 and 2100.")
        if self.start and self.enrol_deadline and self.enrol_deadline > self.start:
            errors["enrol_deadline"] = _("The enrolment deadline must not be after the start.")
        if (
            self.start
            and self.enrol_deadline
            and self.start - self.enrol_deadline > (datetime.timedelta(days=366))
        ):
            errors["enrol_deadline"] = _("The deadline is at most a year before the start.")
        if self.court_quota and self.seats and self.court_quota > self.seats:
            errors["court_quota"] = _("A court's quota cannot exceed the seats.")
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> str:
        now = timezone.now()
        if self.status == self.Status.CANCELLED:
            return self.status
        if self.status == self.Status.HELD:  # held once it has ended, not at the first record
            return self.State.HELD if self.end <= now else self.State.BEGUN
        if self.start <= now:
            return self.State.BEGUN
        if self.status == self.Status.CLOSED or self.enrol_deadline < now:
            return self.State.CLOSED
        return self.State.OPEN

    @property
    def trainer_label(self) -> str:
        """The trainer with their organisation: 王晓雯（浙江大学光华法学院 教授）."""
        if not self.trainer_organisation:
            return self.trainer
        return str(_("%(name)s (%(organisation)s)")) % {
            "name": self.trainer,
            "organisation": self.trainer_organisation,
        }

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def quota_release_at(self) -> datetime.datetime:
        """When seats a court has not used go to the other courts' waiting lists."""
        days = settings.TRAINING_QUOTA_RELEASE_DAYS
        return self.enrol_deadline - datetime.timedelta(days=days)

    @property
    def quota_applies(self) -> bool:
        """Whether a court's quota still holds: set, not released, and its release time not yet
        come (once it has, the quota no longer holds even before the sweep has run)."""
        return (
            self.court_quota is not None
            and self.quota_released_at is None
            and timezone.now() < self.quota_release_at
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def deadline_passed(self) -> bool:
        return timezone.now() > self.enrol_deadline

    @property
    def has_begun(self) -> bool:
        return timezone.now() >= self.start

    def seats_left(self) -> int | None:
        """From ``for_list``'s annotation; None when the row was fetched without it."""
        taken = getattr(self, "taken", None)
        return None if taken is None else max(self.seats - taken, 0)

    def as_calendar_event(self, *, with_link: bool = False) -> CalendarEvent:
        lines = [str(self.programme), str(_("Trainer: %(name)s") % {"name": self.trainer_label})]
        if self.topic:
            lines.insert(0, self.topic)
        return CalendarEvent(
            uid=f"training-session-{self.pk}@jinpingjia",
            title=self.title,
            start=self.start,
            end=self.end,
            url=self.get_absolute_url(),
            place=self.venue,
            description="\n".join(lines),
            categories=(str(_("Training")),),
            kind=SESSION_KIND,
            court_labels=(self.host_court.short_name,),
            cancelled=self.is_cancelled,
            sequence=self.ical_sequence,
            ics_url=reverse("training:session-ics", args=[self.pk]),
        )

    # A reminder target (core.registry.ReminderTarget).
    def reminder_still_wanted(self, reminder: Any) -> bool:
        if self.is_cancelled:
            return False
        return Enrolment.objects.filter(
            session=self, person__user_id=reminder.recipient_id, status=Enrolment.Status.ENROLLED
        ).exists()

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:

        base_url = getattr(settings, "PORTAL_URL", "").rstrip("/")
        content = calendar_bytes(self.title, [self.as_calendar_event()], base_url=base_url)
        return [(f"training-session-{self.pk}.ics", content, "text/calendar")]


def material_path(instance: Material, filename: str) -> str:
    return f"training/{instance.session_id}/{filename}"


class Material(PrivateFile):
    """A file handed out for a session (slides, readings), checked like every upload."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=material_path, max_length=300
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")


CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 12  # 60 bits: guessing a valid code is hopeless


def new_certificate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class EnrolmentQuerySet(models.QuerySet):
    def holding_seats(self) -> EnrolmentQuerySet:
        return self.filter(status__in=Enrolment.SEATED)

    def active(self) -> EnrolmentQuerySet:
        return self.exclude(status=Enrolment.Status.CANCELLED)


class Enrolment(CourtOwned):
    """A person's place in a session: a seat, a place on the waiting list, or neither. Owned by
    the court the seat counts against: its coordinator enrols and cancels."""

    owner_court_field = "court"

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", pgettext_lazy("training", "Attended")
        COMPLETED = "completed", pgettext_lazy("training", "Completed")
        ABSENT = "absent", _("Absent")

    # The statuses that hold a seat, and those that count as the person's one enrolment.
    SEATED = ("enrolled", "attended", "completed", "absent")
    ACTIVE = ("enrolled", "waitlisted", "attended", "completed", "absent")

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments"
    )
    # The court the seat counts against: the person's court when they were enrolled.
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list's order: when the person joined it (an administrator may move them up).
    queued_at = models.DateTimeField(_("in the queue since"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Why an administrator moved the person up, or why they cancelled."),
    )
    certificate_code = models.CharField(
        _("certificate code"), max_length=CODE_LENGTH, unique=True, null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["queued_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [
            models.Index(fields=["session", "status", "queued_at"], name="training_enrol_queue"),
            models.Index(fields=["person", "status"], name="training_enrol_person"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=~Q(status="cancelled"),
                name="training_one_active_enrolment",
                violation_error_message=_("This person is already enrolled in this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} · {self.session.title}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEATED

    def get_certificate_url(self) -> str:
        return reverse("training:certificate", args=[self.pk])

    @staticmethod
    def count_subquery(**lookup: object) -> models.Expression:
        from django.db.models.functions import Coalesce

        rows = (
            Enrolment.objects.filter(session=models.OuterRef("pk"), **lookup)
            .order_by()
            .values("session")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows), 0)

    @classmethod
    def seats_taken_subquery(cls) -> models.Expression:
        return cls.count_subquery(status__in=cls.SEATED)
