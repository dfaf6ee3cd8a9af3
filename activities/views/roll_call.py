"""Roll call: the rotating QR code, sign-in, officers signing in, leave."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch
from core.types import AuthedRequest
from core.views import perform, submit

from .. import permissions, roll_call, selectors, services, windows
from ..forms import (
    LeaveForm,
    SignForForm,
)
from ..models import Activity, Attendance
from .activities import _detail_or_404


@login_required
@require_http_methods(["GET"])
def activity_roll_call(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _detail_or_404(request.user, pk)
    columns = selectors.roll_call(activity)
    return render(
        request,
        "activities/activity_roll_call.html",
        {
            "activity": activity,
            "columns": columns,
            "sign_for_form": SignForForm(),
            "sign_for_not_yet": windows.window_sign_for(activity).refusal(),
        },
    )


def _sign_in_url(request: HttpRequest, activity: Activity) -> str:
    return request.build_absolute_uri(
        reverse(
            "activities:sign-in",
            kwargs={"pk": activity.pk, "token": roll_call.current_token(activity.pk)},
        )
    )


@login_required
@require_http_methods(["GET"])
def activity_qr(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_run_roll_call,
        pk=pk,
    )
    return render(
        request,
        "activities/activity_qr.html",
        {
            "activity": activity,
            "sign_in_url": _sign_in_url(request, activity),
            "version": roll_call.current_token(activity.pk)[:8],
            "signed": activity.attendances.filter(
                status__in=[Attendance.Status.SIGNED_IN, Attendance.Status.LATE]
            ).count(),
            "invited": activity.attendances.count(),
            "opens_at": activity.start - windows.SIGN_IN_OPENS_BEFORE,
            "not_yet_open": timezone.now() < activity.start - windows.SIGN_IN_OPENS_BEFORE,
        },
    )


@login_required
@require_http_methods(["GET"])
def activity_qr_image(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_run_roll_call,
        pk=pk,
    )
    image = qrcode.make(
        _sign_in_url(request, activity),
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=20,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def sign_in(request: AuthedRequest, pk: int, token: str) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_read_activity,
        pk=pk,
    )
    error = None
    if request.method == "POST":
        try:
            services.sign_in_with_token(activity=activity, user=request.user, token=token)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("You are signed in. Welcome!"))
            return redirect(activity)
    # Before the tap, the page says what the tap would do: already signed in, not invited, or
    # why the code cannot be used now (the same rule the sign-in applies).
    attendance = services.attendance_of(activity, request.user)
    if error is None and (attendance is None or not attendance.attended):
        error = services.sign_in_refusal(activity=activity, token=token)
        if error is None and attendance is None:
            error = _("You are not on the invitation list of this activity.")
    return render(
        request,
        "activities/sign_in.html",
        {"activity": activity, "error": error, "token": token, "attendance": attendance},
        status=400 if error else 200,
    )


@login_required
@require_POST
def attendance_sign(request: AuthedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = fetch(
        Attendance.objects.select_related("person__court", "activity"),
        user=request.user,
        rule=permissions.can_sign_for,
        pk=attendance_pk,
        activity_id=pk,
    )
    form = SignForForm(request.POST)
    return perform(
        request,
        lambda: services.sign_in_for(attendance=attendance, by=request.user, **form.cleaned_data),
        success=_("%(name)s is signed in.") % {"name": attendance.person.full_name},
        then=reverse("activities:roll-call", args=[pk]),
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave_request(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_read_activity,
        pk=pk,
    )
    form = LeaveForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.request_leave(activity=activity, by=request.user, **data),
        success=_("Leave requested; your court's secretary decides."),
        then=activity,
    )
    return done or render(
        request, "activities/leave_form.html", {"form": form, "activity": activity}
    )


@login_required
@require_POST
def leave_decide(request: AuthedRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = fetch(
        Attendance.objects.select_related("person__court", "activity"),
        user=request.user,
        rule=permissions.can_decide_leave,
        pk=attendance_pk,
        activity_id=pk,
    )
    return perform(
        request,
        lambda: services.decide_leave(
            attendance=attendance,
            by=request.user,
            approve=request.POST.get("decision") == "approve",
        ),
        success=_("Leave decided."),
        then=reverse("activities:roll-call", args=[pk]),
    )
