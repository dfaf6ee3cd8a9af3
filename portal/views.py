from __future__ import annotations

import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import registry, services
from core.ical import calendar_bytes, ics_response
from core.models import CalendarToken, Notification, TaskHeartbeat
from core.pagination import paginate
from courts.choices import AREA_MOTTOS, Area
from courts.models import CooperationItem
from courts.permissions import is_portal_admin, person_of
from courts.selectors import courts_with_counts

from .forms import CalendarFilterForm


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    items = CooperationItem.objects.with_related().open().order_by("due_date")
    context = {
        "waiting": registry.waiting_for(request.user),
        "courts": courts_with_counts(),
        "areas": [(area, AREA_MOTTOS[area]) for area in Area],
        "upcoming_items": items[:8],
        "overdue_count": CooperationItem.objects.overdue().count(),
        "heartbeat": (
            TaskHeartbeat.objects.filter(name="beat").first()
            if is_portal_admin(request.user)
            else None
        ),
        "today": timezone.localdate(),
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "HEAD"])
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_http_methods(["GET"])
def ping(request: HttpRequest) -> HttpResponse:
    """The benchmark's baseline: a trivial logged-in view through the whole middleware."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in a context processor.
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _month(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _events(start, end, **filters) -> list[registry.CalendarEvent]:
    """Every registered source's events overlapping [start, end), in time order."""
    events = [
        e
        for source in registry.calendar_sources()
        for e in source.events(start=start, end=end, **filters)
    ]
    return sorted(events, key=lambda e: (e.start, e.uid))


@login_required
@require_http_methods(["GET"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Month and list views of every joint activity, filterable by court and kind."""
    month = _month(request.GET.get("month"))
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(weeks[0][0], datetime.time.min, tzinfo=zone)
    last = datetime.datetime.combine(
        weeks[-1][-1] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    form = CalendarFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = _events(first, last, court=filters.get("court"), kind=filters.get("kind") or None)
    by_day: dict[datetime.date, list] = {}
    for event in events:
        by_day.setdefault(timezone.localdate(event.start), []).append(event)
    view = "list" if request.GET.get("view") == "list" else "month"
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    token = CalendarToken.objects.filter(user=request.user).first()
    return render(
        request,
        "portal/calendar.html",
        {
            "filter_form": form,
            "month": month,
            "view": view,
            "weekday_names": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
            "month_events": [e for e in events if timezone.localdate(e.start).month == month.month],
            "previous_month": previous_month.strftime("%Y-%m"),
            "next_month": next_month.strftime("%Y-%m"),
            "today": timezone.localdate(),
            "feed_url": request.build_absolute_uri(
                reverse("calendar-feed", kwargs={"token": token.token})
            )
            if token
            else None,
        },
    )


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's private feed: their court's activities and those they are invited to."""
    calendar_token = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token, user__is_active=True
    )
    person = person_of(calendar_token.user)
    now = timezone.now()
    events = _events(
        now - datetime.timedelta(days=90), now + datetime.timedelta(days=366), person=person
    )
    content = calendar_bytes(
        str(_("Jin-Ping-Jia joint activities")),
        events,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return ics_response(content, filename="jinpingjia.ics")


@login_required
@require_POST
def calendar_token_reset(request: HttpRequest) -> HttpResponse:
    services.reset_calendar_token(user=request.user)
    messages.success(request, _("Your calendar feed address is new; the old one no longer works."))
    return redirect("calendar")


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.for_user(request.user)
    return render(request, "portal/inbox.html", {"page_obj": paginate(request, notifications)})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_notification_read(notification=notification, by=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("inbox")
