import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from courts.models import Court

from .models import Paper, Symposium


class SymposiumFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    year = django_filters.NumberFilter(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    host_court = django_filters.ModelChoiceFilter(
        label=_("Host court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )

    class Meta:
        model = Symposium
        fields = ["q", "year", "host_court"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(theme__icontains=value))


class PaperFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="symposium__year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Authors' court"),
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
        method="filter_court",
    )
    award = django_filters.ChoiceFilter(
        label=_("Award"), choices=Paper.Award.choices, empty_label=_("All awards")
    )

    awarded = django_filters.BooleanFilter(
        label=_("Awarded only"),
        method="filter_awarded",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use
    )

    class Meta:
        model = Paper
        fields = ["q", "year", "court", "award", "awarded"]

    def filter_awarded(self, queryset, name, value):
        return queryset.exclude(award=Paper.Award.NONE) if value else queryset

    def filter_q(self, queryset, name, value):
        authored = Paper.authors.through.objects.filter(
            paper=OuterRef("pk"), person__full_name__icontains=value
        )
        return queryset.filter(
            Q(title__icontains=value) | Q(abstract__icontains=value) | Q(Exists(authored))
        )

    def filter_court(self, queryset, name, value):
        authored = Paper.authors.through.objects.filter(paper=OuterRef("pk"), person__court=value)
        return queryset.filter(Exists(authored))
