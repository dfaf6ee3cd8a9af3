from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The annual report (年度工作总结): what the agreement produced in a year, as a page, an
    Excel workbook and a Word document in the official-document layout. It reads only what the
    apps registered with the courts registry (figures, report sections, targets)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Annual reports")
