from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The annual report (年度工作总结): what the agreement produced in a year, as a page, an
    Excel workbook and a Word document in the official-document layout. It reads only what the
    apps registered with the courts registry (figures, report sections, targets)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        # Imported here, not above: an app's models (and what imports them) may only load once
        # the app registry is ready (Django's AppConfig.ready: models and signals).
        from auditlog.registry import auditlog
        from django.utils.translation import gettext_lazy

        from core import registry
        from core.reminders import StageWords, register_stage_words

        from .models import MonthlyFigures

        registry.register_reminder_target(MonthlyFigures)
        register_stage_words(
            "secretaries",
            StageWords(
                who=gettext_lazy("The court's Party secretaries"),
                before=gettext_lazy("once the month has ended"),
            ),
        )
        auditlog.register(MonthlyFigures)
