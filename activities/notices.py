"""Telling people what changed about an activity they are concerned with.

Concerned: everybody invited, and everybody a reminder about it already reached. Each notice goes
to the portal inbox (and from there by e-mail where the person's court uses it, with the updated
calendar entry). Subjects say what happened."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import reminders
from core.services import in_portal_language, notify
from core.types import Actor
from courts.models import Court

from .models import ActionItem, Activity


def when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def concerned(activity: Activity, *, also: Iterable[int] = ()) -> list[Actor]:
    """The invited people's users and the users ``also`` names (e.g. those already reminded)."""
    users = [a.person.user for a in activity.attendances.select_related("person__user")]
    extra = set(also) - {u.pk for u in users}
    if extra:
        users += list(get_user_model().objects.filter(pk__in=extra))
    return [u for u in users if u.is_active]


@in_portal_language
def tell_changed(
    activity: Activity, *, old_start: datetime.datetime, old_place: str, old_host: Court
) -> int:
    """The time, place or host of ``activity`` changed: tell everybody concerned."""
    moved = activity.start != old_start
    if not moved and activity.place == old_place and activity.host_court_id == old_host.pk:
        return 0

    def body() -> str:
        lines = []
        if activity.start != old_start:
            lines.append(
                _("Time: %(old)s → %(new)s") % {"old": when(old_start), "new": when(activity.start)}
            )
        if activity.place != old_place:
            lines.append(_("Place: %(old)s → %(new)s") % {"old": old_place, "new": activity.place})
        if activity.host_court_id != old_host.pk:
            lines.append(
                _("Host: %(old)s → %(new)s")
                % {"old": old_host.short_name, "new": activity.host_court.short_name}
            )
        return "\n".join(lines)

    return notify(
        recipients=concerned(activity, also=reminders.reminded_users(activity)),
        title=lambda: (
            (_("Moved: %(title)s") if moved else _("Changed: %(title)s"))
            % {"title": activity.title}
        ),
        body=body,
        link=activity.get_absolute_url(),
        target=activity,
    )


@in_portal_language
def tell_cancelled(activity: Activity, *, reminded: Iterable[int] = ()) -> int:
    return notify(
        recipients=concerned(activity, also=reminded),
        title=lambda: _("Cancelled: %(title)s") % {"title": activity.title},
        body=lambda: (
            _("The activity on %(start)s at %(place)s is cancelled. Reason: %(reason)s")
            % {
                "start": when(activity.start),
                "place": activity.place,
                "reason": activity.cancel_reason,
            }
        ),
        link=activity.get_absolute_url(),
        target=activity,
    )


@in_portal_language
def tell_invited(activity: Activity, users: Iterable[Actor]) -> int:
    return notify(
        recipients=users,
        title=lambda: _("Invitation: %(title)s") % {"title": activity.title},
        body=lambda: (
            _("%(start)s at %(place)s.") % {"start": when(activity.start), "place": activity.place}
        ),
        link=activity.get_absolute_url(),
        target=activity,
    )


@in_portal_language
def tell_invited_to_series(series: Any, activities: list[Activity], users: Iterable[Actor]) -> int:
    """One invitation to several meetings of a series, listing each one's date, host and place
    (not one notice per meeting)."""
    if len(activities) == 1:
        return tell_invited(activities[0], users)
    return notify(
        recipients=users,
        title=lambda: (
            ngettext(
                "Invitation: %(series)s, %(n)d meeting",
                "Invitation: %(series)s, %(n)d meetings",
                len(activities),
            )
            % {"series": series.title, "n": len(activities)}
        ),
        body=lambda: "\n".join(
            _("%(title)s: %(start)s, %(host)s, %(place)s")
            % {
                "title": activity.title,
                "start": when(activity.start),
                "host": activity.host_court.short_name,
                "place": activity.place,
            }
            for activity in activities
        ),
        link=series.get_absolute_url(),
        target=series,
    )


@in_portal_language
def tell_comments_open(activity: Activity) -> int:
    return notify(
        recipients=concerned(activity),
        title=lambda: _("Minutes open for your comments: %(title)s") % {"title": activity.title},
        body=lambda: (
            _("Comments are welcome until %(until)s.")
            % {"until": when(activity.comments_until) if activity.comments_until else ""}
        ),
        link=reverse("activities:minutes", args=[activity.pk]),
        target=activity,
    )


@in_portal_language
def tell_action_item(item: ActionItem) -> int:
    return notify(
        recipients=[item.responsible.user],
        title=lambda: _("Action item for you: %(what)s") % {"what": item.what},
        body=lambda: (
            _("From %(title)s; due on %(date)s.")
            % {
                "title": item.activity.title,
                "date": formats.date_format(item.due_date, "DATE_FORMAT"),
            }
        ),
        link=item.get_absolute_url(),
    )
