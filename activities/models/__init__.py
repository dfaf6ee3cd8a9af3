"""The models of the activities app (a package: activities, series, minutes)."""

from .activity import (
    KIND_AREAS,
    MINUTES_STATUS,
    Activity,
    ActivityPart,
    ActivityQuerySet,
    Attachment,
    Attendance,
    Kind,
    MinutesStatus,
    PrivateStorage,
    RedEducationBase,
    attachment_path,
    private_storage,
)
from .minutes import ActionItem, ActionItemQuerySet, MinutesComment, MinutesVersion
from .rhythm import BranchBehind
from .series import DEFAULT_REMINDER_PLAN, MeetingSeries, ReminderRule

__all__ = [
    "DEFAULT_REMINDER_PLAN",
    "KIND_AREAS",
    "MINUTES_STATUS",
    "MinutesStatus",
    "ActionItem",
    "ActionItemQuerySet",
    "Activity",
    "ActivityPart",
    "ActivityQuerySet",
    "Attachment",
    "Attendance",
    "BranchBehind",
    "Kind",
    "MeetingSeries",
    "MinutesComment",
    "MinutesVersion",
    "PrivateStorage",
    "RedEducationBase",
    "ReminderRule",
    "attachment_path",
    "private_storage",
]
