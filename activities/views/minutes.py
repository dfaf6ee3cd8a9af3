"""Minutes of an activity and its action items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch, shown
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.types import AuthedRequest
from core.views import perform, submit

from .. import lists, permissions, selectors
from .. import minutes as minutes_services
from ..filters import ActionItemFilter
from ..forms import ActionItemForm, CommentForm, MinutesForm, OpenForCommentsForm
from ..models import ActionItem, Activity
from ..workflows import MINUTES


@login_required
@require_http_methods(["GET", "POST"])
def minutes_page(request: AuthedRequest, pk: int) -> HttpResponse:

    user = request.user
    if request.method == "POST":  # a write starts from the rows themselves
        activity = fetch(
            Activity.objects.with_related(), user=user, rule=permissions.can_read_activity, pk=pk
        )
    else:
        try:
            found = selectors.activity_for_detail(pk)
        except Activity.DoesNotExist:
            found = None
        activity = shown(found, user=user, rule=permissions.can_read_activity)
    may_write = permissions.can_write_minutes(user, activity)
    may_choose = permissions.can_choose_note_taker(user, activity)
    next_statuses = MINUTES.available(activity, user)
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if action else None
    forms_: dict[str, Any] = {
        "save": MinutesForm(
            data if action == "save" else None,
            activity=activity,
            may_choose_note_taker=may_choose,
            initial={
                "text": activity.minutes,
                "decisions": activity.minutes_decisions,
                "note_taker": activity.note_taker_id,
            },
        ),
        "open": OpenForCommentsForm(data if action == "open" else None),
        "comment": CommentForm(data if action == "comment" else None),
        "action_item": ActionItemForm(data if action == "action_item" else None, activity=activity),
    }
    handlers: dict[str, Callable[..., Any]] = {
        "save": minutes_services.save_minutes,
        "open": minutes_services.open_for_comments,
        "comment": minutes_services.comment_on_minutes,
        "action_item": minutes_services.add_action_item,
    }
    if action in {"save", "open", "action_item", "finalise"} and not may_write:
        raise Http404
    here = reverse("activities:minutes", args=[pk])
    if action == "finalise":
        return perform(
            request,
            lambda: minutes_services.finalise_minutes(activity=activity, by=user),
            success=_("The minutes are final."),
            then=here,
        )
    if action in handlers:
        handler = handlers[action]
        done = submit(
            request,
            forms_[action],
            lambda data: handler(activity=activity, by=user, **data),
            success=_("Saved."),
            then=here,
        )
        if done:
            return done
    if request.method == "GET":  # unbound: the same for everyone with the same rights
        forms_["save"].kept_as = f"minutes:{pk}:save:{may_choose:d}"
        forms_["open"].kept_as = "minutes:open"
        forms_["comment"].kept_as = "minutes:comment"
        forms_["action_item"].kept_as = f"minutes:{pk}:action-item"
    return render(
        request,
        "activities/minutes.html",
        {
            "activity": activity,
            "forms": forms_,
            "may_write": may_write,
            "may_open": minutes_services.OPEN in next_statuses,
            "may_finalise": minutes_services.FINAL in next_statuses,
            "may_comment": permissions.can_comment_on_minutes(user, activity),
            **selectors.minutes_lists(activity),
        },
    )


@login_required
@require_POST
def action_item_close(request: AuthedRequest, pk: int) -> HttpResponse:
    item = fetch(ActionItem, user=request.user, rule=permissions.can_close_action_item, pk=pk)
    return perform(
        request,
        lambda: minutes_services.close_action_item(item=item, by=request.user),
        success=_("Action item done."),
        then=item.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET"])
def action_item_list(request: AuthedRequest) -> HttpResponse:
    """Every meeting's action items, filtered: read by whoever reads the meetings' minutes."""
    rows = ActionItem.objects.select_related("activity", "court", "responsible").defer(
        "activity__notice", "activity__agenda", "activity__summary", "activity__minutes"
    )
    item_filter = ActionItemFilter(request.GET, queryset=rows)
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.ACTION_ITEMS.export(request.GET["format"], item_filter.qs)
    page_obj = paginate(request, item_filter.qs)
    return render(
        request,
        "activities/actionitem_list.html",
        {
            "filter": item_filter,
            "page_obj": page_obj,
            "table": lists.ACTION_ITEMS.page_table(page_obj),
        },
    )
