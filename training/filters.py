import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courts.models import Court

from .models import Enrolment, Programme, TrainingSession


def _years():
    from django.utils import timezone

    this = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this + 1, 2019, -1)]


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="programme__year", choices=_years, empty_label=_("All years")
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.all(), empty_label=_("All programmes")
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Host court"),
        field_name="host_court",
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=TrainingSession.State.choices,
        empty_label=_("All statuses"),
        method="filter_state",
    )

    class Meta:
        model = TrainingSession
        fields = ["q", "year", "programme", "court", "status"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(topic__icontains=value)
            | Q(trainer__icontains=value)
            | Q(trainer_organisation__icontains=value)
            | Q(venue__icontains=value)
        )


class TraineeFilter(django_filters.FilterSet):
    """The trainees of the sessions held, across sessions: the dashboard's seats filled,
    completions and certificates link here."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="session__programme__year",
        choices=_years,
        empty_label=_("All years"),
    )
    court = django_filters.ModelChoiceFilter(
        label=_("Trainee's court"),
        field_name="court",
        queryset=Court.objects.all(),
        empty_label=_("All courts"),
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"),
        choices=[
            ("completed", pgettext_lazy("training", "Completed")),
            ("not_completed", _("Not completed")),
            ("certified", _("With a certificate")),
        ],
        method="filter_outcome",
        empty_label=_("Every trainee"),
    )

    class Meta:
        model = Enrolment
        fields = ["q", "year", "court", "outcome"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(person__full_name__icontains=value) | Q(session__title__icontains=value)
        )

    def filter_outcome(self, queryset, name, value):
        if value == "completed":
            return queryset.filter(status=Enrolment.Status.COMPLETED)
        if value == "not_completed":
            return queryset.exclude(status=Enrolment.Status.COMPLETED)
        return queryset.filter(certificate_code__isnull=False)
