from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasegroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casegroups"
    verbose_name = _("Case-study groups")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog

        from core import access, clock, registry

        from . import contributions, permissions, windows
        from .models import (
            CaseReview,
            CaseStudyGroup,
            Membership,
            StudyCase,
            StudySession,
        )

        access.register_rules("casegroups", permissions)
        access.register_hidden_fields(StudySession, permissions.hidden_session_fields)
        clock.register_windows("casegroups", windows)
        registry.register_reminder_target(StudySession)
        contributions.register()
        auditlog.register(CaseReview, exclude_fields=["created_at", "updated_at"])
        auditlog.register(
            StudySession,
            m2m_fields={"cases", "attendees"},
            exclude_fields=["created_at", "updated_at", "ical_sequence"],
        )
        auditlog.register(
            CaseStudyGroup,
            m2m_fields={"member_courts"},
            exclude_fields=["created_at", "updated_at"],
        )
        auditlog.register(Membership)
        auditlog.register(StudyCase, exclude_fields=["created_at", "updated_at"])
