import datetime
from urllib.parse import urlencode

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import holidays
from core.forms import DATETIME_INPUTS, RowsField, field_of, labelled_by
from core.validators import FIRST_YEAR, LAST_YEAR
from courts.choices import Area
from courts.models import Court, PartyBranch, Person
from courts.permissions import court_of, courts_acted_for, is_portal_admin
from courts.widgets import PeoplePicker, PersonSearchSelect

from .models import KIND_AREAS, Activity, Attachment, MeetingSeries, ReminderRule
from .models.activity import MAX_SERVED, SERVED_FIELDS, SERVICE_KINDS
from .recurrence import FREQUENCIES, ORDINALS, WEEKDAYS, build_rrule, parse_rrule
from .windows import window_mark_held

KEEP_DATE_HINT = _("Choose another date, or tick “Keep this date all the same”.")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def date_warning(value) -> str:
    """The holiday check of a start as a form holds it (text typed, or a datetime): a statutory
    holiday, or a year whose schedule is not published yet; "" otherwise or when unreadable."""
    if isinstance(value, str):
        for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                value = datetime.datetime.strptime(value.strip(), fmt)
                break
            except ValueError:
                continue
        else:
            return ""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return ""
    return holidays.warning_for(value.date())


class ActivityForm(forms.ModelForm):
    keep_date = forms.BooleanField(
        label=_("Keep this date all the same"),
        required=False,
        widget=forms.HiddenInput,  # shown when the date needs it (see clean)
    )
    co_host_courts = RowsField(
        label=_("Co-host courts"),
        queryset=Court.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A joint activity has at least two courts."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "area",
            "host_court",
            "co_host_courts",
            "start",
            "end",
            "place",
            "red_base",
            "notice",
            "agenda",
        ]
        widgets = {
            "start": DATETIME,
            "end": DATETIME,
            "notice": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].widget.attrs.update(
            {
                "hx-get": reverse("activities:date-check"),
                "hx-trigger": "change delay:300ms",
                "hx-target": "#date-check",
                "hx-swap": "innerHTML",
                "aria-describedby": "date-check",
            }
        )
        self.fields["start"].help_text = render_to_string(
            "activities/partials/date_check.html", {"warning": self._date_warning()}
        )
        for name in ("start", "end"):
            field_of(self, name, forms.DateTimeField).input_formats = DATETIME_INPUTS
            self.fields[name].error_messages["invalid"] = _(
                "Enter a date and time such as 2020-07-06 09:30."
            )
        self.fields["title"].error_messages["required"] = _("Please enter a title.")
        self.fields["place"].error_messages["required"] = _("Please enter the place.")
        self.fields["area"].required = False
        field_of(self, "area", forms.ChoiceField).choices = [
            ("", _("The kind's area")),
            *Area.choices,
        ]
        self.fields["area"].help_text = _("Left empty, the activity counts in its kind's area.")
        if not is_portal_admin(user):
            field_of(self, "host_court", forms.ModelChoiceField).queryset = courts_acted_for(user)
            self.fields["host_court"].initial = court_of(user)
            self.fields["host_court"].disabled = True
        # The host court is not offered as its own co-host (where the host is already known).
        host = self.instance.host_court if self.instance.pk else None
        if host is None and not is_portal_admin(user):
            host = court_of(user)
        if host is not None:
            field_of(
                self, "co_host_courts", forms.ModelChoiceField
            ).queryset = Court.objects.exclude(pk=host.pk)
        if self.instance.pk:
            self.fields["host_court"].disabled = True
            self.initial.setdefault(
                "co_host_courts", [c.pk for c in self.instance.co_host_courts.all()]
            )

    def _date_warning(self) -> str:
        """What the holiday check says about the date in the form now (as typed, or saved)."""
        return date_warning(self["start"].value())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("area") and cleaned.get("kind") in KIND_AREAS:
            cleaned["area"] = KIND_AREAS[cleaned["kind"]]
        keep = cleaned.pop("keep_date", False)
        start = cleaned.get("start")
        if start and "start" in self.changed_data:
            # Before saving, not after: a statutory holiday is saved only once the secretary
            # says so. (A year whose holidays are not published yet is said as the date is
            # typed and after saving; it cannot be checked, so it does not stop the save.)
            day = holidays.day(timezone.localtime(start).date())
            warning = holidays.warning_for(day.date) if day.is_statutory_holiday else ""
            if warning and not keep:
                self.fields["keep_date"].widget = forms.CheckboxInput()
                self.add_error(
                    "start",
                    " ".join([warning, str(KEEP_DATE_HINT)]),
                )
        return cleaned


class ActivityRecordForm(forms.ModelForm):
    """What the host writes after the activity: status, summary, minutes, publicity link."""

    publicity_link = forms.URLField(
        label=_("Publicity link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Activity
        fields = [
            "status",
            "summary",
            *SERVED_FIELDS,
            "publicity_link",
            "no_publicity_reason",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("publicity_link") and (cleaned.get("no_publicity_reason") or "").strip():
            self.add_error(
                "no_publicity_reason",
                _("There is a publicity link: leave the reason for not publicising empty."),
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "status", forms.ChoiceField).choices = [
            (value, label)
            for value, label in Activity.Status.choices
            if value in {Activity.Status.PLANNED, Activity.Status.HELD}
        ]
        if self.instance.kind not in SERVICE_KINDS:
            for name in SERVED_FIELDS:
                del self.fields[name]
        else:
            for name in SERVED_FIELDS:
                self.fields[name].widget.attrs.update({"min": 0, "max": MAX_SERVED})
                self.fields[name].error_messages["max_value"] = _("At most %(limit)s.") % {
                    "limit": MAX_SERVED
                }
        if self.instance.pk and self.instance.status != Activity.Status.HELD:
            # Said before the tap: "held" is offered from the start (the service refuses too).
            not_yet = window_mark_held(self.instance).refusal()
            if not_yet:
                self.fields["status"].help_text = not_yet


class EndSeriesForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the series ends"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("Please give a reason for ending the series.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": _("Please give a reason for cancelling.")},
    )


class InviteForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        required=False,
        widget=PeoplePicker,
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Whole Party branches"),
        queryset=PartyBranch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    party_member_courts = forms.ModelMultipleChoiceField(
        label=_("All Party members of"),
        queryset=Court.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, courts, **kwargs):
        super().__init__(*args, **kwargs)
        court_ids = [c.pk for c in courts]
        field_of(self, "people", forms.ModelChoiceField).queryset = (
            Person.objects.active()
            .with_related()
            .filter(court__in=court_ids)
            .order_by("court__sort_order", "full_name")
        )
        labelled_by(field_of(self, "people", forms.ModelChoiceField), lambda p: p.full_name)
        field_of(
            self, "branches", forms.ModelChoiceField
        ).queryset = PartyBranch.objects.select_related("court").filter(court__in=court_ids)
        field_of(
            self, "party_member_courts", forms.ModelChoiceField
        ).queryset = Court.objects.filter(pk__in=court_ids)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not (data.get("people") or data.get("branches") or data.get("party_member_courts")):
            raise forms.ValidationError(_("Choose people, branches or courts to invite."))
        return data


class PartNotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Our court's notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("File kind"), choices=Attachment.Kind.choices, initial=Attachment.Kind.PHOTO
    )
    upload = forms.FileField(
        label=_("File"),
        help_text=_("JPG, PNG, PDF, Word (.docx) or Excel (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx,.xlsx"}),
        error_messages={"required": _("Please choose a file.")},
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class SignForForm(forms.Form):
    late = forms.BooleanField(label=_("Late sign-in (补签)"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": _("Please give a reason for signing someone in.")},
    )


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for leave"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason for your leave.")},
    )


class MeetingSeriesForm(forms.ModelForm):
    """The recurrence is chosen in words and stored as an RFC 5545 RRULE."""

    every_months = forms.TypedChoiceField(
        label=_("How often"), choices=FREQUENCIES, coerce=int, initial=3
    )
    ordinal = forms.TypedChoiceField(label=_("Which week"), choices=ORDINALS, coerce=int, initial=2)
    weekday = forms.ChoiceField(label=_("Weekday"), choices=WEEKDAYS, initial="TU")

    class Meta:
        model = MeetingSeries
        fields = [
            "title",
            "convening_court",
            "every_months",
            "ordinal",
            "weekday",
            "first_date",
            "start_time",
            "duration_minutes",
            "host_mode",
            "fixed_host",
            "place_rule",
            "agenda",
            "invite_all_secretaries",
            "invitees",
            "horizon_days",
            "holiday_rule",
            "reminders_on_workdays",
        ]
        widgets = {
            "first_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "invitees": PeoplePicker,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own_courts = courts_acted_for(user)
        if self.instance.pk:
            del self.fields["convening_court"]  # the convener stays; an admin may change it
        else:
            self.initial.setdefault("holiday_rule", MeetingSeries.HolidayRule.NEXT_WORKDAY)
            field_of(self, "convening_court", forms.ModelChoiceField).queryset = own_courts
            field_of(self, "convening_court", forms.ModelChoiceField).empty_label = None
        field_of(self, "fixed_host", forms.ModelChoiceField).queryset = own_courts
        # The rotation in words, from the courts and the order administrators gave them.
        order = " → ".join(c.short_name for c in Court.objects.order_by("sort_order", "pk"))
        self.fields["host_mode"].help_text = _("Rotation: %(order)s") % {"order": order}
        field_of(self, "invitees", forms.ModelChoiceField).queryset = (
            Person.objects.active().with_related().order_by("court__sort_order", "full_name")
        )
        labelled_by(
            field_of(self, "invitees", forms.ModelChoiceField),
            lambda p: p.full_name,
        )
        self.fields["invitees"].required = False
        if self.instance.pk:
            parsed = parse_rrule(self.instance.rrule)
            if parsed:
                self.initial.update(parsed)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if {"every_months", "ordinal", "weekday"} <= set(data):
            self.instance.rrule = build_rrule(
                data["every_months"], data["ordinal"], data["weekday"]
            )
        return data


def _person_label(person: Person) -> str:
    return f"{person.court.short_name} · {person.full_name}"


def _person_search(field: forms.ModelChoiceField, name: str, activity) -> None:
    """Anyone active in the activity's courts is valid; the list offers those invited to it
    and a search for the others."""
    court_ids = [c.pk for c in activity.courts]
    people = Person.objects.active().for_choices().filter(court__in=court_ids)
    field.queryset = people
    labelled_by(field, _person_label)
    widget = field.widget

    def invited() -> list[tuple[int, str]]:
        # Read when the widget is rendered (not when the page's HTML comes from the cache); the
        # minutes page has two such fields: one query for both, kept on the activity.
        if "_invited_choices" not in activity.__dict__:
            activity.__dict__["_invited_choices"] = [
                (p.pk, _person_label(p))
                for p in people.filter(attendances__activity=activity)
                .distinct()
                .order_by("court__sort_order", "full_name")[:200]
            ]
        return activity.__dict__["_invited_choices"]

    widget.suggested = invited
    widget.options_url = (
        reverse("courts:person-options")
        + "?"
        + urlencode({"courts": ",".join(map(str, court_ids)), "field": name})
    )


class MinutesForm(forms.Form):
    note_taker = forms.ModelChoiceField(
        label=_("Note-taker"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonSearchSelect,
    )
    text = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write the minutes.")},
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, activity, may_choose_note_taker: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_note_taker:
            _person_search(
                field_of(self, "note_taker", forms.ModelChoiceField), "note_taker", activity
            )
        else:
            del self.fields["note_taker"]


class OpenForCommentsForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Comments until"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please write a comment.")},
    )


class ActionItemForm(forms.Form):
    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    responsible = forms.ModelChoiceField(
        label=_("Responsible"), queryset=Person.objects.none(), widget=PersonSearchSelect
    )
    what = forms.CharField(label=_("What"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        court_ids = [c.pk for c in activity.courts]
        field_of(self, "court", forms.ModelChoiceField).queryset = Court.objects.filter(
            pk__in=court_ids
        )
        _person_search(
            field_of(self, "responsible", forms.ModelChoiceField), "responsible", activity
        )


class ReminderRuleForm(forms.ModelForm):
    """A stage of the plan as a secretary says it: whom, 会前 or 会后, how many days (stored as
    one signed number of days)."""

    BEFORE, AFTER = "before", "after"
    side = forms.ChoiceField(
        label=_("When"),
        choices=[(BEFORE, _("Before the meeting")), (AFTER, _("After the meeting"))],
        initial=BEFORE,
    )
    days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=90,
        error_messages={
            "min_value": _("Choose between 1 and 90 days."),
            "max_value": _("Choose between 1 and 90 days."),
            "invalid": _("Enter a whole number of days."),
        },
    )

    class Meta:
        model = ReminderRule
        fields = ["audience", "side", "days", "message"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offset = self.instance.offset_days
        if self.instance.pk and offset:
            self.initial.setdefault("side", self.AFTER if offset > 0 else self.BEFORE)
            self.initial.setdefault("days", abs(offset))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        days, side = cleaned.get("days"), cleaned.get("side")
        if days and side:
            self.instance.offset_days = days if side == self.AFTER else -days
        return cleaned


ReminderPlanFormSet = forms.inlineformset_factory(
    MeetingSeries, ReminderRule, form=ReminderRuleForm, extra=1, can_delete=True
)
