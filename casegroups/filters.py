import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courts.models import Court

from .models import CaseStudyGroup, Specialty, StudyCase


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    specialty = django_filters.ChoiceFilter(
        label=_("Specialty"), choices=Specialty.choices, empty_label=_("All specialties")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Court"),
        field_name="member_courts",
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
    )
    active = django_filters.BooleanFilter(
        label=_("State"),
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Active")), ("false", _("Archived"))]
        ),
    )

    class Meta:
        model = CaseStudyGroup
        fields = ["q", "specialty", "court", "active"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(purpose__icontains=value)
            | Q(convenor__full_name__icontains=value)
        )


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StudyCase.Status.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = StudyCase
        fields = ["q", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(case_number__icontains=value)
            | Q(cause_of_action__icontains=value)
            | Q(summary__icontains=value)
        )
