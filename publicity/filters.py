import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from courts.choices import Area
from courts.figures import year_bounds
from courts.models import Court

from .models import Channel, PublicationRecord, PublicityItem, Tag


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=PublicityItem.Status.choices, empty_label=_("All statuses")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Court"), queryset=Court.objects.all(), empty_label=_("All courts")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("All areas")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=Tag.objects.all(),
        to_field_name="name",
        empty_label=_("All tags"),
    )
    year = django_filters.NumberFilter(
        label=_("Year published"),
        method="filter_year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Carried by"),
        choices=Channel.choices,
        method="filter_channel",
        empty_label=_("All channels"),
    )

    class Meta:
        model = PublicityItem
        fields = ["q", "status", "court", "area", "tag", "year", "channel"]

    def filter_channel(self, queryset, name, value):
        """Items a channel carried (a publication record of that channel)."""
        carried = PublicationRecord.objects.filter(item=OuterRef("pk"), channel=value)
        return queryset.filter(Exists(carried))

    def filter_year(self, queryset, name, value):
        """Published in that year (local time): a range the (status, published_at) index serves."""
        start, end = year_bounds(int(value))
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class PublicFilter(django_filters.FilterSet):
    """The public list's filters: only what a visitor may narrow by."""

    court = django_filters.ModelChoiceFilter(
        label=_("Court"),
        queryset=Court.objects.all(),
        field_name="courts",
        empty_label=_("All courts"),
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("All areas")
    )
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=Tag.objects.all(),
        to_field_name="name",
        empty_label=_("All tags"),
    )

    class Meta:
        model = PublicityItem
        fields = ["court", "area", "tag"]
