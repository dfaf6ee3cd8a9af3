from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = _("Joint activities")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog

        from core import access, clock, registry

        from . import contributions, permissions, windows
        from .models import (
            ActionItem,
            Activity,
            ActivityPart,
            Attachment,
            Attendance,
            BranchBehind,
            MeetingSeries,
            MinutesComment,
            MinutesVersion,
            RedEducationBase,
            ReminderRule,
        )

        access.register_rules("activities", permissions)
        clock.register_windows("activities", windows)
        registry.register_reminder_target(BranchBehind)
        registry.register_reminder_target(Activity)
        registry.register_reminder_target(ActionItem)
        contributions.register()

        auditlog.register(
            Activity,
            m2m_fields={"co_host_courts"},
            # machinery, not news: the calendar's version, "edited by hand" (of a series meeting)
            exclude_fields=["created_at", "updated_at", "ical_sequence", "edited_by_hand"],
        )
        auditlog.register(ActivityPart)

        auditlog.register(Attendance)
        auditlog.register(Attachment, exclude_fields=["thumbnail"])
        auditlog.register(RedEducationBase)
        auditlog.register(MeetingSeries, m2m_fields={"invitees"})
        auditlog.register(ReminderRule)
        auditlog.register(BranchBehind)
        auditlog.register(ActionItem)
        auditlog.register(MinutesComment)
        auditlog.register(MinutesVersion)
