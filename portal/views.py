from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from courts.choices import AREA_MOTTOS, Area
from courts.models import CooperationItem
from courts.permissions import is_portal_admin
from courts.selectors import courts_with_counts

from .models import TaskHeartbeat


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    items = CooperationItem.objects.with_related().open().order_by("due_date")
    context = {
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


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in a context processor.
    return HttpResponseServerError(loader.render_to_string("500.html"))
