from __future__ import annotations

import calendar as pycalendar
import collections
import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core import generations, registry, search, services
from core.access import fetch
from core.clock import local_midnight
from core.ical import calendar_bytes, ics_response
from core.models import CalendarToken, Notification
from core.pagination import paginate
from core.selectors import unread_count, worker_state
from core.templatetags.core_tags import row_state
from core.types import AuthedRequest
from core.views import perform
from courts.choices import AREA_MOTTOS, Area
from courts.models import CooperationItem, Court
from courts.permissions import is_portal_admin, person_of
from courts.selectors import courts_with_counts

from .forms import CalendarFilterForm, InboxFilterForm, SearchForm


class _HomeShared:
    """What the home page shows every viewer alike (the courts with their counts, the six areas,
    the cooperation items due next): kept rendered per language and day until a table it read is
    written (``{% kept %}``); its parts are read only to render it."""

    def __init__(self, today: datetime.date) -> None:
        self.today = today

    @cached_property
    def courts(self) -> list[Court]:
        return list(courts_with_counts())

    areas = [(area, AREA_MOTTOS[area]) for area in Area]

    @cached_property
    def upcoming_items(self) -> list[CooperationItem]:
        items = CooperationItem.objects.with_related().open().order_by("due_date")
        return list(items[:8])

    @cached_property
    def overdue_count(self) -> int:
        return CooperationItem.objects.overdue().count()


@login_required
@require_http_methods(["GET"])
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "waiting": registry.waiting_for(request.user),
        "shared": _HomeShared(today),
        "worker": worker_state() if is_portal_admin(request.user) else None,
        "today": today,
    }
    return render(request, "portal/home.html", context)


@require_http_methods(["GET", "HEAD"])
def healthz(request: HttpRequest) -> JsonResponse:
    """The web process answers and reaches the database (HTTP 200, which load balancers and the
    compose healthcheck ask); whether reminders are going out is said beside it: "degraded"
    with ``reminders: "stopped"`` and the last heartbeat when the worker or beat has stopped
    (monitoring alerts on it; the web is not taken out of service for it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    worker = worker_state()
    return JsonResponse(
        {
            "status": "degraded" if worker.stopped else "ok",
            "reminders": worker.words,
            "reminders_last_run": worker.last_run.isoformat() if worker.last_run else None,
        }
    )


@login_required
@require_http_methods(["GET"])
def ping(request: AuthedRequest) -> HttpResponse:
    """The benchmark's baseline: a trivial logged-in view through the whole middleware."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_http_methods(["GET"])
def layout(request: AuthedRequest) -> HttpResponse:
    """The benchmark's "layout alone": an empty page in the portal's layout (header, menu, inbox
    count, footer), what every page pays before its own content."""
    return render(request, "portal/layout_alone.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """The portal's own page for an action the user may not take (a bare "403 Forbidden" was
    all a judge saw when opening a creation link)."""
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in a context processor.
    return HttpResponseServerError(loader.render_to_string("500.html"))


CALENDAR_YEARS = range(2000, 2101)  # months and days a calendar link may ask for


def _month(value: str | None) -> datetime.date:
    """The month asked for, or this month (a bad value, or one outside ``CALENDAR_YEARS``,
    whose neighbours would not be dates)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if year in CALENDAR_YEARS:
            return datetime.date(year, month, 1)
    except ValueError:
        pass
    return timezone.localdate().replace(day=1)


PER_DAY = 3  # events a day cell of the month grid shows; the rest are "N more"
LIST_PER_PAGE = 50


def _calendar_kept(what: str, compute, start, end, filters: dict, *extra):
    """A calendar page's answer (events or day counts of a period with the page's filters), the
    same for every viewer, kept until a table it read is written — ten minutes at most."""
    described = sorted((k, getattr(v, "pk", v)) for k, v in filters.items())
    what_exactly = f"{start.isoformat()}|{end.isoformat()}|{described!r}|{extra!r}"
    digest = hashlib.blake2b(what_exactly.encode(), digest_size=16).hexdigest()
    key = f"calendar:{what}:{translation.get_language()}:{digest}"
    return generations.kept(key, compute, 600, local=True)


def _events(
    start, end, *, limit=None, per_day=None, keep=True, **filters
) -> list[registry.CalendarEvent]:
    """Every registered source's events starting in [start, end), in time order; kept for the
    calendar page (``keep``), not for a feed (its window moves with the clock; it keeps its
    own answer)."""

    def compute() -> list[registry.CalendarEvent]:
        events = [
            e
            for source in registry.calendar_sources()
            for e in source.events(start=start, end=end, per_day=per_day, limit=limit, **filters)
        ]
        events.sort(key=lambda e: (e.start, e.uid))
        return events[:limit] if limit is not None else events

    if not keep:
        return compute()
    return _calendar_kept("events", compute, start, end, filters, limit, per_day)


def _day_counts(start, end, **filters) -> collections.Counter:
    def compute() -> collections.Counter:
        counts: collections.Counter = collections.Counter()
        for source in registry.calendar_sources():
            counts.update(source.day_counts(start=start, end=end, **filters))
        return counts

    return _calendar_kept("days", compute, start, end, filters)


class _EventList:
    """The events of a period as a sequence a Paginator can page: the count from the sources'
    day counts, a page from the first ``stop`` events of each source."""

    def __init__(self, start, end, total: int, filters: dict) -> None:
        self.start, self.end, self.total, self.filters = start, end, total, filters

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[registry.CalendarEvent]:
        events = _events(self.start, self.end, limit=index.stop, **self.filters)
        return events[index]


def _day_cell(day, events, count, month, today, query) -> dict:
    css = " ".join(
        name
        for name, on in (("other-month", day.month != month.month), ("today", day == today))
        if on
    )
    query["day"] = day.isoformat()
    cell = {
        "day": day,
        "css": css,
        "events": [
            (e.url, f"{timezone.localtime(e.start):%H:%M} {e.title}", e.cancelled) for e in events
        ],
        "more": count - len(events),
        "more_url": "?" + query.urlencode(),
    }
    return cell


def _day(value: str | None) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day.year in CALENDAR_YEARS else None


@login_required
@require_http_methods(["GET"])
def calendar(request: AuthedRequest) -> HttpResponse:
    """Month grid (three events a day, then "N more") and a paged list of the month or of one
    day, filterable by court and kind. What a page renders is bounded, whatever the volume."""
    day = _day(request.GET.get("day"))
    month = day.replace(day=1) if day else _month(request.GET.get("month"))
    form = CalendarFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {"court": data.get("court"), "kind": data.get("kind") or None}
    view = "list" if request.GET.get("view") == "list" or day else "month"
    previous_month = (month - datetime.timedelta(days=1)).replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    context: dict = {
        "filter_form": form,
        "month": month,
        "day": day,
        "view": view,
        "previous_month": previous_month.strftime("%Y-%m"),
        "next_month": next_month.strftime("%Y-%m"),
    }
    if view == "month":
        weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        first = local_midnight(weeks[0][0])
        last = local_midnight(weeks[-1][-1] + datetime.timedelta(days=1))
        # The grid's cells are prepared here and drawn by partials/calendar_grid.html, kept
        # rendered whole (42 days × 3 events through the template cost ~25 ms); the "more"
        # links share one query string.
        query = request.GET.copy()
        for name in ("month", "page"):
            query.pop(name, None)
        query["view"] = "list"
        today = timezone.localdate()

        def grid() -> dict:
            counts = _day_counts(first, last, **filters)
            by_day: dict[datetime.date, list] = {}
            for event in _events(first, last, per_day=PER_DAY, **filters):
                by_day.setdefault(timezone.localdate(event.start), []).append(event)
            cells = [
                [_day_cell(d, by_day.get(d, []), counts[d], month, today, query) for d in week]
                for week in weeks
            ]
            return {
                "html": loader.render_to_string(
                    "portal/partials/calendar_grid.html", {"weeks": cells}
                ),
                "has_events": any(cell["events"] for week in cells for cell in week),
            }

        context["weekday_names"] = [
            _("Mon"),
            _("Tue"),
            _("Wed"),
            _("Thu"),
            _("Fri"),
            _("Sat"),
            _("Sun"),
        ]
        kept_grid = _calendar_kept(
            "grid", grid, first, last, filters, query.urlencode(), today, month
        )
        context["grid_html"] = kept_grid["html"]
        context["month_has_events"] = kept_grid["has_events"]
    else:
        first = local_midnight(day or month)
        last = local_midnight(day + datetime.timedelta(days=1) if day else next_month)
        total = sum(_day_counts(first, last, **filters).values())
        page_obj = paginate(
            request, _EventList(first, last, total, filters), per_page=LIST_PER_PAGE
        )
        context["page_obj"] = page_obj
        events = list(page_obj.object_list)  # read before: the events are the key
        context["events_html"] = _calendar_kept(
            "list-html",
            lambda: loader.render_to_string(
                "portal/partials/calendar_events.html", {"events": events}
            ),
            first,
            last,
            filters,
            repr(events),
        )
    token = CalendarToken.objects.filter(user=request.user).first()
    context["feed_url"] = (
        request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token.token}))
        if token
        else None
    )
    return render(request, "portal/calendar.html", context)


FEED_SECONDS = 600
# What a private feed carries: the coming year (its first 1,000 events) and the last month (its
# first 300) — a calendar app polls it every few minutes; at ten times today's volume a court's
# year was 100,000 events, 25 MB a poll.
FEED_AHEAD_DAYS = 366
FEED_MAX_COMING = 1000
FEED_PAST_DAYS = 30
FEED_MAX_PAST = 300


def _feed_open(user, calendar_token: CalendarToken) -> bool:
    """A private feed answers whoever holds its address, while its owner's account is active."""
    return calendar_token.user.is_active


def _own_notice(user, notification: Notification) -> bool:
    """A notice is its recipient's alone."""
    return notification.recipient_id == user.pk


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's private feed: their court's activities and those they are invited to."""
    calendar_token = fetch(
        CalendarToken.objects.select_related("user"),
        user=request.user,
        rule=_feed_open,
        token=token,
    )
    user = calendar_token.user
    # Calendar apps poll the feed; the answer is kept until a table it read is written (an
    # activity, an invitation, the person's court: the person is read inside), ten minutes at
    # most, and to the end of the minute (its window moves with the clock).
    key = f"feed:{calendar_token.token}:{translation.get_language()}:{request.get_host()}"

    def build() -> bytes:
        person = person_of(user)
        now = timezone.now()
        past = _events(
            now - datetime.timedelta(days=FEED_PAST_DAYS),
            now,
            person=person,
            limit=FEED_MAX_PAST,
            keep=False,
        )
        coming = _events(
            now,
            now + datetime.timedelta(days=FEED_AHEAD_DAYS),
            person=person,
            limit=FEED_MAX_COMING,
            keep=False,
        )
        return calendar_bytes(
            str(_("Jin-Ping-Jia joint activities")),
            [*past, *coming],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )

    content = generations.kept(key, build, FEED_SECONDS, build_once=True)
    return ics_response(content, filename="jinpingjia.ics")


@login_required
@require_POST
def calendar_token_reset(request: AuthedRequest) -> HttpResponse:
    return perform(
        request,
        lambda: services.reset_calendar_token(user=request.user),
        success=lambda made: (
            _("Your calendar feed address is ready: add it to your calendar app.")
            if made[1]  # the first address: nothing was replaced
            else _("Your calendar feed address is new; the old one no longer works.")
        ),
        then=reverse("calendar"),
    )


@login_required
@require_http_methods(["GET"])
def inbox(request: AuthedRequest) -> HttpResponse:
    """The user's notices, newest first, filtered by unread, by kind (reminders or notices) and
    by what they are about (the app of their record)."""
    mine = Notification.objects.for_user(request.user)
    abouts = _inbox_abouts(request.user, mine)
    form = InboxFilterForm(request.GET or None, abouts=abouts)
    notifications = form.apply(mine) if form.is_valid() else mine
    page_obj = paginate(request, notifications)
    return render(
        request,
        "portal/inbox.html",
        {
            "page_obj": page_obj,
            # the rows as read (their state is the kept rows' key)
            "rows_state": repr([row_state(n) for n in page_obj.object_list]),
            "form": form,
            "unread": unread_count(request.user),  # the header's badge: kept, read ahead
            "filtered": form.is_valid() and form.is_filtering(),
            "abouts": repr(abouts),  # the filter's choices: a key of its kept fields
        },
    )


def _inbox_abouts(user, notices) -> list[tuple[str, str]]:
    """(app label, its name) of the records the user's notices are about: kept per user and
    language until a notice is written (it reads every notice of the user)."""
    from django.apps import apps as django_apps
    from django.contrib.contenttypes.models import ContentType

    def compute() -> list[tuple[str, str]]:
        labels = set(
            ContentType.objects.filter(
                pk__in=notices.exclude(target_type=None).values("target_type").distinct()
            ).values_list("app_label", flat=True)
        )
        return sorted(
            (label, str(django_apps.get_app_config(label).verbose_name))
            for label in labels
            if django_apps.is_installed(label)
        )

    key = f"inbox-abouts:{user.pk}:{translation.get_language()}"
    return generations.kept(key, compute, 600, local=True)


@login_required
@require_POST
def inbox_read_all(request: AuthedRequest) -> HttpResponse:
    return perform(
        request,
        lambda: services.mark_all_notifications_read(by=request.user),
        success=lambda count: (
            ngettext("%(n)d message marked read.", "%(n)d messages marked read.", count)
            % {"n": count}
        ),
        then=reverse("inbox"),
    )


@login_required
@require_POST
def notification_open(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = fetch(Notification, user=request.user, rule=_own_notice, pk=pk)
    services.mark_notification_read(notification=notification, by=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("inbox")


@dataclass(frozen=True)
class FoundKind:
    """One kind's part of the search page: its total and its first hits, marked."""

    source: registry.SearchSource
    total: int
    hits: list[tuple[registry.SearchHit, list, list]]  # (hit, title's parts, snippet's parts)
    more: str | None

    @property
    def shown_total(self) -> str:
        """The total, "500+" where counting stopped."""
        return f"{self.total}+" if self.total >= search.COUNT_AT_MOST else str(self.total)


SEARCH_HITS = 5  # per kind on the page of every kind
SEARCH_HITS_ONE_KIND = 50


@login_required
@require_http_methods(["GET"])
def search_page(request: AuthedRequest) -> HttpResponse:
    """The header's search box: every kind the apps register, each asked with its own
    visibility rule; newest first, the matching words marked."""
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    q = (data.get("q") or "").strip()
    kinds = [s for s in registry.search_sources() if not data.get("kind") or s.key == data["kind"]]
    limit = SEARCH_HITS_ONE_KIND if data.get("kind") else SEARCH_HITS
    found = []
    if q:
        for source in kinds:
            total, hits = source.kept_find(request.user, q, limit)
            if total:
                marked = [
                    (hit, search.marked(hit.title, q), search.marked(hit.text, q, around=40))
                    for hit in hits
                ]
                found.append(FoundKind(source, total, marked, source.more(q)))
    return render(
        request,
        "portal/search.html",
        {"form": form, "q": q, "found": found, "one_kind": bool(data.get("kind"))},
    )
