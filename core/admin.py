from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.exceptions import ValidationError

from .forms import add_service_error
from .models import CalendarToken, Delivery, Notification, Reminder, TaskHeartbeat

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


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "body", "recipient__username"]
    autocomplete_fields = ["recipient"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__username"]
    readonly_fields = ["token", "created_at"]
    autocomplete_fields = ["user"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "at", "ok", "detail"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders with their delivery log (channel, time, result)."""

    list_display = ["title", "stage", "recipient", "due_at", "status", "sent_at"]
    list_filter = ["status", "stage", "content_type"]
    search_fields = ["title", "recipient__username", "recipient__person__full_name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient"]
    readonly_fields = ["content_type", "object_id", "stage", "recipient", "sent_at", "created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["reminder", "channel", "at", "ok", "detail"]
    list_filter = ["channel", "ok"]
    search_fields = ["reminder__title", "detail"]
    list_select_related = ["reminder"]
    readonly_fields = ["reminder", "channel", "at", "ok", "detail"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class _ServiceRefused(Exception):
    def __init__(self, error: ValidationError):
        self.error = error


class ServiceAdminMixin:
    """Admin saves go through the same services as the pages (reminders re-planned, parts
    created, audit written). A subclass names the two calls.

    A service's ValidationError (a rule the admin form does not know, e.g. "at least one co-host
    court") must not be a server error: the save is rolled back, and the same POST is shown
    again as an invalid form carrying the service's message, so nothing typed is lost."""

    def create_with_service(self, request, data: dict):  # returns the new object
        raise NotImplementedError

    def update_with_service(self, request, obj, changes: dict) -> None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceRefused as refused:  # the atomic block of the view has rolled back
            request._service_error = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "_service_error", None)
        if error is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                add_service_error(self, error)
                return cleaned

        return RefusedForm

    def save_model(self, request, obj, form, change):
        try:
            if change:
                changes = {name: form.cleaned_data[name] for name in form.changed_data}
                self.update_with_service(request, obj, changes)
                return
            data = {
                name: value
                for name, value in form.cleaned_data.items()
                if name in {f.name for f in obj._meta.get_fields()}
            }
            created = self.create_with_service(request, data)
        except ValidationError as error:
            raise _ServiceRefused(error) from None
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields were passed to the service; only inlines are saved here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
