"""Regular exchange meetings: a recurring series and its reminder plan."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.lists import bracketed, separator
from core.reminders import stage_words
from core.validators import portal_years
from courts.models import Court, Person
from courts.permissions import CourtOwned
from courts.selectors import courts_by_id

from ..recurrence import describe

MIN_DURATION_MINUTES = 15
MAX_DURATION_MINUTES = 12 * 60
MIN_HORIZON_DAYS = 7
MAX_HORIZON_DAYS = 2 * 366  # two years of planning at most


class MeetingSeries(CourtOwned):
    """A regular exchange meeting (定期交流会商) that recurs and whose host may rotate. Its
    convening court's secretary (or an admin) changes, pauses and ends it."""

    owner_court_field = "convening_court"

    class HostMode(models.TextChoices):
        FIXED = "fixed", _("Fixed host")
        ROTATING = "rotating", _("Rotating among the member courts, in their order")

    title = models.CharField(_("title"), max_length=200)
    convening_court = models.ForeignKey(
        Court,
        verbose_name=_("convening court"),
        on_delete=models.PROTECT,
        related_name="convened_series",
    )
    rrule = models.CharField(
        _("recurrence (RFC 5545 RRULE)"),
        max_length=200,
        help_text=_(
            "For example FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU: every quarter on the second Tuesday."
        ),
    )
    first_date = models.DateField(_("first meeting on or after"), validators=[portal_years])
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=120,
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES, _("A meeting lasts at least 15 minutes.")),
            MaxValueValidator(MAX_DURATION_MINUTES, _("A meeting lasts at most 12 hours.")),
        ],
    )
    host_mode = models.CharField(
        _("host"), max_length=10, choices=HostMode.choices, default=HostMode.ROTATING
    )
    fixed_host = models.ForeignKey(
        Court,
        verbose_name=_("fixed host court"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    place_rule = models.CharField(
        _("place"),
        max_length=200,
        default="{host}法院党组会议室",
        help_text=_("{host} stands for the host court's short name."),
    )

    class HolidayRule(models.TextChoices):
        KEEP = "keep", _("Keep the date")
        NEXT_WORKDAY = "next_workday", _("Move to the next working day")
        PREVIOUS_WORKDAY = "previous_workday", _("Move to the working day before")
        SKIP = "skip", _("Skip that meeting")

    holiday_rule = models.CharField(
        _("on a statutory holiday"),
        max_length=20,
        choices=HolidayRule.choices,
        default=HolidayRule.KEEP,
        help_text=_(
            "What happens to a meeting that falls on a statutory holiday (春节, 国庆…); "
            "adjusted working days (调休) count as working days."
        ),
    )
    reminders_on_workdays = models.BooleanField(
        _("send reminders on working days"),
        default=True,
        help_text=_("A reminder due on a holiday or weekend goes out on the working day before."),
    )
    agenda = models.TextField(_("standing agenda"), blank=True)
    invite_all_secretaries = models.BooleanField(_("invite every Party secretary"), default=True)
    invitees = models.ManyToManyField(
        Person, verbose_name=_("invited people"), blank=True, related_name="meeting_series"
    )
    horizon_days = models.PositiveSmallIntegerField(
        _("plan ahead (days)"),
        default=183,
        validators=[
            MinValueValidator(MIN_HORIZON_DAYS, _("Plan at least 7 days ahead.")),
            MaxValueValidator(MAX_HORIZON_DAYS, _("Plan at most two years (732 days) ahead.")),
        ],
    )
    active = models.BooleanField(_("active"), default=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[portal_years])
    numbering_offset = models.IntegerField(
        _("meetings before the current plan"),
        default=0,
        editable=False,
        help_text=_(
            "Added to a date's position in the rule to give the meeting's number: the plan "
            "numbers real meetings only, on from those held before the rule last changed."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(
                condition=~Q(host_mode="fixed") | Q(fixed_host__isnull=False),
                name="fixed_series_has_a_host",
                violation_error_message=_("Choose the fixed host court."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=MIN_DURATION_MINUTES)
                & Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="series_duration_in_bounds",
                violation_error_message=_("A meeting lasts between 15 minutes and 12 hours."),
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=MIN_HORIZON_DAYS)
                & Q(horizon_days__lte=MAX_HORIZON_DAYS),
                name="series_horizon_in_bounds",
                violation_error_message=_("Plan between 7 days and two years ahead."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:series-detail", kwargs={"pk": self.pk})

    @property
    def recurrence_display(self) -> str:

        return describe(self.rrule)

    @property
    def place_display(self) -> str:
        """The place rule in words: where each court would host ("金山法院党组会议室, 平湖…")
        rather than the ``{host}`` placeholder."""
        if "{host}" not in self.place_rule:
            return self.place_rule

        courts = sorted(courts_by_id().values(), key=lambda court: court.sort_order)
        fixed = [court for court in courts if court.pk == self.fixed_host_id]
        if self.host_mode == self.HostMode.FIXED and fixed:
            return self.place_rule.replace("{host}", fixed[0].short_name_zh)
        places = separator().join(
            self.place_rule.replace("{host}", court.short_name_zh) for court in courts
        )
        return places + bracketed(_("wherever the host court is"))

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None


class ReminderRule(models.Model):
    """One stage of a series' reminder plan: whom to remind, how long before or after."""

    class Audience(models.TextChoices):
        HOST_SECRETARY = "host_secretary", _("The host court's secretary")
        ALL_SECRETARIES = "all_secretaries", _("Every secretary")
        INVITEES = "invitees", _("Every invited person")
        NOTE_TAKER = "note_taker", _("The note-taker, until the minutes are final")
        NOTE_TAKER_AND_HOST = (
            "note_taker_and_host",
            _("The note-taker and the host court's secretary, until the minutes are final"),
        )

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("meeting series"),
        on_delete=models.CASCADE,
        related_name="reminder_rules",
    )
    audience = models.CharField(_("who"), max_length=30, choices=Audience.choices)
    offset_days = models.SmallIntegerField(
        _("days"),
        help_text=_("Negative: before the start; positive: after the end."),
        validators=[
            MinValueValidator(-90, _("Remind at most 90 days before.")),
            MaxValueValidator(90, _("Remind at most 90 days after.")),
        ],
    )
    message = models.CharField(_("message"), max_length=200, blank=True)

    class Meta:
        ordering = ["offset_days", "id"]
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder plan")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "audience", "offset_days"], name="one_rule_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} · {self.when}"

    @property
    def shown_message(self) -> str:
        """The message in the reader's language when it is one of the default plan's, as the
        portal wrote it (in its own language); a message a secretary wrote, as written."""
        from django.conf import settings
        from django.utils import translation

        for _audience, _days, default in DEFAULT_REMINDER_PLAN:
            with translation.override(settings.LANGUAGE_CODE):
                written = str(default)
            if self.message == written:
                return str(default)
        return self.message

    @property
    def when(self) -> str:
        """The offset in words: 会前 21 天, 会后 3 天."""

        return stage_words(self.stage).rpartition(" · ")[2]

    @property
    def stage(self) -> str:
        return f"{self.audience}{self.offset_days:+d}d"


DEFAULT_REMINDER_PLAN = [
    (ReminderRule.Audience.HOST_SECRETARY, -21, _("Prepare the venue and the agenda.")),
    (ReminderRule.Audience.ALL_SECRETARIES, -7, _("Send your court's topics.")),
    (ReminderRule.Audience.INVITEES, -1, _("The meeting is tomorrow.")),
    (ReminderRule.Audience.NOTE_TAKER, 3, _("Please finish the minutes.")),
    (ReminderRule.Audience.NOTE_TAKER_AND_HOST, 7, _("The minutes are still not final.")),
]
