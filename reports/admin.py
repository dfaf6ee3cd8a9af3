from django.contrib import admin

from core.admin import RecordAdmin, TechnicalMixin

from .models import MonthlyFigures


@admin.register(MonthlyFigures)
class MonthlyFiguresAdmin(TechnicalMixin, RecordAdmin):
    """Each court's month whose figures were sent to its secretaries: machinery, shown."""

    list_display = ["court", "month", "created_at"]
    list_filter = ["court"]
    date_hierarchy = "month"
