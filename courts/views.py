from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import fetch
from core.exports import XLSX, attachment, workbook_of_sheets
from core.forms import row_id
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import changed, perform, submit

from . import lists, selectors, services
from .choices import AREA_MOTTOS, Area
from .filters import CooperationItemFilter, PersonFilter
from .forms import CooperationItemForm, DashboardForm, TargetForm
from .models import CooperationItem, Court, PartyBranch, Person, Target
from .permissions import (
    can_change_target,
    can_create_cooperation_item,
    can_edit_cooperation_item,
    can_read,
    can_read_branch_record,
    can_read_cooperation_item,
    can_read_court,
    can_read_person_record,
    can_set_target,
    write_scope,
)
from .registry import area_sections

AGREEMENT_FILE = Path(__file__).resolve().parent / "data" / "agreement-2020.txt"


@login_required
@require_http_methods(["GET"])
def person_list(request: AuthedRequest) -> HttpResponse:
    people = Person.objects.active().with_related().order_by("court__sort_order", "full_name")
    person_filter = PersonFilter(request.GET, queryset=people)
    page = paginate(request, person_filter.qs)
    return render(
        request,
        "courts/person_list.html",
        {"filter": person_filter, "page_obj": page, "table": lists.PEOPLE.page_table(page)},
    )


PERSON_OPTIONS = 30


@login_required
@require_http_methods(["GET"])
def person_options(request: AuthedRequest) -> HttpResponse:
    """The ``<option>``s of a person search (courts.widgets.PersonSearchSelect): the person
    already chosen, then up to 30 active people of the given courts whose name matches."""
    court_ids = [
        pk for c in request.GET.get("courts", "").split(",")[:10] if (pk := row_id(c)) is not None
    ]
    people = Person.objects.active().for_choices().filter(court__in=court_ids)
    query = request.GET.get("q", "").strip()[:50]
    field = request.GET.get("field", "")
    chosen = row_id(request.GET.get(field, "")) if field.isidentifier() else None
    current = list(people.filter(pk=chosen)) if chosen is not None else []
    matches = people.filter(full_name__icontains=query) if query else people
    found = current + [
        p
        for p in matches.order_by("court__sort_order", "full_name")[:PERSON_OPTIONS]
        if p not in current
    ]
    return render(
        request,
        "widgets/person_options.html",
        {
            "people": found,
            "chosen": current[0].pk if current else None,
            "query": query,
            "blank": request.GET.get("blank") == "1",
        },
    )


@login_required
@require_http_methods(["GET"])
def court_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    court = fetch(Court, user=request.user, rule=can_read_court, slug=slug)
    context = {
        "court": court,
        # the same for every viewer: kept rendered per language and day until a table it read
        # is written ({% kept %}); the overview is read only to render it
        "today": timezone.localdate(),
        "overview": SimpleLazyObject(lambda: selectors.court_overview(court)),
        # the members' records, for the court's own secretaries (not kept: per viewer)
        "record_branches": [
            b
            for b in PartyBranch.objects.filter(court=court).order_by("name")
            if can_read_branch_record(request.user, b)
        ],
    }
    return render(request, "courts/court_detail.html", context)


@login_required
@require_http_methods(["GET"])
def area_detail(request: AuthedRequest, code: str) -> HttpResponse:
    if code not in Area.values:
        raise Http404
    area = Area(code)
    return render(
        request,
        "courts/area_detail.html",
        {
            "area": area,
            "motto": AREA_MOTTOS[area],
            "sections": area_sections(area.value, request.user),
        },
    )


@require_http_methods(["GET"])
def agreement(request: HttpRequest) -> HttpResponse:
    text = AGREEMENT_FILE.read_text(encoding="utf-8")
    title, _sep, body = text.partition("\n")
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    return render(
        request, "courts/agreement.html", {"title": title.strip(), "paragraphs": paragraphs}
    )


@login_required
@require_http_methods(["GET"])
def cooperationitem_list(request: AuthedRequest) -> HttpResponse:
    item_filter = CooperationItemFilter(
        request.GET, queryset=CooperationItem.objects.with_related()
    )
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.COOPERATION_ITEMS.export(request.GET["format"], item_filter.qs)
    page_obj = paginate(request, item_filter.qs)
    return render(
        request,
        "courts/cooperationitem_list.html",
        {
            "filter": item_filter,
            "page_obj": page_obj,
            "table": lists.COOPERATION_ITEMS.page_table(page_obj),
            "can_create": can_create_cooperation_item(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def cooperationitem_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = fetch(
        CooperationItem.objects.with_related(),
        user=request.user,
        rule=can_read_cooperation_item,
        pk=pk,
    )
    return render(
        request,
        "courts/cooperationitem_detail.html",
        {
            "item": item,
            "history_html": history_html(item, user=request.user),
            "can_edit": can_edit_cooperation_item(request.user, item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cooperationitem_create(request: AuthedRequest) -> HttpResponse:
    if not can_create_cooperation_item(request.user):
        raise PermissionDenied
    form = CooperationItemForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.create_cooperation_item(by=request.user, **data),
        success=_("Cooperation item created."),
    )
    return done or render(request, "courts/cooperationitem_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def cooperationitem_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = fetch(
        CooperationItem.objects.editable_by(request.user),
        user=request.user,
        rule=can_edit_cooperation_item,
        pk=pk,
    )
    form = CooperationItemForm(request.POST or None, instance=item, user=request.user)
    done = submit(
        request,
        form,
        lambda _data: services.update_cooperation_item(item=item, by=request.user, **changed(form)),
        success=_("Cooperation item saved."),
        then=item,
    )
    return done or render(request, "courts/cooperationitem_form.html", {"form": form, "item": item})


@login_required
@require_http_methods(["GET"])
def dashboard(request: AuthedRequest) -> HttpResponse:
    """What the agreement produced in a year, area by area and court by court; every figure
    links to the list it counts."""
    if not can_read(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = DashboardForm(request.GET or None, this_year=this_year)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or this_year
    court = data.get("court")

    # The figures are the same for every viewer: the page keeps them rendered per year, court,
    # language and day until a table their counting read is written ({% kept %}); they are
    # counted only to render them.
    today = timezone.localdate()  # read here: the kept figures below read no clock

    def counted() -> dict:
        tables = selectors.figure_tables(year, court, today)
        return {"tables": tables, "behind": selectors.behind(tables)}

    return render(
        request,
        "courts/dashboard.html",
        {
            "form": form,
            "year": year,
            "court": court,
            "today": today,
            "figures": SimpleLazyObject(counted),
            "may_set_targets": can_set_target(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: AuthedRequest) -> HttpResponse:
    """The courts' yearly targets of a year (joint records, read by all staff); a court's
    secretaries set their own court's here, administrators every court's."""
    if not can_read(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    shown = DashboardForm(request.GET or None, this_year=this_year + 1)
    year = (shown.cleaned_data.get("year") if shown.is_valid() else None) or this_year
    may_set = can_set_target(request.user)
    form = TargetForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        this_year=this_year,
        initial={"year": year},
    )
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    # The unbound form is the same for everyone who sets the same courts' targets: kept rendered.
    scope = write_scope(request.user)
    form.kept_as = f"targets:{'all' if scope.all_courts else scope.court_id}"
    done = submit(
        request,
        form,
        lambda data: services.set_target(by=request.user, **data),
        success=_("Target saved."),
        then=lambda target: f"{reverse('courts:targets')}?year={target.year}",
    )
    return done or render(
        request,
        "courts/targets.html",
        {
            "year": year,
            "years": shown,
            "form": form if may_set else None,
            "rows": selectors.target_rows(year, request.user),
        },
    )


@login_required
@require_http_methods(["POST"])
def target_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    target = fetch(
        Target.objects.editable_by(request.user), user=request.user, rule=can_change_target, pk=pk
    )
    return perform(
        request,
        lambda: services.remove_target(by=request.user, target=target),
        success=_("Target removed."),
        then=f"{reverse('courts:targets')}?year={target.year}",
    )


def _record_year(request: AuthedRequest) -> tuple[DashboardForm, int]:
    this_year = timezone.localdate().year
    form = DashboardForm(request.GET or None, this_year=this_year)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year
    return form, year


@login_required
@require_http_methods(["GET"])
def person_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """A member's record across the alliance (党员队伍共管): for the person, their court's
    secretaries and administrators; another court's member answers 404."""
    person = fetch(
        Person.objects.with_related(), user=request.user, rule=can_read_person_record, pk=pk
    )
    form, year = _record_year(request)
    if request.GET.get("format") == "xlsx":
        tables = selectors.person_record(request.user, person, year)
        sheets = [(str(t.part.label), [str(h) for h in t.part.headers], t.rows) for t in tables]
        return attachment(
            workbook_of_sheets(sheets),
            content_type=XLSX,
            filename=f"{year}-{person.full_name}.xlsx",
        )
    # The tables are kept rendered per person, year, language, day and what of the viewer
    # decides their rows ({% kept %}); they are read only to render them.
    return render(
        request,
        "courts/person_record.html",
        {
            "person": person,
            "year": year,
            "form": form,
            "tables": SimpleLazyObject(lambda: selectors.person_record(request.user, person, year)),
            "viewer_key": selectors.record_viewer_key(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET"])
def branch_record(request: AuthedRequest, pk: int) -> HttpResponse:
    """A Party branch's members with the same figures, for its court's secretaries."""
    branch = fetch(
        PartyBranch.objects.select_related("court"),
        user=request.user,
        rule=can_read_branch_record,
        pk=pk,
    )
    form, year = _record_year(request)
    members, parts = selectors.branch_record(branch, year)
    rows = [
        (member, [counts.get(member.pk, (0, None)) for _part, counts in parts])
        for member in members
    ]
    if request.GET.get("format") == "xlsx":
        headers = [str(_("Name")), *[str(part.label) for part, _counts in parts]]
        cells = [
            [m.full_name, *[f"{n} / {of}" if of is not None else n for n, of in counts]]
            for m, counts in rows
        ]
        return attachment(
            workbook_of_sheets([(branch.name, headers, cells)]),
            content_type=XLSX,
            filename=f"{year}-{branch.name}.xlsx",
        )
    return render(
        request,
        "courts/branch_record.html",
        {"branch": branch, "year": year, "form": form, "parts": parts, "rows": rows},
    )
