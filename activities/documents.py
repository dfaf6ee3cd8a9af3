"""An activity's notice (通知) and minutes (会议纪要) as Word documents in the official-document
layout (core.documents), always in Chinese: the host court sends the one and files the other."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.documents import Block, Heading, OfficialDocument, Paragraph, Table, docx_bytes
from core.lists import separator

from .models import Activity, Attendance

PRESENT = (Attendance.Status.SIGNED_IN, Attendance.Status.LATE)


def notice_bytes(activity: Activity) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return docx_bytes(notice_document(activity))


def minutes_bytes(activity: Activity) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return docx_bytes(minutes_document(activity))


def _courts(activity: Activity) -> list:
    return [activity.host_court, *activity.co_host_courts.exclude(pk=activity.host_court_id)]


def _facts(activity: Activity) -> list[Block]:
    start = timezone.localtime(activity.start)
    end = timezone.localtime(activity.end)
    when = formats.date_format(start, "DATETIME_FORMAT")
    if end.date() == start.date():
        when += "—" + formats.time_format(end, "TIME_FORMAT")
    else:
        when += "—" + formats.date_format(end, "DATETIME_FORMAT")
    names = str(separator()).join(c.name for c in _courts(activity))
    return [
        Paragraph(_("Time: %(when)s") % {"when": when}),
        Paragraph(_("Place: %(place)s") % {"place": activity.place}),
        Paragraph(_("Courts taking part: %(courts)s") % {"courts": names}),
    ]


def notice_document(activity: Activity) -> OfficialDocument:
    """The notice the host court sends the courts taking part."""
    blocks: list[Block] = []
    if activity.notice.strip():
        blocks.append(Paragraph(activity.notice.strip()))
    blocks += [Heading(1, _("Time, place and who takes part")), *_facts(activity)]
    if activity.agenda.strip():
        blocks += [Heading(1, _("Agenda")), Paragraph(activity.agenda.strip())]
    blocks += [
        Heading(1, _("What to do")),
        Paragraph(
            _(
                "Each court tells the host court who will take part before the activity and "
                "asks for leave in the portal if someone cannot come."
            )
        ),
    ]
    recipients = str(separator()).join(
        _("the Party organisation of %(court)s") % {"court": c.name}
        for c in _courts(activity)
        if c.pk != activity.host_court_id
    )
    return OfficialDocument(
        title=_("Notice of %(title)s") % {"title": activity.title},
        recipients=recipients or _("The Party branches of the court"),
        issuer=activity.host_court.name,
        date=timezone.localdate(activity.created_at),
        blocks=blocks,
    )


def minutes_document(activity: Activity) -> OfficialDocument:
    """The minutes: the facts, who came, what was said and decided, who does what by when."""
    present = activity.attendances.filter(status__in=PRESENT)
    counts = activity.attendances.aggregate(
        invited=Count("pk"), present=Count("pk", filter=Q(status__in=PRESENT))
    )
    names = str(separator()).join(
        present.order_by("person__court__sort_order", "person__full_name").values_list(
            "person__full_name", flat=True
        )
    )
    blocks: list[Block] = [Heading(1, _("The meeting")), *_facts(activity)]
    if counts["invited"]:
        blocks.append(
            Paragraph(
                _("Attendance: %(present)d of the %(invited)d invited: %(names)s")
                % {**counts, "names": names or "—"}
            )
        )
    blocks += [Heading(1, _("What was said")), Paragraph(activity.minutes.strip() or "—")]
    if activity.minutes_decisions.strip():
        blocks += [Heading(1, _("What was decided")), Paragraph(activity.minutes_decisions.strip())]
    items = list(activity.action_items.select_related("court", "responsible").order_by("due_date"))
    if items:
        blocks += [
            Heading(1, _("Action items")),
            Table(
                [_("Court"), _("Responsible"), _("What"), _("Due date")],
                [[i.court.short_name, i.responsible.full_name, i.what, i.due_date] for i in items],
            ),
        ]
    return OfficialDocument(
        title=_("Minutes of %(title)s") % {"title": activity.title},
        recipients="",
        issuer=activity.host_court.name,
        date=timezone.localdate(activity.end),
        blocks=blocks,
    )
