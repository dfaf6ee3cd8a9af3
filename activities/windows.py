"""When each action on an activity may happen (core.clock): the services refuse outside the
window, the pages say why before the tap."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from core.clock import Window

from .models import Activity

# The QR code at the venue signs people in from shortly before the start until the end.
SIGN_IN_OPENS_BEFORE = datetime.timedelta(hours=2)


def window_sign_in(activity: Activity) -> Window:
    return Window(
        opens=activity.start - SIGN_IN_OPENS_BEFORE,
        closes=activity.end,
        too_early=_("Sign-in opens two hours before the start, at %(when)s."),
        too_late=_("Sign-in closed at the end of the activity, %(when)s; ask for a late sign-in."),
    )


def window_sign_for(activity: Activity) -> Window:
    """An officer signs someone in (代签) or in late with a reason (补签) once it has begun."""
    return Window(
        opens=activity.start,
        too_early=_("Signing someone in opens when the activity starts, at %(when)s."),
    )


def window_mark_held(activity: Activity) -> Window:
    return Window(
        opens=activity.start,
        too_early=_("It can be marked held once it has started, at %(when)s."),
    )


def window_complete(activity: Activity) -> Window:
    return Window(
        opens=activity.end,
        too_early=_("It can be marked completed after it ends, at %(when)s."),
    )


def window_finalise_minutes(activity: Activity) -> Window:
    return Window(
        opens=activity.start,
        too_early=_("The minutes can be made final once the meeting has started, at %(when)s."),
    )


def window_story(activity: Activity) -> Window:
    """A publicity story from the activity's record, once it has happened."""
    return Window(
        opens=activity.start,
        too_early=_("A story can be written from it once it has taken place (from %(when)s)."),
    )
