"""Joint activities: list, create, edit, detail, parts and files, exports, records."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import holidays
from core.access import fetch, shown
from core.documents import DOCX
from core.exports import attachment
from core.files import may_download, serve_private_file
from core.forms import year_param
from core.ical import calendar_bytes, ics_response
from core.lists import EXPORT_FORMATS
from core.pagination import paginate, paginate_ids
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import perform, submit
from courts.permissions import person_of
from courts.selectors import secretaries

from .. import checklist, documents, dossier, lists, permissions, selectors, services
from ..filters import ActivityFilter
from ..forms import (
    ActivityForm,
    ActivityRecordForm,
    AttachmentForm,
    CancelForm,
    InviteForm,
    PartNotesForm,
    date_warning,
)
from ..minutes import carried_over
from ..models import Activity, ActivityPart, Attachment, Kind, RedEducationBase


def _detail_or_404(user, pk: int) -> Activity:
    try:
        activity = selectors.activity_for_detail(pk)
    except Activity.DoesNotExist:
        activity = None
    return shown(activity, user=user, rule=permissions.can_read_activity)


def _editable_or_404(user, pk: int, rule=permissions.can_edit_activity) -> Activity:
    return fetch(Activity.objects.editable_by(user), user=user, rule=rule, pk=pk)


@login_required
@require_http_methods(["GET"])
def activity_list(request: AuthedRequest) -> HttpResponse:
    activity_filter = ActivityFilter(request.GET, queryset=Activity.objects.for_list())
    page_obj = paginate(request, activity_filter.qs)
    return render(
        request,
        "activities/activity_list.html",
        {
            "filter": activity_filter,
            "page_obj": page_obj,
            "table": lists.ACTIVITIES.page_table(page_obj, selectors.attach_courts),
            "can_create": permissions.can_create_activity(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def activity_export(request: AuthedRequest) -> HttpResponse:
    activity_filter = ActivityFilter(request.GET, queryset=Activity.objects.for_list())
    return lists.ACTIVITIES.export(
        request.GET.get("format", "xlsx"), activity_filter.qs, prepare=selectors.with_courts
    )


def _say_unpublished_year(request: HttpRequest, activity: Activity) -> None:
    """After saving, for a year whose holidays are not published yet (a holiday of a known year
    was refused by the form unless confirmed)."""
    day = holidays.day(timezone.localtime(activity.start).date())
    if not day.known:
        messages.warning(request, holidays.warning_for(day.date))


@login_required
@require_http_methods(["GET"])
def date_check(request: AuthedRequest) -> HttpResponse:
    """The holiday check of the start as it is typed (the activity form asks with htmx): the
    words only, for the field's live region."""
    return HttpResponse(date_warning(request.GET.get("start", "")[:40]))


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_activity(request.user):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.create_activity(by=request.user, **data),
        success=_("Activity created. Now invite the participants."),
        after=lambda activity: _say_unpublished_year(request, activity),
        then=lambda activity: reverse("activities:activity-invite", args=[activity.pk]),
    )
    return done or render(request, "activities/activity_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _editable_or_404(request.user, pk)
    form = ActivityForm(request.POST or None, instance=activity, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.update_activity(
            activity=activity,
            by=request.user,
            **{k: data[k] for k in form.changed_data if k != "host_court"},
        ),
        success=_("Activity saved."),
        after=lambda _changed: _say_unpublished_year(request, activity),
        then=activity.get_absolute_url(),
    )
    return done or render(
        request, "activities/activity_form.html", {"form": form, "activity": activity}
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_record(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _editable_or_404(request.user, pk)
    form = ActivityRecordForm(request.POST or None, instance=activity)
    done = submit(
        request,
        form,
        lambda data: services.update_activity(
            activity=activity, by=request.user, **{k: data[k] for k in form.changed_data}
        ),
        success=_("Record saved."),
        then=activity.get_absolute_url(),
    )
    return done or render(
        request, "activities/activity_record_form.html", {"form": form, "activity": activity}
    )


@login_required
@require_http_methods(["GET"])
def activity_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _detail_or_404(request.user, pk)
    user = request.user
    person = person_of(user)
    mine = next(
        (a for a in activity.attendances.all() if person and a.person_id == person.pk), None
    )
    parts = []
    for part in activity.parts.all():
        parts.append(
            {
                "part": part,
                "attachments": [a for a in activity.attachments.all() if a.part_id == part.pk],
                "attendees": [a for a in activity.attendances.all() if a.part_id == part.pk],
                "can_edit": permissions.can_edit_part(user, part),
            }
        )
    requirements = checklist.checklist(activity)
    # A series meeting hosted in turn by another court: whom to ask about its arrangements.
    host_contacts = (
        list(secretaries([activity.host_court]).order_by("full_name"))
        if activity.series_id and (person is None or person.court_id != activity.host_court_id)
        else []
    )
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "host_contacts": host_contacts,
            "parts": parts,
            "checklist": requirements,
            # What stops "mark completed" (the service refuses on the same list).
            "still_missing": checklist.missing(activity),
            "my_attendance": mine,
            "carried_over": carried_over(activity),
            "history_html": history_html(activity, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _editable_or_404(request.user, pk, permissions.can_cancel_activity)
    form = CancelForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.cancel_activity(
            activity=activity, by=request.user, reason=data["reason"]
        ),
        success=_("Activity cancelled; the invited people were told."),
    )
    return done or render(
        request, "activities/activity_cancel.html", {"form": form, "activity": activity}
    )


@login_required
@require_POST
def activity_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _editable_or_404(request.user, pk, permissions.can_complete_activity)
    return perform(
        request,
        lambda: services.complete_activity(activity=activity, by=request.user),
        success=_("Activity completed."),
        then=activity,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_invite_to_activity,
        pk=pk,
    )
    courts = permissions.invitable_courts(request.user, activity)
    form = InviteForm(request.POST or None, courts=courts)
    done = submit(
        request,
        form,
        lambda data: services.invite(activity=activity, by=request.user, **data),
        success=lambda count: _("%(count)d people invited.") % {"count": count},
        then=activity,
    )
    return done or render(
        request,
        "activities/activity_invite.html",
        {"form": form, "activity": activity, "courts": courts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request: AuthedRequest, pk: int, court: str) -> HttpResponse:
    part = fetch(
        ActivityPart.objects.select_related("activity", "court"),
        user=request.user,
        rule=permissions.can_edit_part,
        activity_id=pk,
        court__slug=court,
    )
    notes_form = PartNotesForm(initial={"notes": part.notes})
    upload_form = AttachmentForm()
    if request.method == "POST":
        if "upload" in request.FILES or request.POST.get("action") == "upload":
            upload_form = AttachmentForm(request.POST, request.FILES)
            done = submit(
                request,
                upload_form,
                lambda data: services.add_attachment(part=part, by=request.user, **data),
                success=_("File added."),
                then=request.path,
            )
        else:
            notes_form = PartNotesForm(request.POST)
            done = submit(
                request,
                notes_form,
                lambda data: services.update_part(part=part, by=request.user, **data),
                success=_("Notes saved."),
                then=part.activity,
            )
        if done:
            return done
    attachments = part.attachments.select_related("uploaded_by__person")
    return render(
        request,
        "activities/part_form.html",
        {
            "part": part,
            "activity": part.activity,
            "notes_form": notes_form,
            "upload_form": upload_form,
            "attachments": attachments,
        },
    )


def _attachment_or_404(user, pk: int) -> Attachment:
    return fetch(
        Attachment.objects.select_related("part__court"), user=user, rule=may_download, pk=pk
    )


@login_required
@require_http_methods(["GET"])
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    return serve_private_file(_attachment_or_404(request.user, pk))


@login_required
@require_http_methods(["GET"])
def attachment_thumbnail(request: AuthedRequest, pk: int) -> FileResponse:
    return serve_private_file(_attachment_or_404(request.user, pk), thumbnail=True)


@login_required
@require_POST
def attachment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    attachment = fetch(
        Attachment.objects.select_related("part__court"),
        user=request.user,
        rule=permissions.can_delete_attachment,
        pk=pk,
    )
    return perform(
        request,
        lambda: services.delete_attachment(attachment=attachment, by=request.user),
        success=_("File removed."),
        then=reverse(
            "activities:part-edit", args=[attachment.activity_id, attachment.part.court.slug]
        ),
    )


@login_required
@require_http_methods(["GET"])
def activity_notice_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The activity's notice (通知) as a Word document in the official layout."""
    activity = _detail_or_404(request.user, pk)
    return attachment(
        documents.notice_bytes(activity), content_type=DOCX, filename=_file_name(activity, "通知")
    )


@login_required
@require_http_methods(["GET"])
def activity_minutes_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The activity's minutes (会议纪要) as a Word document in the official layout."""
    activity = _detail_or_404(request.user, pk)
    return attachment(
        documents.minutes_bytes(activity),
        content_type=DOCX,
        filename=_file_name(activity, "会议纪要"),
    )


def _file_name(activity: Activity, what: str) -> str:
    return f"{timezone.localtime(activity.start):%Y%m%d}-{activity.title}-{what}.docx"


@login_required
@require_http_methods(["GET"])
def activity_dossier(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = _detail_or_404(request.user, pk)
    response = HttpResponse(dossier.build_dossier(activity), content_type="application/zip")
    stamp = timezone.localtime(activity.start).strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'{stamp}-{activity.title}-纪实.zip')}"
    )
    return response


@login_required
@require_http_methods(["GET"])
def activity_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    activity = fetch(
        Activity.objects.with_related(),
        user=request.user,
        rule=permissions.can_read_activity,
        pk=pk,
    )
    content = calendar_bytes(
        activity.title,
        [activity.as_calendar_event()],
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    return ics_response(content, filename=f"activity-{activity.pk}.ics")


@login_required
@require_http_methods(["GET"])
def my_record(request: AuthedRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404
    year = year_param(request.GET.get("year"))
    rows = selectors.participation_record(person, year=year)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.PARTICIPATION.export(request.GET["format"], rows)
    overview = selectors.participation_overview(person, year=year)
    page_obj = paginate_ids(request, rows, overview["ids"])
    kinds = dict(Kind.choices)
    return render(
        request,
        "activities/my_record.html",
        {
            "person": person,
            "page_obj": page_obj,
            "table": lists.PARTICIPATION.page_table(page_obj),
            "year": year,
            "summary": {
                "by_year": overview["by_year"],
                "by_kind": [(kinds.get(kind, kind), n) for kind, n in overview["by_kind"]],
            },
            "years": overview["years"],
        },
    )


@login_required
@require_http_methods(["GET"])
def base_list(request: AuthedRequest) -> HttpResponse:
    # Visits are those held (held or completed): planned and cancelled ones are not visits yet.
    held = Q(activities__status__in=(Activity.Status.HELD, Activity.Status.COMPLETED))
    bases = RedEducationBase.objects.annotate(
        visit_count=Count("activities", filter=held),
        last_visit=Max("activities__start", filter=held),
    ).order_by("name")
    page_obj = paginate(request, bases)
    return render(
        request,
        "activities/base_list.html",
        {"page_obj": page_obj, "table": lists.RED_BASES.page_table(page_obj)},
    )


@login_required
@require_http_methods(["GET"])
def base_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    base = fetch(RedEducationBase, user=request.user, rule=permissions.can_read_base, pk=pk)
    visits = base.activities.with_related().exclude(status=Activity.Status.CANCELLED)
    return render(request, "activities/base_detail.html", {"base": base, "visits": visits})
