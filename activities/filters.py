import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core import search
from core.clock import local_midnight
from courts.choices import Area
from courts.forms import CourtChoiceField
from courts.models import Court

from .models import ActionItem, Activity, Kind
from .search import SEARCH_COLUMNS


def filter_by_court(queryset, name, value):
    """Activities the court hosts or co-hosts — with EXISTS rather than a join and DISTINCT,
    which made PostgreSQL sort every matching row twice (list and count)."""
    co_hosted = Activity.co_host_courts.through.objects.filter(
        activity_id=OuterRef("pk"), court=value
    )
    return queryset.filter(Q(host_court=value) | Exists(co_hosted))


class CourtFilter(django_filters.ModelChoiceFilter):
    field_class = CourtChoiceField


def court_filter():
    return CourtFilter(
        label=_("Court"),
        queryset=Court.objects.all(),
        method=filter_by_court,
        empty_label=_("All courts"),
    )


def kind_filter():
    return django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All kinds")
    )


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    court = court_filter()
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("All areas")
    )
    kind = kind_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All statuses")
    )
    unrecorded = django_filters.BooleanFilter(
        label=_("Ended, not recorded"),
        method="filter_unrecorded",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use (the phone's filter panel stays folded)
    )
    regular = django_filters.BooleanFilter(
        label=_("Regular exchange meetings only"),
        method="filter_regular",
        widget=forms.CheckboxInput,
        initial=False,
    )
    # Dates compare with local midnights, not ``start__date``: the index on ``start`` serves a
    # range, while a date cast of every row made PostgreSQL read the whole table.
    date_from = django_filters.DateFilter(
        label=_("From"),
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        method="filter_date_to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Activity
        fields = [
            "q",
            "court",
            "area",
            "kind",
            "status",
            "unrecorded",
            "regular",
            "date_from",
            "date_to",
        ]

    def filter_q(self, queryset, name, value):
        return search.narrow(queryset, value, SEARCH_COLUMNS).filter(
            Q(title__icontains=value) | Q(place__icontains=value) | Q(agenda__icontains=value)
        )

    def filter_unrecorded(self, queryset, name, value):
        return queryset.unrecorded() if value else queryset

    def filter_regular(self, queryset, name, value):
        return queryset.filter(series__isnull=False) if value else queryset

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(start__gte=local_midnight(value))

    def filter_date_to(self, queryset, name, value):
        if value >= datetime.date.max:  # the day after 9999-12-31 is no date: no upper bound
            return queryset
        return queryset.filter(start__lt=local_midnight(value + datetime.timedelta(days=1)))


class CalendarFilter(django_filters.FilterSet):
    court = court_filter()
    kind = kind_filter()

    class Meta:
        model = Activity
        fields = ["court", "kind"]


class ActionItemFilter(django_filters.FilterSet):
    """The action items agreed at the meetings, across activities (the dashboard's figures of
    items done and overdue link here)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    court = CourtFilter(label=_("Court"), queryset=Court.objects.all(), empty_label=_("All courts"))
    area = django_filters.ChoiceFilter(
        label=_("Area"),
        field_name="activity__area",
        choices=Area.choices,
        empty_label=_("All areas"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("done", _("Done"))],
        method="filter_status",
        empty_label=_("All statuses"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
        initial=False,  # unticked is no filter in use
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

    class Meta:
        model = ActionItem
        fields = ["q", "court", "area", "status", "overdue", "due_after", "due_before"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(what__icontains=value)
            | Q(responsible__full_name__icontains=value)
            | Q(activity__title__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_status(self, queryset, name, value):
        return queryset.open() if value == "open" else queryset.filter(done_at__isnull=False)
