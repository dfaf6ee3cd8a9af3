"""Forms of the training programme: what a coordinator types, with the messages in Chinese
through gettext; the rules themselves live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATETIME_INPUTS, RowsField, field_of, labelled_by
from courts.choices import Role
from courts.models import Person
from courts.permissions import court_of, courts_acted_for, is_portal_admin, write_scope
from courts.widgets import PeoplePicker

from .models import MAX_SEATS, Enrolment, Programme, TrainingSession

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["year", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"min": 2020, "max": 2100})


class SessionForm(forms.ModelForm):
    """Coordinators set up sessions hosted by their own court; administrators any court."""

    class Meta:
        model = TrainingSession
        fields = [
            "programme",
            "title",
            "topic",
            "host_court",
            "trainer",
            "trainer_organisation",
            "start",
            "end",
            "venue",
            "seats",
            "court_quota",
            "enrol_deadline",
            "description",
        ]
        widgets = {
            "start": DATETIME,
            "end": DATETIME,
            "enrol_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "enrol_deadline"):
            field_of(self, name, forms.DateTimeField).input_formats = DATETIME_INPUTS
            self.fields[name].error_messages["invalid"] = _(
                "Enter a date and time such as 2020-07-06 09:30."
            )
        self.fields["trainer_organisation"].required = True
        self.fields["trainer_organisation"].error_messages["required"] = _(
            "Say where the trainer works and their title."
        )
        for name in ("seats", "court_quota"):
            self.fields[name].widget.attrs.update({"min": 1, "max": MAX_SEATS})
            self.fields[name].error_messages["max_value"] = _("Between 1 and 500 seats.")
            self.fields[name].error_messages["min_value"] = _("Between 1 and 500 seats.")
        if not is_portal_admin(user):
            field_of(self, "host_court", forms.ModelChoiceField).queryset = courts_acted_for(
                user, role=Role.TRAINING_COORDINATOR
            )
            self.fields["host_court"].initial = court_of(user)
        field_of(self, "host_court", forms.ModelChoiceField).empty_label = None
        field_of(self, "programme", forms.ModelChoiceField).empty_label = None
        if not self.instance.pk:
            self.initial.setdefault("programme", Programme.objects.order_by("-year").first())


class EnrolForm(forms.Form):
    """The people a coordinator enrols: their own court's active staff (any court's for an
    administrator), those already enrolled or waiting left out."""

    people = RowsField(
        label=_("People to enrol"),
        queryset=Person.objects.none(),
        widget=PeoplePicker,
        help_text=_(
            "They take the free seats in the order listed; when the session or your court's "
            "quota is full, the rest join the waiting list in that order."
        ),
    )

    def __init__(self, *args, session: TrainingSession, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = write_scope(user, Role.TRAINING_COORDINATOR)
        people = Person.objects.active().with_related().order_by("court__sort_order", "full_name")
        if not scope.all_courts:
            people = people.filter(court_id=scope.court_id)
        taken = Enrolment.objects.filter(session=session).active().values("person_id")
        field_of(self, "people", forms.ModelChoiceField).queryset = people.exclude(pk__in=taken)
        labelled_by(field_of(self, "people", forms.ModelChoiceField), lambda p: p.full_name)
        self.fields["people"].error_messages.update(
            {
                "required": _("Choose at least one person."),
                "invalid_choice": _("Choose people of your own court who are not enrolled yet."),
                "invalid_pk_value": _("Choose people of your own court who are not enrolled yet."),
            }
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelEnrolmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


MARKS = [
    (Enrolment.Status.ENROLLED, _("Not recorded")),
    (Enrolment.Status.ATTENDED, Enrolment.Status.ATTENDED.label),
    (Enrolment.Status.ABSENT, _("Absent")),
    (Enrolment.Status.COMPLETED, Enrolment.Status.COMPLETED.label),
]


class AttendanceForm(forms.Form):
    """One choice per seat the user may record: attended, absent or completed."""

    def __init__(self, *args, enrolments, completion_open: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        # "Completed" is offered once the session has ended (training.windows); a seat already
        # completed keeps the choice so that the page shows it.
        for enrolment in self.enrolments:
            choices = [
                (value, label)
                for value, label in MARKS
                if completion_open
                or value != Enrolment.Status.COMPLETED
                or enrolment.status == Enrolment.Status.COMPLETED
            ]
            self.fields[f"e{enrolment.pk}"] = forms.ChoiceField(
                label=f"{enrolment.person.full_name} · {enrolment.court.short_name}",
                choices=choices,
                initial=enrolment.status,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            )

    def marks(self) -> dict[int, str]:
        """The choices that change something (a seat left "not recorded" stays as it is)."""
        return {
            e.pk: self.cleaned_data[f"e{e.pk}"]
            for e in self.enrolments
            if self.cleaned_data[f"e{e.pk}"] != e.status
            and self.cleaned_data[f"e{e.pk}"] != Enrolment.Status.ENROLLED
        }


class MaterialForm(forms.Form):
    upload = forms.FileField(label=_("File (PDF, Word, Excel, JPG or PNG)"))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)
