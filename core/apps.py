from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel: notifications, reminders, private files, lists and exports, iCal,
    workflows, the update helper and the registries feature apps contribute to. It imports no
    feature app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            generations,
        )

        # Every statement is observed: kept answers follow the tables they read.
        generations.install()

        from .reminders import register_core_stage_words

        register_core_stage_words()
        _name_mfa_authenticators()


def _name_mfa_authenticators() -> None:
    """allauth's MFA model has no verbose name: the admin showed "Authenticators" in Chinese."""
    from allauth.mfa.models import Authenticator
    from django.utils.translation import gettext_lazy as _

    Authenticator._meta.verbose_name = _("authenticator")
    Authenticator._meta.verbose_name_plural = _("authenticators")
