import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courts.figures import in_year
from courts.models import Court

from .models import CaseReview, CaseStudyGroup, Specialty, StudyCase, StudySession


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


def _years():
    this = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this + 1, 2019, -1)]


class AllCasesFilter(CaseFilter):
    """Every group's cases the viewer reads (the case rule): the dashboard's cases concluded
    and reviewed link here."""

    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=CaseStudyGroup.objects.all(), empty_label=_("All groups")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Court of origin"),
        field_name="court_of_origin",
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
    )
    concluded = django_filters.ChoiceFilter(
        label=_("Year concluded"),
        choices=_years,
        method="filter_concluded",
        empty_label=_("All years"),
    )
    shared = django_filters.BooleanFilter(
        label=_("Shared with the three courts"),
        method="filter_shared",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use
    )
    reviewed = django_filters.BooleanFilter(
        label=_("Reviewed"),
        method="filter_reviewed",
        widget=forms.CheckboxInput,
        initial=False,
    )

    class Meta:
        model = StudyCase
        fields = ["q", "group", "court", "status", "concluded", "shared", "reviewed"]

    def filter_concluded(self, queryset, name, value):
        return queryset.filter(in_year("concluded_at", int(value)))

    def filter_shared(self, queryset, name, value):
        return queryset.exclude(visibility=StudyCase.Visibility.GROUP) if value else queryset

    def filter_reviewed(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(CaseReview.objects.filter(case=OuterRef("pk"))))


class StudySessionFilter(django_filters.FilterSet):
    """Every group's study sessions: the dashboard's sessions held link here."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=CaseStudyGroup.objects.all(), empty_label=_("All groups")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Member court"),
        field_name="group__member_courts",
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_years, method="filter_year", empty_label=_("All years")
    )
    held = django_filters.BooleanFilter(
        label=_("Held only"),
        method="filter_held",
        widget=forms.CheckboxInput,
        initial=False,
    )

    class Meta:
        model = StudySession
        fields = ["q", "group", "court", "year", "held"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(in_year("start", int(value)))

    def filter_held(self, queryset, name, value):
        return queryset.held(timezone.localdate()) if value else queryset
