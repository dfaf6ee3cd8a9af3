from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The shell: settings, root URLs, the Celery app, home, calendar and demo data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portal shell")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from core.registry import NavEntry, register_nav

        register_nav(NavEntry("calendar", _("Calendar"), "calendar", order=30))
