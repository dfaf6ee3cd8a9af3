from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SymposiaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "symposia"
    verbose_name = _("Academic symposia")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog

        from core import access

        from . import contributions, permissions
        from .models import Paper, Symposium

        access.register_rules("symposia", permissions)
        contributions.register()
        auditlog.register(Symposium, exclude_fields=["created_at", "updated_at"])
        auditlog.register(
            Paper, m2m_fields={"authors"}, exclude_fields=["created_at", "updated_at", "file"]
        )
