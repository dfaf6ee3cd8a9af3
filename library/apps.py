from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = _("Resource library")

    def ready(self) -> None:
        # Imported here, not above: an app's models may only load once the registry is ready.
        from auditlog.registry import auditlog

        from core import access

        from . import contributions, permissions
        from .models import Resource, ResourceUse, ResourceVersion, Tag

        access.register_rules("library", permissions)
        contributions.register()
        auditlog.register(
            Resource, exclude_fields=["updated_at", "file_text", "latest"], m2m_fields={"tags"}
        )
        auditlog.register(ResourceVersion, exclude_fields=["thumbnail", "file"])
        auditlog.register(Tag)
        auditlog.register(ResourceUse)
