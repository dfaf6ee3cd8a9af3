"""Training programme pages: sessions with seats left, enrolment and the waiting list, the
roster by court, attendance, certificates and their public verification, programmes with their
statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch
from core.exports import export_response
from core.files import may_download, serve_private_file
from core.ical import calendar_bytes, ics_response
from core.lists import EXPORT_FORMATS, separator
from core.pagination import paginate
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import perform, submit
from courts.permissions import person_of

from . import certificates, lists, permissions, selectors, services, windows
from .filters import SessionFilter, TraineeFilter
from .forms import (
    AttendanceForm,
    CancelEnrolmentForm,
    EnrolForm,
    MaterialForm,
    ProgrammeForm,
    ReasonForm,
    SessionForm,
    VerifyForm,
)
from .models import Enrolment, Material, Programme, TrainingSession
from .workflows import SESSIONS


def _session(user, pk: int, rule=permissions.can_read_session) -> TrainingSession:
    return fetch(
        TrainingSession.objects.select_related("host_court", "programme"),
        user=user,
        rule=rule,
        pk=pk,
    )


def _enrolment(user, pk: int, rule) -> Enrolment:
    return fetch(
        Enrolment.objects.select_related(
            "session__host_court", "session__programme", "person__court", "court"
        ),
        user=user,
        rule=rule,
        pk=pk,
    )


def _posted(request: HttpRequest):
    """The posted data, also when a form with only optional fields was posted empty."""
    return request.POST if request.method == "POST" else None


# --- Sessions ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def session_list(request: AuthedRequest) -> HttpResponse:
    session_filter = SessionFilter(request.GET, queryset=TrainingSession.objects.for_list())
    sessions = session_filter.qs.order_by("-start", "-id")
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.SESSIONS.export(request.GET["format"], sessions)
    page_obj = paginate(request, sessions)
    return render(
        request,
        "training/session_list.html",
        {
            "filter": session_filter,
            "page_obj": page_obj,
            "table": lists.SESSIONS.page_table(page_obj),
            "can_create": permissions.can_create_session(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk)
    user = request.user
    page = selectors.session_page(session)
    session.taken, session.waiting = page.taken, page.waiting  # as for_list() annotates
    mine = page.enrolment_of(getattr(person_of(user), "pk", None))
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "roster": page.roster,
            "mine": mine,
            "my_position": getattr(mine, "position", None),
            "materials": page.materials,
            "can_edit": permissions.can_edit_session(user, session),
            "enrol_refusal": permissions.enrolment_refusal(user, session)
            if permissions.is_coordinator(user)
            else None,
            "can_record": permissions.can_record_session_attendance(user, session),
            "status_moves": [  # the enrolment buttons; cancelling has its own page
                to
                for to in SESSIONS.available(session, user)
                if to in (TrainingSession.Status.OPEN, TrainingSession.Status.CLOSED)
            ],
            "history": (
                history_html(session, user=user)
                if permissions.can_edit_session(user, session)
                else ""
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_session(request.user):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.create_session(by=request.user, **data),
        success=_("Training session set up: it is open for enrolment."),
    )
    return done or render(request, "training/session_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(TrainingSession, user=request.user, rule=permissions.can_edit_session, pk=pk)
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    done = submit(  # the form changed its instance: the service reads the row again
        request,
        form,
        lambda data: services.update_session(session=session, by=request.user, **data),
        success=_("Training session saved."),
        then=session.get_absolute_url(),
    )
    return done or render(request, "training/session_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(TrainingSession, user=request.user, rule=permissions.can_edit_session, pk=pk)
    form = ReasonForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.cancel_session(
            session=session, by=request.user, reason=data["reason"]
        ),
        success=_("Training session cancelled; everyone was told."),
    )
    return done or render(
        request, "training/session_cancel.html", {"form": form, "session": session}
    )


@login_required
@require_POST
def session_status(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(TrainingSession, user=request.user, rule=permissions.can_edit_session, pk=pk)
    to = request.POST.get("to")
    if to not in (TrainingSession.Status.OPEN, TrainingSession.Status.CLOSED):
        messages.error(request, _("Choose whether enrolment is open or closed."))
        return redirect(session)
    return perform(
        request,
        lambda: services.set_enrolment_open(
            session=session, by=request.user, open=to == TrainingSession.Status.OPEN
        ),
        success=_("Enrolment status saved."),
        then=session,
    )


@login_required
@require_http_methods(["GET"])
def session_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk)
    content = calendar_bytes(
        session.title,
        [session.as_calendar_event()],
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return ics_response(content, filename=f"training-session-{session.pk}.ics")


@login_required
@require_http_methods(["GET"])
def session_roster(request: AuthedRequest, pk: int) -> HttpResponse:
    """The roster as .xlsx or .csv (court, name, status, certificate code)."""
    session = _session(request.user, pk)
    fmt = request.GET.get("format", "xlsx")
    response = lists.ROSTER.export(fmt, selectors.roster_rows(session).select_related("person"))
    return response


@login_required
@require_http_methods(["GET"])
def trainee_list(request: AuthedRequest) -> HttpResponse:
    """The trainees of the sessions held, across sessions (each session's roster, together)."""
    rows = selectors.trainees_held(timezone.localdate()).select_related(
        "person", "court", "session"
    )
    trainee_filter = TraineeFilter(request.GET, queryset=rows)
    trainees = trainee_filter.qs.order_by(
        "-session__start", "session_id", "person__full_name", "id"
    )
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.TRAINEES.export(request.GET["format"], trainees)
    page_obj = paginate(request, trainees)
    return render(
        request,
        "training/trainee_list.html",
        {
            "filter": trainee_filter,
            "page_obj": page_obj,
            "table": lists.TRAINEES.page_table(page_obj),
        },
    )


# --- Enrolment --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_enrol(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(
        TrainingSession.objects.for_list(),
        user=request.user,
        rule=permissions.can_use_enrolment_page,
        pk=pk,
    )
    refusal = permissions.enrolment_refusal(request.user, session)
    if refusal:
        messages.error(request, refusal)
        return redirect(session)
    form = EnrolForm(request.POST or None, session=session, user=request.user)

    def enrolled(created: list[Enrolment]) -> str:
        seated = sum(1 for e in created if e.status == Enrolment.Status.ENROLLED)
        return _("%(seated)d enrolled, %(waiting)d on the waiting list.") % {
            "seated": seated,
            "waiting": len(created) - seated,
        }

    done = submit(
        request,
        form,
        lambda data: services.enrol(session=session, people=data["people"], by=request.user),
        success=enrolled,
        then=session,
    )
    return done or render(
        request, "training/session_enrol.html", {"form": form, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request.user, pk, permissions.can_cancel_enrolment)
    form = CancelEnrolmentForm(_posted(request))

    def cancelled(promoted: list[Enrolment]) -> str:
        message = _("Enrolment of %(person)s cancelled.") % {"person": enrolment.person.full_name}
        if promoted:
            message += " " + _("%(people)s moved up from the waiting list.") % {
                "people": separator().join(e.person.full_name for e in promoted)
            }
        return message

    done = submit(
        request,
        form,
        lambda data: services.cancel_enrolment(
            enrolment=enrolment, by=request.user, reason=data["reason"]
        ),
        success=cancelled,
        then=enrolment.session,
    )
    return done or render(
        request, "training/enrolment_cancel.html", {"form": form, "enrolment": enrolment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_promote(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request.user, pk, permissions.can_promote_enrolment)
    form = ReasonForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.promote_enrolment(
            enrolment=enrolment, by=request.user, reason=data["reason"]
        ),
        success=lambda promoted: _("%(person)s moved up.") % {"person": promoted.person.full_name},
        then=enrolment.session,
    )
    return done or render(
        request, "training/enrolment_promote.html", {"form": form, "enrolment": enrolment}
    )


# --- Attendance and certificates --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(
        TrainingSession.objects.select_related("host_court", "programme"),
        user=request.user,
        rule=permissions.can_record_session_attendance,
        pk=pk,
    )
    rows = [
        e
        for e in selectors.roster_rows(session).filter(status__in=Enrolment.SEATED)
        if _attach(e, session) and permissions.can_record_attendance(request.user, e)
    ]
    completion_not_yet = windows.window_completion(session).refusal()
    form = AttendanceForm(_posted(request), enrolments=rows, completion_open=not completion_not_yet)
    done = submit(
        request,
        form,
        lambda data: services.record_attendance(
            session=session, by=request.user, marks=form.marks()
        ),
        success=lambda changed: _("Attendance saved: %(n)d changed.") % {"n": len(changed)},
        then=session,
    )
    return done or render(
        request,
        "training/session_attendance.html",
        {
            "form": form,
            "session": session,
            "attendance_not_yet": windows.window_attendance(session).refusal(),
            "completion_not_yet": completion_not_yet,
        },
    )


def _attach(enrolment: Enrolment, session: TrainingSession) -> bool:
    enrolment.session = session
    return True


@login_required
@require_http_methods(["GET"])
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request.user, pk, permissions.can_read_certificate)
    return render(
        request,
        "training/certificate.html",
        {"enrolment": enrolment, "verify_url": certificates.verify_url(request, enrolment)},
    )


@login_required
@require_http_methods(["GET"])
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(request.user, pk, permissions.can_read_certificate)
    try:
        content = certificates.certificate_pdf(
            enrolment, verify_url=certificates.verify_url(request, enrolment)
        )
    except certificates.FontMissing:
        messages.error(
            request,
            _(
                "The PDF cannot be made: the Chinese font is not installed on the server. "
                "Print this page instead, or ask the administrator to install it."
            ),
        )
        return redirect(enrolment.get_certificate_url())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{enrolment.certificate_code}.pdf"'
    )
    return response


@require_http_methods(["GET"])
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public (no login): is this code genuine? Only the name, the session and the date."""
    form = VerifyForm(request.GET or ({"code": code} if code else None))
    enrolment = None
    checked = False
    if form.is_bound and form.is_valid():
        checked = True
        enrolment = services.verify_certificate(form.cleaned_data["code"])
    response = render(
        request,
        "training/verify.html",
        {"form": form, "enrolment": enrolment, "checked": checked},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- My training ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def my_training(request: AuthedRequest) -> HttpResponse:
    person = person_of(request.user)
    rows = Enrolment.objects.none()
    if person is not None:
        rows = (
            Enrolment.objects.filter(person=person)
            .active()
            .select_related("session__programme", "session__host_court")
            .order_by("-session__start", "-id")
        )
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.MY_TRAINING.export(request.GET["format"], rows)
    page_obj = paginate(request, rows)
    return render(
        request,
        "training/my_training.html",
        {"page_obj": page_obj, "table": lists.MY_TRAINING.table(page_obj.object_list)},
    )


# --- Programmes -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def programme_list(request: AuthedRequest) -> HttpResponse:
    programmes = Programme.objects.annotate(session_count=Count("sessions")).order_by(
        "-year", "title"
    )
    page_obj = paginate(request, programmes)
    return render(
        request,
        "training/programme_list.html",
        {
            "page_obj": page_obj,
            "table": lists.PROGRAMMES.page_table(page_obj),
            "can_create": permissions.can_create_programme(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = fetch(Programme, user=request.user, rule=permissions.can_read_programme, pk=pk)
    rows, total = selectors.programme_stats(programme)
    if request.GET.get("format") in EXPORT_FORMATS:
        return export_response(
            request.GET["format"],
            filename=_("training-statistics"),
            headers=[
                _("Court"),
                _("Seats held"),
                pgettext("training", "Attended"),
                pgettext("training", "Completed"),
                _("Absent"),
                _("Waiting"),
                _("Completion rate (%)"),
            ],
            rows=[
                [
                    row.court or _("All courts"),
                    row.enrolled,
                    row.attended,
                    row.completed,
                    row.absent,
                    row.waiting,
                    row.completion_rate,
                ]
                for row in [*rows, total]
            ],
        )
    sessions = TrainingSession.objects.for_list().filter(programme=programme).order_by("start")
    page_obj = paginate(request, sessions)
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "stats": rows,
            "total": total,
            "page_obj": page_obj,
            "table": lists.SESSIONS.page_table(page_obj),
            "can_edit": permissions.can_edit_programme(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_programme(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.create_programme(by=request.user, **data),
        success=_("Programme set up."),
    )
    return done or render(request, "training/programme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = fetch(Programme, user=request.user, rule=permissions.can_edit_programme, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    done = submit(  # the service reads the row as stored (the form changed its instance)
        request,
        form,
        lambda data: services.update_programme(programme=programme, by=request.user, **data),
        success=_("Programme saved."),
        then=programme.get_absolute_url(),
    )
    return done or render(
        request, "training/programme_form.html", {"form": form, "programme": programme}
    )


# --- Materials --------------------------------------------------------------------------------


@login_required
@require_POST
def material_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    session = fetch(TrainingSession, user=request.user, rule=permissions.can_edit_session, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    return perform(
        request,
        lambda: services.add_material(
            session=session, by=request.user, upload=form.cleaned_data["upload"]
        ),
        success=_("Material added."),
        then=session.get_absolute_url() + "#materials",
        form=form,
    )


@login_required
@require_http_methods(["GET"])
def material_download(request: AuthedRequest, pk: int) -> FileResponse:
    return serve_private_file(
        fetch(Material.objects.all(), user=request.user, rule=may_download, pk=pk)
    )


@login_required
@require_POST
def material_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    material = fetch(
        Material.objects.select_related("session"),
        user=request.user,
        rule=lambda user, m: permissions.can_edit_session(user, m.session),
        pk=pk,
    )
    return perform(
        request,
        lambda: services.delete_material(material=material, by=request.user),
        success=_("Material removed."),
        then=material.session.get_absolute_url() + "#materials",
    )
