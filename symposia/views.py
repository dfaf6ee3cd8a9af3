"""Symposia and papers: the lists with filters and exports, a symposium's page with its papers,
recording and editing both, a paper's file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import fetch
from core.files import may_download, serve_private_file
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import changed, submit
from courts.models import Person

from . import lists, permissions, services
from .filters import PaperFilter, SymposiumFilter
from .forms import PaperForm, SymposiumForm
from .models import Paper, Symposium


def _papers():
    return Paper.objects.select_related("symposium").prefetch_related(
        Prefetch("authors", queryset=Person.objects.select_related("court").order_by("full_name"))
    )


@login_required
@require_http_methods(["GET"])
def symposium_list(request: AuthedRequest) -> HttpResponse:
    symposia = (
        Symposium.objects.select_related("host_court")
        .annotate(paper_count=Count("papers"))
        .order_by("-date", "-id")  # an aggregate query leaves Meta.ordering out
    )
    symposium_filter = SymposiumFilter(request.GET, queryset=symposia)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.SYMPOSIA.export(request.GET["format"], symposium_filter.qs)
    page_obj = paginate(request, symposium_filter.qs)
    return render(
        request,
        "symposia/symposium_list.html",
        {
            "filter": symposium_filter,
            "page_obj": page_obj,
            "table": lists.SYMPOSIA.page_table(page_obj),
            "can_create": permissions.can_create_symposium(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def symposium_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    symposium = fetch(
        Symposium.objects.select_related("host_court"),
        user=request.user,
        rule=permissions.can_read_symposium,
        pk=pk,
    )
    paper_filter = PaperFilter(request.GET, queryset=_papers().filter(symposium=symposium))
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.PAPERS.export(request.GET["format"], paper_filter.qs)
    page_obj = paginate(request, paper_filter.qs)
    return render(
        request,
        "symposia/symposium_detail.html",
        {
            "symposium": symposium,
            "filter": paper_filter,
            "page_obj": page_obj,
            "table": lists.PAPERS.page_table(page_obj),
            "can_edit": permissions.can_edit_symposium(request.user, symposium),
            "history_html": history_html(symposium, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def symposium_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_symposium(request.user):
        raise PermissionDenied
    form = SymposiumForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.create_symposium(by=request.user, **data),
        success=_("Symposium recorded."),
    )
    return done or render(request, "symposia/symposium_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def symposium_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    symposium = fetch(
        Symposium.objects.all(), user=request.user, rule=permissions.can_edit_symposium, pk=pk
    )
    form = SymposiumForm(request.POST or None, instance=symposium, user=request.user)
    done = submit(
        request,
        form,
        lambda _data: services.update_symposium(
            symposium=symposium, by=request.user, **changed(form)
        ),
        success=_("Symposium saved."),
        then=symposium,
    )
    return done or render(
        request, "symposia/symposium_form.html", {"form": form, "symposium": symposium}
    )


@login_required
@require_http_methods(["GET"])
def paper_list(request: AuthedRequest) -> HttpResponse:
    paper_filter = PaperFilter(
        request.GET, queryset=_papers().order_by("-symposium__date", "title")
    )
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.PAPERS.export(request.GET["format"], paper_filter.qs)
    page_obj = paginate(request, paper_filter.qs)
    return render(
        request,
        "symposia/paper_list.html",
        {"filter": paper_filter, "page_obj": page_obj, "table": lists.PAPERS.page_table(page_obj)},
    )


@login_required
@require_http_methods(["GET"])
def paper_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    paper = fetch(_papers(), user=request.user, rule=permissions.can_read_paper, pk=pk)
    return render(
        request,
        "symposia/paper_detail.html",
        {
            "paper": paper,
            "authors": lists.authors_of(paper),
            "can_edit": permissions.can_edit_symposium(request.user, paper.symposium),
            "history_html": history_html(paper, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_create(request: AuthedRequest, pk: int) -> HttpResponse:
    symposium = fetch(
        Symposium.objects.all(), user=request.user, rule=permissions.can_edit_symposium, pk=pk
    )
    form = PaperForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda data: services.add_paper(symposium=symposium, by=request.user, **data),
        success=_("Paper recorded; its authors were told."),
    )
    return done or render(
        request, "symposia/paper_form.html", {"form": form, "symposium": symposium}
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    paper = fetch(
        Paper.objects.select_related("symposium"),
        user=request.user,
        rule=lambda user, p: permissions.can_edit_symposium(user, p.symposium),
        pk=pk,
    )
    form = PaperForm(request.POST or None, request.FILES or None, instance=paper)
    done = submit(
        request,
        form,
        lambda data: services.update_paper(
            paper=paper,
            by=request.user,
            upload=data.get("upload"),
            **changed(form, leave=("upload",)),
        ),
        success=_("Paper saved."),
        then=paper,
    )
    return done or render(
        request,
        "symposia/paper_form.html",
        {"form": form, "symposium": paper.symposium, "paper": paper},
    )


@login_required
@require_http_methods(["GET"])
def paper_download(request: AuthedRequest, pk: int) -> FileResponse:
    return serve_private_file(
        fetch(Paper.objects.all(), user=request.user, rule=may_download, pk=pk)
    )
