"""The activities app's lists, each declared once for its page, its phone cards and its export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, Piece, badge, display_pieces, joined, strong
from courts.choices import Area

from .models import ActionItem, Activity, Attendance, Kind, MeetingSeries, RedEducationBase

# Labels from plain dicts: ``get_*_display`` rebuilds a hashable copy of the choices on every
# call (a third of an export's time).
_KIND = dict(Kind.choices)
_AREA = dict(Area.choices)
_STATUS = dict(Activity.Status.choices)
_ATTENDANCE = dict(Attendance.Status.choices)


def _label(labels: dict, value: str) -> str:
    return str(labels.get(value, value))


def _courts_html(activity: Activity) -> list[Piece]:
    host, *co_hosts = activity.courts
    return joined([strong(host.short_name), *(Piece(c.short_name) for c in co_hosts)])


def _is_unrecorded(activity: Activity) -> bool:
    return activity.status == Activity.Status.PLANNED and activity.end < timezone.now()


def _status_text(activity: Activity) -> str:
    if _is_unrecorded(activity):
        return str(_("Ended, not recorded"))
    return _label(_STATUS, activity.status)


def _activity_status(activity: Activity):
    if _is_unrecorded(activity):
        return badge("badge-activity-unrecorded", _status_text(activity))
    return badge(f"badge-activity-{activity.status}", _label(_STATUS, activity.status))


ACTIVITIES = ListSpec(
    Column(
        "title", _("Title"), attrgetter("shown_title"), link=Activity.get_absolute_url, key=True
    ),
    Column("kind", _("Kind"), lambda a: _label(_KIND, a.kind)),
    Column("area", _("Area"), lambda a: _label(_AREA, a.area), on_page=False),
    Column(
        "courts",
        _("Courts"),
        lambda a: [c.short_name for c in a.courts],
        html=_courts_html,
        nowrap=True,
        in_export=False,
    ),
    Column("host", _("Host court"), attrgetter("host_court.short_name"), on_page=False),
    Column(
        "co_hosts",
        _("Co-host courts"),
        lambda a: [c.short_name for c in a.courts[1:]],
        on_page=False,
    ),
    Column("start", _("Start"), attrgetter("start"), nowrap=True),
    Column("end", _("End"), attrgetter("end"), on_page=False),
    Column("place", _("Place"), attrgetter("place")),
    Column("status", _("Status"), _status_text, html=_activity_status),
    caption=_("Joint activities"),
    empty=_("No activities match."),
    filename=_("joint-activities"),
)


PARTICIPATION = ListSpec(
    Column("date", _("Date"), lambda r: timezone.localdate(r.activity.start), nowrap=True),
    Column(
        "title",
        _("Title"),
        attrgetter("activity.shown_title"),
        link=lambda r: r.activity.get_absolute_url(),
        key=True,
    ),
    Column("kind", _("Kind"), lambda r: _label(_KIND, r.activity.kind)),
    Column("host", _("Host court"), attrgetter("activity.host_court.short_name")),
    Column(
        "attendance",
        _("Attendance"),
        lambda r: _label(_ATTENDANCE, r.status),
        html=lambda r: badge(f"attendance-{r.status}", _label(_ATTENDANCE, r.status)),
    ),
    caption=_("My participation record"),
    empty=_("You have not been invited to a joint activity yet."),
    filename=_("my-participation-record"),
)


RED_BASES = ListSpec(
    Column(
        "name",
        _("Name of the base"),
        attrgetter("name"),
        link=RedEducationBase.get_absolute_url,
        key=True,
    ),
    Column("place", _("Address"), attrgetter("place")),
    Column("capacity", _("Capacity"), attrgetter("capacity")),
    Column("visits", _("Visits"), attrgetter("visit_count")),
    Column(
        "last_visit",
        _("Last visit"),
        lambda b: timezone.localdate(b.last_visit) if b.last_visit else None,
    ),
    caption=_("Red education bases"),
    empty=_("No red education bases recorded yet."),
    filename=_("red-education-bases"),
)


def _series_state_text(series: MeetingSeries):
    if series.is_ended:
        return _("ended")
    return _("active") if series.active else _("paused")


def _series_state(series: MeetingSeries):
    if series.is_ended:
        return badge("text-bg-dark", _("ended"))
    if series.active:
        return badge("text-bg-success", _("active"))
    return badge("text-bg-secondary", _("paused"))


SERIES = ListSpec(
    Column("title", _("Title"), attrgetter("title"), link=MeetingSeries.get_absolute_url, key=True),
    Column("convening_court", _("Convening court"), attrgetter("convening_court.short_name")),
    Column("host_mode", _("Host"), methodcaller("get_host_mode_display")),
    Column("recurrence", _("Repeats"), attrgetter("recurrence_display")),
    Column("state", _("State"), _series_state_text, html=_series_state),
    caption=_("Regular exchange meetings"),
    empty=_("No meeting series yet."),
    filename=_("meeting-series"),
)


def _action_due_html(item: ActionItem) -> list[Piece]:
    pieces = display_pieces(item.due_date)
    if item.is_overdue:
        pieces += [Piece(" "), badge("badge-overdue", _("overdue"))]
    return pieces


def _action_status(item: ActionItem) -> str:
    return str(_("Done") if item.done_at else _("Open"))


ACTION_ITEMS = ListSpec(
    Column("what", _("What"), attrgetter("what"), link=ActionItem.get_absolute_url, key=True),
    Column(
        "activity",
        _("Agreed at"),
        attrgetter("activity.shown_title"),
        link=lambda i: i.activity.get_absolute_url(),
    ),
    Column("area", _("Area"), lambda i: _label(_AREA, i.activity.area), on_page=False),
    Column("court", _("Court"), attrgetter("court.short_name"), nowrap=True),
    Column("responsible", _("Responsible"), attrgetter("responsible.full_name"), nowrap=True),
    Column("due_date", _("Due date"), attrgetter("due_date"), html=_action_due_html, nowrap=True),
    Column(
        "status",
        _("Status"),
        _action_status,
        html=lambda i: badge(
            "badge-status-done" if i.done_at else "badge-status-in_progress", _action_status(i)
        ),
    ),
    Column("done_at", _("Done at"), attrgetter("done_at"), on_page=False),
    caption=_("Action items"),
    empty=_("No action items match."),
    filename=_("action-items"),
)
