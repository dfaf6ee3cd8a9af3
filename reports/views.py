from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from core.documents import DOCX
from core.exports import XLSX, attachment
from core.types import AuthedRequest
from courts.forms import DashboardForm
from courts.models import AGREEMENT_YEAR
from courts.permissions import can_read

from .document import document_bytes
from .report import annual_report
from .workbook import workbook_bytes

PAGE_ROWS = 50  # of each section in each area on the page; the files hold every row
FORMATS = {"xlsx": (XLSX, workbook_bytes), "docx": (DOCX, document_bytes)}


@login_required
@require_http_methods(["GET"])
def report_now(request: AuthedRequest) -> HttpResponse:
    return redirect("reports:report", year=timezone.localdate().year)


@login_required
@require_http_methods(["GET"])
def report(request: AuthedRequest, year: int, fmt: str = "") -> HttpResponse:
    """The annual report of ``year`` (the three courts', or one court's with ``?court=``): the
    page, or its workbook or Word document. Joint records: every member of staff reads it."""
    if not can_read(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    if not AGREEMENT_YEAR <= year <= this_year or (fmt and fmt not in FORMATS):
        raise Http404
    form = DashboardForm(request.GET or None, this_year=this_year)
    court = form.cleaned_data.get("court") if form.is_valid() else None
    today = timezone.localdate()
    if fmt:
        content_type, build = FORMATS[fmt]
        name = f"{year}-{court.slug if court else 'jin-ping-jia'}-annual-report.{fmt}"
        made = annual_report(year, court, today=today)
        return attachment(build(made), content_type=content_type, filename=name)
    # The page is the same for every member of staff: kept rendered per year, court, language
    # and day until a table it read is written ({% kept %}); it is made only to render it.
    report = SimpleLazyObject(lambda: annual_report(year, court, per_area=PAGE_ROWS, today=today))
    return render(
        request,
        "reports/report.html",
        {"report": report, "form": form, "year": year, "court": court, "today": today},
    )
