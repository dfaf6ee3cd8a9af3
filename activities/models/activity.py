"""Joint activities, each court's part, attendance, attachments, red education bases."""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.files import (
    PrivateFile,
    PrivateStorage,  # noqa: F401  (0001_initial names activities.models.PrivateStorage)
    private_storage,
)
from core.ical import calendar_bytes
from core.lists import separator
from core.registry import CalendarEvent
from core.validators import portal_years
from courts.choices import Area
from courts.models import Court, Person
from courts.permissions import CourtOwned, CourtScopedQuerySet


class Kind(models.TextChoices):
    """The kinds of joint activity the agreement names."""

    BRANCH_GENERAL_MEETING = "branch_general_meeting", _("Branch general meeting")
    BRANCH_COMMITTEE_MEETING = "branch_committee_meeting", _("Branch committee meeting")
    PARTY_GROUP_MEETING = "party_group_meeting", _("Party group meeting")
    PARTY_LESSON = "party_lesson", _("Party lesson")
    JOINT_PARTY_LESSON = "joint_party_lesson", _("Joint Party lesson")
    THEMED_PARTY_DAY = "themed_party_day", _("Themed Party day")
    RED_BASE_VISIT = "red_base_visit", _("Red education base visit")
    EXCHANGE_DISCUSSION = "exchange_discussion", _("Exchange discussion")
    MUTUAL_OBSERVATION = "mutual_observation", _("Mutual observation")
    TEAM_BUILDING = "team_building", _("Team-building")
    SYMPOSIUM_JOINT_MEETING = "symposium_joint_meeting", _("Academic symposium joint meeting")
    REGULAR_EXCHANGE_MEETING = "regular_exchange_meeting", _("Regular exchange meeting")
    # 服务群众共联: the courts' joint service to the public.
    LEGAL_EDUCATION_OUTREACH = "legal_education_outreach", _("Joint legal-education outreach")
    VOLUNTEER_SERVICE = "volunteer_service", _("Volunteer service")
    COMMUNITY_LITIGATION_SERVICE = (
        "community_litigation_service",
        _("Litigation services in the community"),
    )
    OTHER = "other", _("Other")


# The kinds that serve the public (服务群众共联): they record whom they served.
SERVICE_KINDS = (
    Kind.LEGAL_EDUCATION_OUTREACH,
    Kind.VOLUNTEER_SERVICE,
    Kind.COMMUNITY_LITIGATION_SERVICE,
)
SERVED_FIELDS = ("served_people", "served_enterprises", "consultations", "disputes_resolved")
MAX_SERVED = 100_000

# The area a kind belongs to unless the host says otherwise.
KIND_AREAS = {
    Kind.BRANCH_GENERAL_MEETING: Area.PARTY_EXCHANGE,
    Kind.BRANCH_COMMITTEE_MEETING: Area.PARTY_EXCHANGE,
    Kind.PARTY_GROUP_MEETING: Area.PARTY_EXCHANGE,
    Kind.PARTY_LESSON: Area.PARTY_EXCHANGE,
    Kind.JOINT_PARTY_LESSON: Area.PARTY_EXCHANGE,
    Kind.THEMED_PARTY_DAY: Area.PARTY_EXCHANGE,
    Kind.RED_BASE_VISIT: Area.PARTY_EXCHANGE,
    Kind.EXCHANGE_DISCUSSION: Area.CULTURE,
    Kind.MUTUAL_OBSERVATION: Area.CULTURE,
    Kind.TEAM_BUILDING: Area.CULTURE,
    Kind.SYMPOSIUM_JOINT_MEETING: Area.TRIAL_QUALITY,
    Kind.REGULAR_EXCHANGE_MEETING: Area.MECHANISM,
    # Legal education to the public is the publicity front's work (“让党员群众切实感受”); Party
    # members' volunteer service is Party-building; litigation services brought to a community
    # are the courts' judicial service, part of trial quality and efficiency.
    Kind.LEGAL_EDUCATION_OUTREACH: Area.PUBLICITY,
    Kind.VOLUNTEER_SERVICE: Area.PARTY_EXCHANGE,
    Kind.COMMUNITY_LITIGATION_SERVICE: Area.TRIAL_QUALITY,
    Kind.OTHER: Area.PARTY_EXCHANGE,
}


KIND_LABELS = dict(Kind.choices)
AREA_LABELS = dict(Area.choices)
_PK = 987654321


@functools.cache
def _url_patterns() -> tuple[str, str]:
    """The detail and .ics URLs of an activity as format strings, reversed once per process."""
    detail = reverse("activities:activity-detail", kwargs={"pk": _PK})
    ics = reverse("activities:activity-ics", kwargs={"pk": _PK})
    return detail.replace(str(_PK), "{}"), ics.replace(str(_PK), "{}")


OCCURRENCE_TITLE = _("%(title)s (no. %(number)d)")  # a series meeting's title: "…（第3次）"


@functools.cache
def _occurrence_pattern(language: str) -> re.Pattern[str]:
    """The occurrence titles as written in ``language``, as a pattern to read them back."""
    from django.utils import translation

    with translation.override(language):
        written = str(OCCURRENCE_TITLE)
    parts = re.split(r"(%\(title\)s|%\(number\)d)", written)
    regex = "".join(
        {"%(title)s": "(?P<title>.+)", "%(number)d": "(?P<number>\\d{1,6})"}.get(p, re.escape(p))
        for p in parts
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def shown_title(title: str) -> str:
    """A title as the reader's language writes it: a series meeting's title is stored in the
    portal's language ("交流会商（第3次）") and read in English as "交流会商 (no. 3)"; any other
    title as it was written."""
    from django.utils.translation import get_language

    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return title
    match = _occurrence_pattern(settings.LANGUAGE_CODE).match(title)
    if match is None:
        return title
    return str(OCCURRENCE_TITLE) % {"title": match["title"], "number": int(match["number"])}


def calendar_event(
    *,
    pk: int,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str,
    agenda: str,
    area: str,
    kind: str,
    status: str,
    sequence: int,
    court_names: tuple[str, ...],
    labels: tuple[dict, dict] | None = None,
) -> CalendarEvent:
    """An activity's calendar event from its plain values: a month or a feed builds hundreds or
    thousands, without model instances (labels from dicts — ``labels`` already in the active
    language when a caller builds many —, URLs from patterns reversed once)."""
    detail, ics = _url_patterns()
    areas, kinds = labels or (AREA_LABELS, KIND_LABELS)
    return CalendarEvent(
        uid=f"activity-{pk}@jinpingjia",
        title=shown_title(title),
        start=start,
        end=end,
        url=detail.format(pk),
        place=place,
        description="\n".join(filter(None, [separator().join(court_names), agenda])),
        categories=(str(areas.get(area, area)), str(kinds.get(kind, kind))),
        kind=kind,
        court_labels=court_names,
        cancelled=status == "cancelled",
        sequence=sequence,
        ics_url=ics.format(pk),
    )


class RedEducationBase(models.Model):
    """A red education base (红色教育基地) the courts visit together."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    place = models.CharField(_("address"), max_length=200)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("A base receives at least one person.")),
            MaxValueValidator(10000, _("Enter at most 10,000 people.")),
        ],
    )
    booking_lead_days = models.PositiveSmallIntegerField(
        _("booking lead time (days)"),
        default=3,
        validators=[MaxValueValidator(365, _("Book at most a year ahead."))],
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("red education base")
        verbose_name_plural = _("red education bases")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("activities:base-detail", kwargs={"pk": self.pk})


class ActivityQuerySet(CourtScopedQuerySet):
    def with_related(self) -> ActivityQuerySet:
        return self.select_related("host_court", "red_base", "series").prefetch_related(
            "co_host_courts"
        )

    def for_list(self) -> ActivityQuerySet:
        """What a row of a list or an export needs, without the long texts (minutes, summary,
        agenda: most of a row's bytes). The courts come from ``selectors.attach_courts``."""
        return self.select_related("host_court").defer(
            "notice", "agenda", "summary", "minutes", "minutes_decisions", "cancel_reason"
        )

    def involving(self, court: Court | int) -> ActivityQuerySet:
        return self.filter(Q(host_court=court) | Q(co_host_courts=court)).distinct()

    def unrecorded(self, now: datetime.datetime | None = None) -> ActivityQuerySet:
        """Activities whose end has passed while they are still planned: nobody recorded
        whether they were held (flagged to the host's secretaries, listed as such)."""
        return self.filter(status=Activity.Status.PLANNED, end__lt=now or timezone.now())

    def upcoming(self) -> ActivityQuerySet:
        return self.filter(end__gte=timezone.now()).exclude(status=Activity.Status.CANCELLED)


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for comments")
    FINAL = "final", _("Final")


MINUTES_STATUS = MinutesStatus.choices


class Activity(CourtOwned):
    """A joint Party activity of two or three courts."""

    owner_court_field = "host_court"

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    host_court = models.ForeignKey(
        Court, verbose_name=_("host court"), on_delete=models.PROTECT, related_name="hosted"
    )
    co_host_courts = models.ManyToManyField(
        Court, verbose_name=_("co-host courts"), related_name="co_hosted", blank=True
    )
    start = models.DateTimeField(_("start"), validators=[portal_years])
    end = models.DateTimeField(_("end"), validators=[portal_years])
    place = models.CharField(_("place"), max_length=200)
    red_base = models.ForeignKey(
        RedEducationBase,
        verbose_name=_("red education base"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    notice = models.TextField(_("notice"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_decisions = models.TextField(_("decisions"), blank=True)
    minutes_status = models.CharField(
        _("minutes status"),
        max_length=10,
        default=MinutesStatus.DRAFT,
        choices=MinutesStatus.choices,
    )
    comments_until = models.DateTimeField(
        _("comments until"), null=True, blank=True, validators=[portal_years]
    )
    minutes_version = models.PositiveIntegerField(_("minutes version"), default=0)
    publicity_link = models.URLField(_("publicity link"), blank=True)
    # 服务群众共联: whom a joint service to the public reached (service kinds only).
    served_people = models.PositiveIntegerField(
        _("people served"), null=True, blank=True, validators=[MaxValueValidator(MAX_SERVED)]
    )
    served_enterprises = models.PositiveIntegerField(
        _("enterprises served"), null=True, blank=True, validators=[MaxValueValidator(MAX_SERVED)]
    )
    consultations = models.PositiveIntegerField(
        _("legal consultations"), null=True, blank=True, validators=[MaxValueValidator(MAX_SERVED)]
    )
    disputes_resolved = models.PositiveIntegerField(
        _("disputes resolved"), null=True, blank=True, validators=[MaxValueValidator(MAX_SERVED)]
    )
    no_publicity_reason = models.CharField(
        _("why it was not publicised"),
        max_length=300,
        blank=True,
        help_text=_(
            "Only when there is no publicity link: e.g. an internal meeting, or its content "
            "may not be published."
        ),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    series = models.ForeignKey(
        "MeetingSeries",
        verbose_name=_("meeting series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    occurrence_index = models.PositiveIntegerField(_("occurrence number"), null=True, blank=True)
    ical_sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("Raised with every change of time, place or status (iCalendar SEQUENCE)."),
    )
    edited_by_hand = models.BooleanField(
        _("edited by hand"),
        default=False,
        help_text=_("Changes to the series leave an occurrence edited by hand alone."),
    )
    note_taker = models.ForeignKey(
        Person,
        verbose_name=_("note-taker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "id"]
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="activity_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_index"], name="one_activity_per_occurrence"
            ),
        ]
        indexes = [
            models.Index(fields=["start"]),
            models.Index(fields=["status", "start"]),
            # The default order: a deep page of the list walks this index, not a sort.
            models.Index(fields=["-start", "id"], name="activity_list_order_idx"),
            # An area's activities (area pages, the list's area filter) in that order.
            models.Index(fields=["area", "-start"], name="activity_area_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_service(self) -> bool:
        return self.kind in SERVICE_KINDS

    def served_figures(self) -> list[str]:
        """Whom a service reached, in words: "群众 120 人次", "法律咨询 30 件"…"""
        words = {
            "served_people": _("%(n)d people served"),
            "served_enterprises": _("%(n)d enterprises"),
            "consultations": _("%(n)d legal consultations"),
            "disputes_resolved": _("%(n)d disputes resolved"),
        }
        return [
            str(words[name]) % {"n": getattr(self, name)}
            for name in SERVED_FIELDS
            if getattr(self, name) is not None
        ]

    def get_absolute_url(self) -> str:
        return _url_patterns()[0].format(self.pk)  # lists call this per row

    @cached_property
    def courts(self) -> list[Court]:
        """Host first, then the co-hosts, in the agreement's order."""
        co_hosts = sorted(
            (c for c in self.co_host_courts.all() if c.pk != self.host_court_id),
            key=lambda c: c.sort_order,
        )
        return [self.host_court, *co_hosts]

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.start

    @property
    def has_ended(self) -> bool:
        return timezone.now() >= self.end

    @property
    def is_locked(self) -> bool:
        """Completed and cancelled activities can no longer be edited."""
        return self.status in {self.Status.COMPLETED, self.Status.CANCELLED}

    @property
    def shown_title(self) -> str:
        return shown_title(self.title)

    def as_calendar_event(self) -> CalendarEvent:
        """The activity as the calendar page, .ics downloads and feeds show it."""
        return calendar_event(
            pk=self.pk,
            title=self.title,
            start=self.start,
            end=self.end,
            place=self.place,
            agenda=self.agenda,
            area=self.area,
            kind=self.kind,
            status=self.status,
            sequence=self.ical_sequence,
            court_names=tuple(c.short_name for c in self.courts),
        )

    # A reminder target (core.registry.ReminderTarget).
    def reminder_still_wanted(self, reminder: Any) -> bool:
        if self.is_cancelled:
            return False
        if reminder.stage.startswith("note_taker"):
            return self.minutes_status != MinutesStatus.FINAL
        if reminder.stage.startswith("unrecorded"):
            return self.status == self.Status.PLANNED
        return True

    def reminder_attachments(self) -> list[tuple[str, bytes, str]]:
        from django.conf import settings

        base_url = getattr(settings, "PORTAL_URL", "").rstrip("/")
        content = calendar_bytes(self.title, [self.as_calendar_event()], base_url=base_url)
        return [(f"meeting-{self.pk}.ics", content, "text/calendar")]


class ActivityPart(CourtOwned):
    """One court's part of a joint activity: its notes (attendees and files point here)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="parts"
    )
    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.PROTECT)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["court__sort_order"]
        verbose_name = _("court's part")
        verbose_name_plural = _("courts' parts")
        constraints = [
            models.UniqueConstraint(fields=["activity", "court"], name="one_part_per_court")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.court.short_name}"


class Attendance(CourtOwned):
    """One invited person of a joint activity and what became of the invitation."""

    owner_court_field = "person__court"
    # Set on the rows the roll call shows (selectors.roll_call): the status as the clock reads it.
    shown_status: Any

    def status_as_shown(self, activity: Any) -> Attendance.Status:
        """The status as pages show it: someone still only invited once ``activity`` (this
        row's) has ended counts as absent."""
        status = Attendance.Status(self.status)
        if status == Attendance.Status.INVITED and activity.has_ended:
            return Attendance.Status.ABSENT
        return status

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        SIGNED_IN = "signed_in", _("Signed in")
        LATE = "late", _("Signed in late")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        PROXY = "proxy", _("Signed in by an officer")
        LATE = "late", _("Late sign-in by an officer")

    class Leave(models.TextChoices):
        NONE = "", _("No request")
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    part = models.ForeignKey(
        ActivityPart,
        verbose_name=_("court's part"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITED
    )
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    signed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed in by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sign_in_method = models.CharField(
        _("sign-in method"), max_length=10, choices=Method.choices, blank=True
    )
    sign_in_reason = models.CharField(
        _("reason for signing in by an officer"), max_length=200, blank=True
    )
    leave = models.CharField(
        _("leave request"), max_length=20, choices=Leave.choices, blank=True, default=""
    )
    leave_reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leave decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        ordering = ["part__court__sort_order", "person__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="invited_once"),
        ]
        indexes = [
            models.Index(fields=["person", "status"]),
            # Open leave requests are few among hundreds of thousands of rows (home page).
            models.Index(
                fields=["activity"],
                condition=Q(leave="requested"),
                name="attendance_leave_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.activity}"

    @property
    def attended(self) -> bool:
        return self.status in {self.Status.SIGNED_IN, self.Status.LATE}


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"activities/{instance.activity_id}/{instance.kind}/{filename}"


class Attachment(CourtOwned, PrivateFile):
    """A photo or document of one court's part, stored privately (served to members only)."""

    owner_court_field = "part__court"

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        SIGNIN_SHEET = "signin_sheet", _("Sign-in sheet")
        MINUTES = "minutes", _("Minutes")
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Other document")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    part = models.ForeignKey(
        ActivityPart,
        verbose_name=_("court's part"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(_("file kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=300
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self) -> str:
        return reverse("activities:attachment-download", kwargs={"pk": self.pk})
