"""The reminders of one meeting (an occurrence of a series), from its series' plan.

Its own module so that both the activity services and the series services re-plan through it
without importing each other."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core import holidays, reminders
from courts.selectors import secretaries

from .models import Activity, ReminderRule


def on_a_workday(moment: datetime.datetime) -> datetime.datetime:
    """A reminder due on a holiday or a weekend goes out at the same hour on the working day
    before (调休 working days count as working days)."""
    local = timezone.localtime(moment)
    if holidays.day(local.date()).workday:
        return moment
    day = holidays.previous_workday(local.date())
    return local.replace(year=day.year, month=day.month, day=day.day)


def plan_meeting_reminders(activity: Activity) -> dict[str, int]:
    """Write the reminders of one occurrence from its series' plan (in the portal's language:
    they are stored and sent later, to people other than whoever caused the re-plan)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _plan_meeting_reminders(activity)


# An activity whose end has passed while it is still "planned" is flagged to its host court's
# secretaries the day after (and listed as unrecorded: ActivityQuerySet.unrecorded).
UNRECORDED_STAGE = "unrecorded+1d"
RECORD_WITHIN = datetime.timedelta(days=1)
UNRECORDED_KEPT = datetime.timedelta(days=30)


def _unrecorded_plan(activity: Activity, host_secretaries: list[Any]) -> list[reminders.Planned]:
    end = timezone.localtime(activity.end)

    def title() -> str:
        return _("Not recorded yet: %(title)s") % {"title": activity.title}

    def body() -> str:
        return _(
            "The activity ended on %(date)s and is still planned: record that it was held "
            "(with its summary), or cancel it with a reason."
        ) % {"date": formats.date_format(end, "DATETIME_FORMAT")}

    return [
        reminders.Planned(
            stage=UNRECORDED_STAGE,
            recipient=user,
            due_at=activity.end + RECORD_WITHIN,
            expires_at=activity.end + UNRECORDED_KEPT,
            title=title,
            body=body,
            link=activity.get_absolute_url() + "record/",
        )
        for user in host_secretaries
    ]


def _plan_meeting_reminders(activity: Activity) -> dict[str, int]:
    if activity.is_cancelled:
        return reminders.sync_reminders(activity, [])
    host_secretaries = [p.user for p in secretaries([activity.host_court])]
    series = activity.series
    if series is None:
        return reminders.sync_reminders(activity, _unrecorded_plan(activity, host_secretaries))
    all_secretaries = [p.user for p in secretaries(activity.courts)]
    invitees = [
        a.person.user
        for a in activity.attendances.select_related("person__user")
        if a.person.user.is_active
    ]
    note_taker = [activity.note_taker.user] if activity.note_taker else host_secretaries
    audiences: dict[str, list[Any]] = {
        ReminderRule.Audience.HOST_SECRETARY: host_secretaries,
        ReminderRule.Audience.ALL_SECRETARIES: all_secretaries,
        ReminderRule.Audience.INVITEES: invitees,
        ReminderRule.Audience.NOTE_TAKER: note_taker,
        ReminderRule.Audience.NOTE_TAKER_AND_HOST: note_taker + host_secretaries,
    }
    start = timezone.localtime(activity.start)
    plan = _unrecorded_plan(activity, host_secretaries)
    for rule in series.reminder_rules.all():
        if rule.offset_days < 0:
            due = activity.start + datetime.timedelta(days=rule.offset_days)
            if series.reminders_on_workdays:
                due = on_a_workday(due)
            expires = activity.start
        else:
            due = activity.end + datetime.timedelta(days=rule.offset_days)
            expires = due + datetime.timedelta(days=2)

        def title() -> str:
            return _("Reminder: %(title)s on %(date)s") % {
                "title": activity.title,
                "date": formats.date_format(start, "DATETIME_FORMAT"),
            }

        def body(rule: ReminderRule = rule) -> str:
            return "\n".join(
                filter(
                    None,
                    [
                        rule.shown_message,
                        _("Time: %(start)s")
                        % {"start": formats.date_format(start, "DATETIME_FORMAT")},
                        _("Place: %(place)s") % {"place": activity.place},
                        _("Host: %(court)s") % {"court": activity.host_court.name},
                        _("Agenda:\n%(agenda)s") % {"agenda": activity.agenda}
                        if activity.agenda
                        else "",
                    ],
                )
            )

        for user in audiences[rule.audience]:
            plan.append(
                reminders.Planned(
                    stage=rule.stage,
                    recipient=user,
                    due_at=due,
                    expires_at=expires,
                    title=title,
                    body=body,
                    link=activity.get_absolute_url(),
                )
            )
    return reminders.sync_reminders(activity, plan)
