from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog

        from core import access

        from . import contributions, permissions
        from .models import (
            ItemAttachment,
            ItemImage,
            PublicationRecord,
            PublicityItem,
            Signoff,
        )

        access.register_rules("publicity", permissions)
        contributions.register()
        auditlog.register(
            PublicityItem,
            m2m_fields={"courts", "tags"},
            exclude_fields=["created_at", "updated_at", "body_html"],
        )
        auditlog.register(ItemImage, exclude_fields=["file"])
        auditlog.register(ItemAttachment, exclude_fields=["file", "thumbnail"])
        auditlog.register(Signoff)
        auditlog.register(PublicationRecord, exclude_fields=["created_at"])
