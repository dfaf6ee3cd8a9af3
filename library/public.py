"""The library's public pages (no login): the resources their courts made public, newest
first, filtered by kind and court; a resource's page with its latest file; their entries in the
public Atom feed. Nothing shared only with the courts is reachable here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.access import fetch
from core.pagination import paginate
from core.registry import PublicEntry

from .filters import PublicResourceFilter
from .models import Resource, Visibility


def _public():
    return (
        Resource.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("court", "latest")
        .defer("file_text")
        .order_by("-created_at", "-id")
    )


def _is_public(user, resource: Resource) -> bool:
    return resource.visibility == Visibility.PUBLIC


@require_http_methods(["GET"])
def public_resource_list(request: HttpRequest) -> HttpResponse:
    resource_filter = PublicResourceFilter(request.GET, queryset=_public())
    page_obj = paginate(request, resource_filter.qs, per_page=20)
    return render(
        request,
        "library/public_list.html",
        {"filter": resource_filter, "page_obj": page_obj},
    )


@require_http_methods(["GET"])
def public_resource(request: HttpRequest, pk: int) -> HttpResponse:
    resource = fetch(_public(), user=request.user, rule=_is_public, pk=pk)
    return render(
        request,
        "library/public_resource.html",
        {"resource": resource, "tags": resource.tags.all()},
    )


def public_resource_entries(n: int) -> list[PublicEntry]:
    """The public feed's entries of the newest public resources."""
    return [
        PublicEntry(
            title=r.title,
            link=r.get_public_url(),
            published=r.created_at,
            updated=r.updated_at,
            summary=r.description,
            author=r.court.name,  # the court, never a member of staff
            categories=(str(r.get_kind_display()),),
        )
        for r in _public()[:n]
    ]
