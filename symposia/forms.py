from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.forms import field_of, labelled_by
from courts.models import Person
from courts.permissions import court_of, courts_acted_for, is_portal_admin
from courts.widgets import PeoplePicker

from .models import Paper, Symposium


class SymposiumForm(forms.ModelForm):
    class Meta:
        model = Symposium
        fields = ["title", "year", "host_court", "date", "theme", "activity"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "theme": forms.Textarea(attrs={"rows": 3}),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["invalid"] = _("Enter a date such as 2020-07-06.")
        if not is_portal_admin(user):
            field_of(self, "host_court", forms.ModelChoiceField).queryset = courts_acted_for(user)
            self.fields["host_court"].initial = court_of(user)
            self.fields["host_court"].disabled = True
        field_of(self, "host_court", forms.ModelChoiceField).empty_label = None
        # The joint meetings not yet linked to another symposium, newest first.
        activities = field_of(self, "activity", forms.ModelChoiceField).queryset
        assert activities is not None  # the model field's choices
        meetings = activities.filter(
            Q(symposium=None) | Q(symposium=self.instance.pk or 0)
        ).select_related("host_court")
        field_of(self, "activity", forms.ModelChoiceField).queryset = meetings.order_by("-start")
        labelled_by(
            field_of(self, "activity", forms.ModelChoiceField),
            lambda a: (
                f"{a.title} · {formats.date_format(timezone.localtime(a.start), 'DATE_FORMAT')}"
                f" · {a.host_court.short_name}"
            ),
        )
        field_of(self, "activity", forms.ModelChoiceField).empty_label = _(
            "Not recorded as an activity"
        )


class PaperForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Paper file (PDF or Word)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    class Meta:
        model = Paper
        fields = ["title", "authors", "abstract", "award"]
        widgets = {"authors": PeoplePicker, "abstract": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "authors", forms.ModelChoiceField).queryset = (
            Person.objects.active().with_related().order_by("court__sort_order", "full_name")
        )
        labelled_by(
            field_of(self, "authors", forms.ModelChoiceField),
            lambda p: p.full_name,
        )
        self.fields["authors"].error_messages["required"] = _("Name at least one author.")
