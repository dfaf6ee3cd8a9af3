from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training programme")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog

        from core import access, clock, registry

        from . import contributions, permissions, windows
        from .models import Enrolment, Material, Programme, TrainingSession

        access.register_rules("training", permissions)
        clock.register_windows("training", windows)
        registry.register_reminder_target(TrainingSession)
        contributions.register()
        auditlog.register(Programme, exclude_fields=["created_at", "updated_at"])
        auditlog.register(
            TrainingSession, exclude_fields=["created_at", "updated_at", "ical_sequence"]
        )
        auditlog.register(Enrolment, exclude_fields=["created_at", "updated_at"])
        auditlog.register(Material, exclude_fields=["thumbnail", "file"])
