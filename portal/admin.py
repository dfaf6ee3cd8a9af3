from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

from .models import TaskHeartbeat

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    """Audit entries can be read but never added, changed or deleted from the admin."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskHeartbeat)
class TaskHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run"]
    search_fields = ["name"]
    readonly_fields = ["name", "last_run"]

    def has_add_permission(self, request) -> bool:
        return False
