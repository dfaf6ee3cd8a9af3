import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Area, Position
from .models import CooperationItem, Court, PartyBranch, Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    court = django_filters.ModelChoiceFilter(
        label=_("Court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("Party branch"),
        queryset=PartyBranch.objects.select_related("court"),
        empty_label=_("All branches"),
    )
    position = django_filters.ChoiceFilter(
        label=_("Position"), choices=Position.choices, empty_label=_("All positions")
    )
    is_party_member = django_filters.BooleanFilter(
        label=_("Party member"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Person
        fields = ["q", "court", "branch", "position", "is_party_member"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(user__username__icontains=value))


class CooperationItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("All areas")
    )
    lead_court = django_filters.ModelChoiceFilter(
        label=_("Lead court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CooperationItem.Status.choices, empty_label=_("All statuses")
    )
    due_after = django_filters.DateFilter(
        label=_("Due from"),
        field_name="due_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        label=_("Due until"),
        field_name="due_date",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use
    )

    class Meta:
        model = CooperationItem
        fields = ["q", "area", "lead_court", "status", "due_after", "due_before", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(responsible__full_name__icontains=value)
        )
