"""The joint services to the public (服务群众共联) on the public pages, no login: what the
courts did together for the people — the activity's title, date, place, courts, summary and
whom it served. Nothing else of an activity (invitations, minutes, files) is shown."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.pagination import paginate

from . import permissions
from .selectors import attach_courts


@require_http_methods(["GET"])
def public_services(request: HttpRequest) -> HttpResponse:
    services = (
        permissions.public_services()
        .select_related("host_court")
        .only(
            "title",
            "kind",
            "start",
            "place",
            "summary",
            "host_court",
            "status",
            "served_people",
            "served_enterprises",
            "consultations",
            "disputes_resolved",
        )  # fmt: skip
        .order_by("-start", "-pk")
    )
    page_obj = paginate(request, services, per_page=12)
    rows = attach_courts(page_obj.object_list)
    return render(
        request, "activities/public_services.html", {"page_obj": page_obj, "services": rows}
    )
