"""The resource library's pages: thin — each fetches with its rule, hands the writes to the
services and renders."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch
from core.files import serve_private_file
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import perform, submit
from courts.selectors import courts_by_id

from . import lists, permissions, selectors, services, uses
from .filters import ResourceFilter
from .forms import ResourceForm, VersionForm
from .models import Resource, ResourceUse, ResourceVersion


@login_required
@require_http_methods(["GET"])
def resource_list(request: AuthedRequest) -> HttpResponse:
    rows = Resource.objects.visible_to(request.user).for_list().defer("file_text")
    resource_filter = ResourceFilter(request.GET, queryset=rows)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.RESOURCES.export(request.GET["format"], resource_filter.qs)
    page_obj = paginate(request, resource_filter.qs)
    return render(
        request,
        "library/resource_list.html",
        {
            "filter": resource_filter,
            "page_obj": page_obj,
            "table": lists.RESOURCES.page_table(page_obj),
            "can_share": permissions.can_share_resource(request.user),
        },
    )


def _resource(user, pk: int, rule=permissions.can_read_resource) -> Resource:
    return fetch(
        Resource.objects.select_related("court", "latest", "created_by").defer("file_text"),
        user=user,
        rule=rule,
        pk=pk,
    )


@login_required
@require_http_methods(["GET"])
def resource_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = _resource(request.user, pk)
    courts = courts_by_id()
    page = selectors.resource_page(resource)
    used_by = [
        (use.target, use.target._meta.verbose_name)
        for use in resource.uses.prefetch_related("target")
        if use.target is not None and uses.may_read(request.user, use.target)
    ]
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "used_by": used_by,
            "versions": page.versions,
            "tags": page.tags,
            "downloads": [(courts.get(court or 0), n) for court, n in page.downloads],
            "version_form": VersionForm(),
            "history": history_html(resource, user=request.user),
        },
    )


def _record(request: AuthedRequest) -> Any:
    """The record a resource is chosen or shared for (``?for=activities.activity:12``): None
    when none was named; 404 when it is not one the viewer may change."""
    named = request.GET.get("for") or request.POST.get("for") or ""
    if not named:
        return None
    record = uses.record_of(named)
    if record is None or not uses.may_change(request.user, record):
        raise Http404
    return record


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_share_resource(request.user):
        raise PermissionDenied
    record = _record(request)
    form = ResourceForm(request.POST or None, request.FILES or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.share_resource(by=request.user, used_by=record, **data),
        success=_("Resource shared."),
        then=record.get_absolute_url() if record is not None else None,
    )
    return done or render(
        request,
        "library/resource_form.html",
        {"form": form, "record": record, "record_token": uses.token(record) if record else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def use_picker(request: AuthedRequest) -> HttpResponse:
    """Pick a resource of the library for a record (an activity, a training session…): the
    resources the viewer reads, searched by their words."""
    record = _record(request)
    if record is None:
        raise Http404
    if request.method == "POST":
        chosen = request.POST.get("resource", "")
        if not chosen.isdigit():
            raise Http404
        resource = fetch(
            Resource.objects.all(), user=request.user, rule=permissions.can_read_resource, pk=chosen
        )
        return perform(
            request,
            lambda: services.use_resource(resource=resource, target=record, by=request.user),
            success=_("The resource is used here."),
            then=record.get_absolute_url(),
        )
    rows = Resource.objects.visible_to(request.user).for_list().defer("file_text")
    resource_filter = ResourceFilter(request.GET, queryset=rows)
    page_obj = paginate(request, resource_filter.qs, per_page=20)
    return render(
        request,
        "library/use_picker.html",
        {
            "record": record,
            "record_token": uses.token(record),
            "filter": resource_filter,
            "page_obj": page_obj,
        },
    )


@login_required
@require_POST
def use_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    use = fetch(ResourceUse.objects.all(), user=request.user, rule=_may_change_use, pk=pk)
    back = use.resource.get_absolute_url() if use.target is None else use.target.get_absolute_url()
    return perform(
        request,
        lambda: services.stop_using(use=use, by=request.user),
        success=_("The resource is no longer used here; it stays in the library."),
        then=back,
    )


def _may_change_use(user, use: ResourceUse) -> bool:
    return use.target is not None and uses.may_change(user, use.target)


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = _resource(request.user, pk, permissions.can_edit_resource)
    form = ResourceForm(request.POST or None, instance=resource, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.edit_resource(resource=resource, by=request.user, **data),
        success=_("Saved."),
        then=resource.get_absolute_url(),
    )
    return done or render(
        request, "library/resource_form.html", {"form": form, "resource": resource}
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = _resource(request.user, pk, permissions.can_add_version)
    form = VersionForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda data: services.add_version(resource=resource, by=request.user, **data),
        success=_("New version uploaded; the earlier ones stay downloadable."),
        then=resource.get_absolute_url(),
    )
    return done or render(
        request, "library/version_form.html", {"form": form, "resource": resource}
    )


def _may_download(user, version: ResourceVersion) -> bool:
    return version.can_download(user)


@require_http_methods(["GET"])
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """A version's file, for whoever reads its resource (a public one without logging in);
    each download is counted for the downloader's court."""
    version = fetch(ResourceVersion, user=request.user, rule=_may_download, pk=pk)
    services.record_download(version, request.user)
    return serve_private_file(version)


@require_http_methods(["GET"])
def version_preview(request: HttpRequest, pk: int) -> FileResponse:
    """The picture of a version's first page (a PDF's, or an image's), for whoever reads its
    resource; no download is counted."""
    version = fetch(ResourceVersion, user=request.user, rule=_may_download, pk=pk)
    return serve_private_file(version, thumbnail=True)
