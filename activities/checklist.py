"""What a well-documented activity of each kind needs (组织生活纪实) before it is completed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Activity, Attachment, Attendance, Kind
from .models.activity import SERVED_FIELDS

LABELS = {
    "notice": _("Notice"),
    "signin_sheet": _("Sign-in sheet"),
    "minutes": _("Minutes"),
    "photos": _("Photos"),
    "publicity_link": _("Publicity link"),
    "summary": _("Summary of the service"),
    "served": _("Whom it served"),
}
# Why each document is asked for (shown beside it, so nobody learns it at the last tap).
WHY = {
    "notice": _("Shows the activity was called in time and with its agenda."),
    "signin_sheet": _("Shows who took part; signing in with the QR code fills it."),
    "minutes": _("The record of what was discussed and decided (组织生活纪实)."),
    "photos": _("Evidence of the activity for the annual review and publicity."),
    "publicity_link": _(
        "Joint activities are reported to the public; without a report, say why on "
        "“Summary and publicity”."
    ),
    "summary": _("Whom the service reached and how, for the annual report."),
    "served": _("The people, enterprises, consultations and disputes: the alliance's figures."),
}
MEETING = ["notice", "signin_sheet", "minutes"]
GATHERING = [*MEETING, "photos"]
PUBLICISED = [*GATHERING, "publicity_link"]
# Service to the public: no minutes, but a summary of whom it served and how, its photos and
# where it was reported.
SERVICE = ["notice", "signin_sheet", "summary", "served", "photos", "publicity_link"]

CHECKLISTS: dict[str, list[str]] = {
    Kind.BRANCH_GENERAL_MEETING: GATHERING,
    Kind.BRANCH_COMMITTEE_MEETING: MEETING,
    Kind.PARTY_GROUP_MEETING: MEETING,
    Kind.PARTY_LESSON: GATHERING,
    Kind.JOINT_PARTY_LESSON: PUBLICISED,
    Kind.THEMED_PARTY_DAY: PUBLICISED,
    Kind.RED_BASE_VISIT: PUBLICISED,
    Kind.EXCHANGE_DISCUSSION: GATHERING,
    Kind.MUTUAL_OBSERVATION: GATHERING,
    Kind.TEAM_BUILDING: GATHERING,
    Kind.SYMPOSIUM_JOINT_MEETING: GATHERING,
    Kind.REGULAR_EXCHANGE_MEETING: MEETING,
    Kind.LEGAL_EDUCATION_OUTREACH: SERVICE,
    Kind.VOLUNTEER_SERVICE: SERVICE,
    Kind.COMMUNITY_LITIGATION_SERVICE: SERVICE,
    Kind.OTHER: GATHERING,
}


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    met: bool
    why: str = ""
    waived: str = ""  # the stated reason it is not needed for this activity


def checklist(activity: Activity) -> list[Requirement]:
    """Each requirement of the activity's kind and whether it is met.

    Uses ``activity.attachments.all()`` and ``activity.attendances.all()``, so prefetch them
    when showing many activities. A cancelled activity needs nothing: it has no checklist.
    """
    if activity.status == Activity.Status.CANCELLED:
        return []
    kinds = {attachment.kind for attachment in activity.attachments.all()}
    signed = any(
        a.status in {Attendance.Status.SIGNED_IN, Attendance.Status.LATE}
        for a in activity.attendances.all()
    )
    met = {
        "notice": bool(activity.notice.strip()) or Attachment.Kind.NOTICE in kinds,
        "signin_sheet": signed or Attachment.Kind.SIGNIN_SHEET in kinds,
        "minutes": bool(activity.minutes.strip()) or Attachment.Kind.MINUTES in kinds,
        "photos": Attachment.Kind.PHOTO in kinds,
        "publicity_link": bool(activity.publicity_link or activity.no_publicity_reason.strip()),
        "summary": bool(activity.summary.strip()),
        "served": any(getattr(activity, name) is not None for name in SERVED_FIELDS),
    }
    waived = {
        "publicity_link": "" if activity.publicity_link else activity.no_publicity_reason.strip()
    }
    return [
        Requirement(code, str(LABELS[code]), met[code], str(WHY[code]), waived.get(code, ""))
        for code in CHECKLISTS[activity.kind]
    ]


def missing(activity: Activity) -> list[Requirement]:
    return [requirement for requirement in checklist(activity) if not requirement.met]
