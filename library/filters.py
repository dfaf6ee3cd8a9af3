import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import search
from courts.choices import Area
from courts.figures import in_year
from courts.models import Court

from .models import Kind, Resource, Tag, Visibility
from .search import SEARCH_COLUMNS


def _years():
    this = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this, 2019, -1)]


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of resource"), choices=Kind.choices, empty_label=_("All kinds")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("All areas")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Owning court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=Tag.objects.all(),
        to_field_name="name",
        empty_label=_("All tags"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year shared"), choices=_years, method="filter_year", empty_label=_("All years")
    )
    visibility = django_filters.ChoiceFilter(
        label=_("Shared with"), choices=Visibility.choices, empty_label=_("Everyone it may reach")
    )

    shared = django_filters.BooleanFilter(
        label=_("Shared beyond the owning court"),
        method="filter_shared",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use
    )

    class Meta:
        model = Resource
        fields = ["q", "kind", "area", "court", "tag", "year", "visibility", "shared"]

    def filter_shared(self, queryset, name, value):
        return queryset.exclude(visibility=Visibility.COURT) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(in_year("created_at", int(value)))

    def filter_q(self, queryset, name, value):
        """Words in the title, the description or the text of the latest file."""
        return search.narrow(queryset, value, SEARCH_COLUMNS).filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(file_text__icontains=value)
        )


class PublicResourceFilter(django_filters.FilterSet):
    """The public list's filters: only what a visitor may narrow by."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of resource"), choices=Kind.choices, empty_label=_("All kinds")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )

    class Meta:
        model = Resource
        fields = ["kind", "court"]
        form = forms.Form
