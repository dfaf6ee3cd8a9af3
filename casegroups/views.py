"""Case-study groups: browse, join, decide requests, leave; cases with the redaction check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch, shown
from core.ical import calendar_bytes, ics_response
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.selectors import history_html
from core.types import AuthedRequest
from core.views import changed, perform, submit
from courts.models import Person
from courts.permissions import court_of, person_of

from . import lists, permissions, selectors, services, similar, windows
from .filters import AllCasesFilter, CaseFilter, GroupFilter, StudySessionFilter
from .forms import (
    CaseForm,
    ConcludeForm,
    GroupForm,
    JoinForm,
    ReasonForm,
    RecordForm,
    ReviewForm,
    SessionForm,
)
from .models import (
    CaseReview,
    CaseStudyGroup,
    Membership,
    StudyCase,
    StudySession,
)
from .redaction import parties_from
from .workflows import CASES


def _group(user, pk: int, rule=permissions.can_read_group) -> CaseStudyGroup:
    return fetch(
        CaseStudyGroup.objects.select_related("convenor__court"), user=user, rule=rule, pk=pk
    )


def _membership(user, pk: int, rule) -> Membership:
    return fetch(
        Membership.objects.select_related("group__convenor__court", "person__court"),
        user=user,
        rule=rule,
        pk=pk,
    )


def _case(user, pk: int, rule=permissions.can_read_case_details) -> StudyCase:
    """A case the user may read (or act on); 404 when not (details are members' business)."""
    return fetch(
        StudyCase.objects.for_list().select_related("group__convenor__court"),
        user=user,
        rule=rule,
        pk=pk,
    )


# --- Groups ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def group_list(request: AuthedRequest) -> HttpResponse:
    group_filter = GroupFilter(request.GET, queryset=CaseStudyGroup.objects.for_list())
    groups = group_filter.qs.prefetch_related("member_courts").order_by("-active", "name")
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.GROUPS.export(request.GET["format"], groups)
    page_obj = paginate(request, groups)
    return render(
        request,
        "casegroups/group_list.html",
        {
            "filter": group_filter,
            "page_obj": page_obj,
            "table": lists.GROUPS.page_table(page_obj),
            "can_create": permissions.can_create_group(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    group = _group(request.user, pk)
    page = selectors.group_page(group, request.user)
    return render(
        request,
        "casegroups/group_detail.html",
        {
            "group": group,
            "page": page,
            "lists": selectors.group_lists_html(group, request.user),
            "member_courts": selectors.member_courts(group),
            "join_form": JoinForm()
            if permissions.can_request_membership(request.user, group)
            else None,
            "can_edit": permissions.can_edit_group(request.user, group),
            "can_submit": permissions.can_submit_case(request.user, group),
            "can_schedule": permissions.can_schedule_session(request.user, group),
            "reviews": selectors.review_summary(group),
            "may_join": permissions.may_join_groups(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, user=request.user)
    done = submit(
        request,
        form,
        lambda data: services.create_group(by=request.user, **data),
        success=_("Case-study group set up."),
    )
    return done or render(request, "casegroups/group_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    group = fetch(
        CaseStudyGroup.objects.select_related("convenor__court"),
        user=request.user,
        rule=permissions.can_edit_group,
        pk=pk,
    )
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    done = submit(
        request,
        form,
        lambda _data: services.update_group(group=group, by=request.user, **changed(form)),
        success=_("Group saved."),
        then=group,
    )
    return done or render(request, "casegroups/group_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def group_join(request: AuthedRequest, pk: int) -> HttpResponse:
    group = _group(request.user, pk)
    refusal = permissions.join_refusal(request.user, group)
    if refusal:
        messages.error(request, refusal)
        return redirect(group)
    form = JoinForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.request_membership(group=group, by=request.user, **data),
        success=_("Your request was sent to the convenor."),
        then=group,
    )
    return done or render(request, "casegroups/group_join.html", {"form": form, "group": group})


# --- Memberships -----------------------------------------------------------------------------


@login_required
@require_POST
def membership_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership(request.user, pk, permissions.can_decide_membership)
    return perform(
        request,
        lambda: services.approve_membership(membership=membership, by=request.user),
        success=_("%(person)s is now a member.") % {"person": membership.person.full_name},
        then=membership.group.get_absolute_url() + "#requests",
    )


def _with_reason(request: HttpRequest, pk: int, rule, service, *, template: str, done: str):
    membership = _membership(request.user, pk, rule)
    form = ReasonForm(request.POST or None)
    answer = submit(
        request,
        form,
        lambda data: service(membership=membership, by=request.user, reason=data["reason"]),
        success=done % {"person": membership.person.full_name},
        then=membership.group,
    )
    return answer or render(request, template, {"form": form, "membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def membership_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        permissions.can_decide_membership,
        services.decline_membership,
        template="casegroups/membership_decline.html",
        done=_("The request of %(person)s was declined; they were told why."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_reason(
        request,
        pk,
        permissions.can_remove_member,
        services.remove_member,
        template="casegroups/membership_remove.html",
        done=_("%(person)s was removed from the group; they were told why."),
    )


@login_required
@require_POST
def membership_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = _membership(request.user, pk, permissions.can_leave_group)
    was_member = membership.status == Membership.Status.ACTIVE
    return perform(
        request,
        lambda: services.leave_group(membership=membership, by=request.user),
        success=_("You left the group.") if was_member else _("Your request was withdrawn."),
        then=membership.group,
    )


# --- Cases -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def case_list(request: AuthedRequest, pk: int) -> HttpResponse:
    group = _group(request.user, pk)
    readable = permissions.readable_cases(
        request.user, StudyCase.objects.filter(group=group)
    ).for_list()
    case_filter = CaseFilter(request.GET, queryset=readable)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.CASES.export(request.GET["format"], case_filter.qs)
    page_obj = paginate(request, case_filter.qs)
    return render(
        request,
        "casegroups/case_list.html",
        {
            "group": group,
            "filter": case_filter,
            "page_obj": page_obj,
            "table": lists.CASES.page_table(page_obj),
            "can_submit": permissions.can_submit_case(request.user, group),
        },
    )


@login_required
@require_http_methods(["GET"])
def all_case_list(request: AuthedRequest) -> HttpResponse:
    """Every group's cases whose details the viewer reads (the case rule), filtered."""
    readable = permissions.readable_cases(request.user, StudyCase.objects.all()).for_list()
    case_filter = AllCasesFilter(request.GET, queryset=readable.select_related("group"))
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.ALL_CASES.export(request.GET["format"], case_filter.qs)
    page_obj = paginate(request, case_filter.qs)
    return render(
        request,
        "casegroups/all_case_list.html",
        {
            "filter": case_filter,
            "page_obj": page_obj,
            "table": lists.ALL_CASES.page_table(page_obj),
        },
    )


@login_required
@require_http_methods(["GET"])
def session_list(request: AuthedRequest) -> HttpResponse:
    """Every group's study sessions, filtered (a session is a joint record every member of
    staff reads; its link and agenda stay on its page, under the case rule)."""
    sessions = StudySession.objects.select_related("group").defer("minutes", "online_link")
    session_filter = StudySessionFilter(request.GET, queryset=sessions)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.STUDY_SESSIONS.export(request.GET["format"], session_filter.qs)
    page_obj = paginate(request, session_filter.qs)
    return render(
        request,
        "casegroups/session_list.html",
        {
            "filter": session_filter,
            "page_obj": page_obj,
            "table": lists.STUDY_SESSIONS.page_table(page_obj),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthedRequest, pk: int) -> HttpResponse:
    group = _group(request.user, pk, permissions.can_submit_case)
    form = CaseForm(request.POST or None, initial={"court_of_origin": court_of(request.user)})

    def submit_case(cleaned: dict) -> StudyCase:
        texts, keep = form.resolved()
        data = {k: v for k, v in cleaned.items() if not k.startswith("hit_")}
        data.update(texts)
        parties = data.pop("parties", "")
        return services.submit_case(
            group=group, by=request.user, parties=parties_from(parties), not_personal=keep, **data
        )

    done = submit(request, form, submit_case, success=_("Case submitted to the group."))
    return done or render(request, "casegroups/case_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request.user, pk, permissions.can_edit_case)
    form = CaseForm(request.POST or None, instance=case)

    def update_case(cleaned: dict) -> set[str]:
        texts, keep = form.resolved()
        changes = {
            name: texts.get(name, cleaned[name])
            for name in form.Meta.fields
            if name in form.changed_data or name in texts
        }
        return services.update_case(
            case=case,
            by=request.user,
            parties=parties_from(cleaned.get("parties", "")),
            not_personal=keep,
            **changes,
        )

    done = submit(request, form, update_case, success=_("Case saved."), then=case)
    return done or render(
        request, "casegroups/case_form.html", {"form": form, "group": case.group, "case": case}
    )


@login_required
@require_http_methods(["GET"])
def case_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    case = shown(
        selectors.case_for_detail(pk), user=request.user, rule=permissions.can_read_case_details
    )
    moves = CASES.available(case, request.user)
    return render(
        request,
        "casegroups/case_detail.html",
        {
            "case": case,
            "group": case.group,
            "can_edit": permissions.can_edit_case(request.user, case),
            "may_discuss": StudyCase.Status.DISCUSSION in moves,
            "may_conclude": StudyCase.Status.CONCLUDED in moves,
            "can_review": permissions.can_review_case(request.user, case),
            "similar": similar.similar_to(case, request.user),
            "reviews": selectors.case_reviews(case),
            "history_html": history_html(case, user=request.user),
        },
    )


@login_required
@require_POST
def case_discuss(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request.user, pk, permissions.can_move_case)
    return perform(
        request,
        lambda: services.move_case(case=case, to=StudyCase.Status.DISCUSSION, by=request.user),
        success=_("The case is now under discussion."),
        then=case,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_conclude(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request.user, pk, permissions.can_move_case)
    form = ConcludeForm(
        request.POST or None, initial={"conclusion": case.conclusion, "experience": case.experience}
    )

    def conclude(_cleaned: dict) -> StudyCase:
        texts, keep = form.resolved()
        return services.move_case(
            case=case, to=StudyCase.Status.CONCLUDED, by=request.user, not_personal=keep, **texts
        )

    done = submit(
        request,
        form,
        conclude,
        success=_("The case is concluded; its submitter was told."),
    )
    return done or render(request, "casegroups/case_conclude.html", {"form": form, "case": case})


# --- Study sessions --------------------------------------------------------------------------


def _session(user, pk: int, rule=permissions.can_read_session) -> StudySession:
    return fetch(
        StudySession.objects.select_related("group__convenor__court"), user=user, rule=rule, pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: AuthedRequest, pk: int) -> HttpResponse:
    group = _group(request.user, pk, permissions.can_schedule_session)
    form = SessionForm(request.POST or None, group=group)
    done = submit(
        request,
        form,
        lambda data: services.schedule_session(group=group, by=request.user, **data),
        success=_("Study session scheduled; the members were told."),
    )
    return done or render(request, "casegroups/session_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk, permissions.can_edit_session)
    form = SessionForm(request.POST or None, instance=session, group=session.group)
    done = submit(
        request,
        form,
        lambda _data: services.update_session(session=session, by=request.user, **changed(form)),
        success=_("Study session saved."),
        then=session,
    )
    return done or render(
        request,
        "casegroups/session_form.html",
        {"form": form, "group": session.group, "session": session},
    )


@login_required
@require_http_methods(["GET"])
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk)
    reader = permissions.case_reader(request.user)
    cases = list(session.cases.select_related("court_of_origin").order_by("case_number"))
    return render(
        request,
        "casegroups/session_detail.html",
        {
            "session": session,
            "group": session.group,
            "cases": [
                (
                    case,
                    reader is not None
                    and reader.reads(group_id=case.group_id, visibility=case.visibility),
                )
                for case in cases
            ],
            "attendees": [p.full_name for p in session.attendees.order_by("full_name")],
            "can_edit": permissions.can_edit_session(request.user, session),
            "see_link": permissions.can_see_session_link(request.user, session),
            "record_not_yet": windows.window_record_session(session).refusal(),
            "history_html": history_html(session, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk, permissions.can_edit_session)
    form = ReasonForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda data: services.cancel_session(
            session=session, by=request.user, reason=data["reason"]
        ),
        success=_("Study session cancelled; the members were told."),
        then=session,
    )
    return done or render(
        request, "casegroups/session_cancel.html", {"form": form, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk, permissions.can_edit_session)
    members = (
        Person.objects.filter(
            memberships__group=session.group, memberships__status=Membership.Status.ACTIVE
        )
        .select_related("court")
        .order_by("court__sort_order", "full_name")
    )
    form = RecordForm(
        request.POST or None,
        members=members,
        initial={"attendees": list(session.attendees.all()), "minutes": session.minutes},
    )
    done = submit(
        request,
        form,
        lambda data: services.record_session(session=session, by=request.user, **data),
        success=_("Attendance and minutes saved."),
        then=session,
    )
    return done or render(
        request, "casegroups/session_record.html", {"form": form, "session": session}
    )


@login_required
@require_http_methods(["GET"])
def session_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session(request.user, pk)
    event = session.as_calendar_event(
        with_link=permissions.can_see_session_link(request.user, session)
    )
    content = calendar_bytes(
        session.title, [event], base_url=request.build_absolute_uri("/").rstrip("/")
    )
    return ics_response(content, filename=f"study-session-{session.pk}.ics")


# --- Case reviews ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def case_review(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request.user, pk, permissions.can_review_case)
    mine = CaseReview.objects.filter(case=case, reviewer=person_of(request.user)).first()
    form = ReviewForm(request.POST or None, instance=mine)
    done = submit(
        request,
        form,
        lambda data: services.review_case(case=case, by=request.user, **data),
        success=_("Your review was saved."),
        then=case.get_absolute_url() + "#reviews",
    )
    return done or render(
        request, "casegroups/case_review.html", {"form": form, "case": case, "mine": mine}
    )
