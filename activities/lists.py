"""The activities app's lists, each declared once for its page, its phone cards and its export."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec, Piece, badge, joined, strong
from courts.choices import Area

from .models import Activity, Attendance, Kind, MeetingSeries, RedEducationBase

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
