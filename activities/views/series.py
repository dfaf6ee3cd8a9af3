"""Regular exchange meetings: series pages and their reminder plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch, shown
from core.ical import calendar_bytes, ics_response
from core.pagination import paginate
from core.types import AuthedRequest
from core.views import perform, submit

from .. import lists, permissions, selectors
from .. import series as meeting_series
from ..forms import EndSeriesForm, MeetingSeriesForm, ReminderPlanFormSet
from ..models import MeetingSeries


def _series_data(form) -> dict:
    """What the services take from the series form: its fields, the rule it built and the
    invitees."""
    data = {
        k: v
        for k, v in form.cleaned_data.items()
        if k not in {"every_months", "ordinal", "weekday", "invitees"}
    }
    data["rrule"] = form.instance.rrule
    data["invitees"] = list(form.cleaned_data.get("invitees") or [])
    return data


@login_required
@require_http_methods(["GET"])
def series_list(request: AuthedRequest) -> HttpResponse:
    series = MeetingSeries.objects.select_related("convening_court").order_by("-active", "title")
    page_obj = paginate(request, series)
    return render(
        request,
        "activities/series_list.html",
        {
            "page_obj": page_obj,
            "table": lists.SERIES.page_table(page_obj),
            "can_create": permissions.can_create_series(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_series(request.user):
        raise PermissionDenied
    form = MeetingSeriesForm(request.POST or None, user=request.user)
    done = None
    if "preview" not in request.POST:  # the preview button shows the plan, saves nothing
        done = submit(
            request,
            form,
            lambda _data: meeting_series.create_series(by=request.user, **_series_data(form)),
            success=_("Series created; its meetings are planned."),
        )
    return done or render(
        request, "activities/series_form.html", {"form": form, "preview": _preview(form)}
    )


def _preview(form: MeetingSeriesForm) -> list | None:
    """The meetings a valid form would plan, or None before there is anything to show."""
    if not form.is_bound or not form.is_valid():
        return None
    return meeting_series.preview(form.instance)


@login_required
@require_http_methods(["GET"])
def series_preview(request: AuthedRequest) -> HttpResponse:
    """The coming meetings the series form would plan (the form asks as its fields change)."""
    if not permissions.can_create_series(request.user):
        raise PermissionDenied
    form = MeetingSeriesForm(request.GET, user=request.user)
    return render(
        request,
        "activities/partials/series_preview.html",
        {"preview": _preview(form), "form": form},
    )


def _series_or_404(user, pk: int) -> MeetingSeries:
    return fetch(MeetingSeries, user=user, rule=permissions.can_manage_series, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request.user, pk)
    form = MeetingSeriesForm(request.POST or None, instance=series, user=request.user)
    done = None
    if "preview" not in request.POST:  # the preview button shows the plan, saves nothing
        done = submit(
            request,
            form,
            lambda _data: meeting_series.update_series(
                series=series, by=request.user, **_series_data(form)
            ),
            success=_("Series saved; future meetings follow it."),
            then=series.get_absolute_url(),
        )
    return done or render(
        request,
        "activities/series_form.html",
        {"form": form, "series": series, "preview": _preview(form)},
    )


@login_required
@require_POST
def series_pause(request: AuthedRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request.user, pk)
    return perform(
        request,
        lambda: meeting_series.update_series(
            series=series, by=request.user, active=not series.active
        ),
        success=(
            _("Series resumed.")
            if not series.active
            else _("Series paused: no new meetings are planned.")
        ),
        then=series,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_end(request: AuthedRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request.user, pk)
    form = EndSeriesForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: meeting_series.end_series(
            series=series, by=request.user, reason=data["reason"]
        ),
        success=lambda count: (
            _("The series has ended; %(count)d coming meetings were cancelled with notice.")
            % {"count": count}
        ),
        then=series,
    )
    return done or render(
        request,
        "activities/series_end.html",
        {"form": form, "series": series, "to_cancel": meeting_series.coming_untouched(series)},
    )


@login_required
@require_http_methods(["GET"])
def series_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        series, today_on, before_today, overdue = selectors.series_for_detail(pk)
    except MeetingSeries.DoesNotExist:
        series = None
    series = shown(series, user=request.user, rule=permissions.can_read_series)
    now = timezone.now()
    return render(
        request,
        "activities/series_detail.html",
        {
            "series": series,
            "overdue_items": overdue,
            "upcoming": [a for a in today_on if a.end >= now],
            "past": [*before_today, *(a for a in today_on if a.end < now)][-12:],
            "can_manage": permissions.can_manage_series(request.user, series),
        },
    )


@login_required
@require_http_methods(["GET"])
def series_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    series = fetch(MeetingSeries, user=request.user, rule=permissions.can_read_series, pk=pk)
    content = calendar_bytes(
        series.title,
        [a.as_calendar_event() for a in series.occurrences.with_related().order_by("start")],
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return ics_response(content, filename=f"series-{series.pk}.ics")


@login_required
@require_http_methods(["GET", "POST"])
def series_reminders(request: AuthedRequest, pk: int) -> HttpResponse:
    series = _series_or_404(request.user, pk)
    formset = ReminderPlanFormSet(request.POST or None, instance=series)
    done = submit(
        request,
        formset,
        lambda _data: meeting_series.update_reminder_plan(
            series=series, by=request.user, formset=formset
        ),
        success=lambda count: (
            _("Reminder plan saved; %(count)d coming meetings follow it.") % {"count": count}
        ),
        then=series,
    )
    return done or render(
        request,
        "activities/series_reminders.html",
        {"series": series, "formset": formset, "coming": selectors.coming_reminders(series)},
    )
