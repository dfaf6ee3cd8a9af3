from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courts"
    verbose_name = _("Courts and people")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model

        from core import access, registry

        from . import contributions, permissions
        from .models import CooperationItem, Court, PartyBranch, Person, Target
        from .roles import show_role_groups_by_label, sync_role_groups

        access.register_rules("courts", permissions)
        # A user is named by their person's name wherever Django prints one (admin's
        # "创建人", history, choices), not by the username.
        get_user_model().__str__ = permissions.display_name  # type: ignore[method-assign]
        registry.register_reminder_target(CooperationItem)
        contributions.register()
        show_role_groups_by_label()

        # After every app's migrations, so that every app's permissions exist by the last one.
        post_migrate.connect(sync_role_groups, dispatch_uid="courts.sync_role_groups")

        auditlog.register(Court)
        auditlog.register(PartyBranch)
        auditlog.register(Person)
        auditlog.register(CooperationItem, exclude_fields=["created_at", "updated_at"])
        auditlog.register(Target, exclude_fields=["created_at", "updated_at"])
        auditlog.register(
            get_user_model(),
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups"},
        )
