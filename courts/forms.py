from typing import Any

from allauth.account.forms import LoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import field_of, labelled_by, row_id

from .models import AGREEMENT_YEAR, CooperationItem, Court, Person
from .permissions import court_of, courts_acted_for, is_portal_admin
from .registry import figure_rows, figures
from .selectors import courts_by_id
from .workflows import COOPERATION


class CooperationItemForm(forms.ModelForm):
    """Secretaries write items of their own court; administrators choose the lead court."""

    class Meta:
        model = CooperationItem
        fields = [
            "title",
            "area",
            "lead_court",
            "responsible",
            "due_date",
            "status",
            "description",
            "progress_note",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "progress_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        people = Person.objects.active().with_related()
        field_of(self, "lead_court", forms.ModelChoiceField).queryset = courts_acted_for(user)
        if not is_portal_admin(user):
            self.fields["lead_court"].initial = court_of(user)
            self.fields["lead_court"].disabled = True
            people = people.filter(court__in=courts_acted_for(user))
        field_of(self, "responsible", forms.ModelChoiceField).queryset = people
        labelled_by(field_of(self, "responsible", forms.ModelChoiceField), lambda p: str(p))
        if self.instance.pk:  # the moves the item's machine allows this user, and where it is
            moves = COOPERATION.available(self.instance, user)
            field_of(self, "status", forms.ChoiceField).choices = [
                (value, label)
                for value, label in CooperationItem.Status.choices
                if value == self.instance.status or value in moves
            ]
        self.fields["title"].error_messages["required"] = _("Please enter a title.")
        self.fields["due_date"].error_messages["invalid"] = _("Enter a date such as 2020-07-06.")


class PortalLoginForm(LoginForm):
    """allauth's login form with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail")
        self.fields["login"].widget.attrs["placeholder"] = ""
        self.fields["password"].widget.attrs["placeholder"] = ""


class CourtChoiceField(forms.ModelChoiceField):
    """A court chosen by id, looked up among the kept courts (courts.selectors.courts_by_id)
    rather than by a query: every filtered list page validates one."""

    def to_python(self, value):

        if value in self.empty_values:
            return None
        if self.queryset is not None and self.queryset.query.where:  # narrowed: the query decides
            return super().to_python(value)
        court = courts_by_id().get(row_id(str(value)) or 0)
        if court is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return court


class DashboardForm(forms.Form):
    """The dashboard's year (the agreement's year to this one) and, optionally, one court."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    court = forms.ModelChoiceField(
        label=_("Court"), queryset=Court.objects.all(), required=False, empty_label=_("All courts")
    )

    def __init__(self, *args: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(this_year, AGREEMENT_YEAR - 1, -1)
        field_of(self, "year", forms.TypedChoiceField).choices = [(y, str(y)) for y in years]


class TargetForm(forms.Form):
    """A court's yearly target for one measure of the dashboard in one of its rows; the courts
    offered are those the user sets targets for (their own; every court for an administrator)."""

    kept_as: str | None = None  # set by the view: kept rendered while unbound (core_tags)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    court = forms.ModelChoiceField(label=_("Court"), queryset=Court.objects.none())
    measure = forms.ChoiceField(label=_("Measure"))
    value = forms.IntegerField(label=_("Target"), min_value=1, max_value=9999)

    def __init__(self, *args: Any, user: Any, this_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(this_year + 1, AGREEMENT_YEAR - 1, -1)  # next year's are set in December
        field_of(self, "year", forms.TypedChoiceField).choices = [(y, str(y)) for y in years]
        field_of(self, "court", forms.ModelChoiceField).queryset = courts_acted_for(user)
        own = court_of(user)
        if own is not None:
            self.initial.setdefault("court", own.pk)
        field_of(self, "measure", forms.ChoiceField).choices = [
            (str(f.label), [(f"{f.key}:{code}", str(label)) for code, label in figure_rows(f)])
            for f in figures()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        figure, _sep, row = data.pop("measure", "").partition(":")
        if figure:
            data["figure"], data["row"] = figure, row
        return data
