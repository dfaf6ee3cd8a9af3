from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .forms import add_service_error
from .models import CalendarToken, Delivery, Notification, Reminder, TaskHeartbeat

admin.site.unregister(LogEntry)


class ContentTypeFilter(admin.SimpleListFilter):
    """What a row is about, by the model's name in the reader's language, among the models that
    can have such rows (not every table of the database, not a scan of the rows)."""

    title = _("kind of record")
    parameter_name = "about"

    def models(self):  # pragma: no cover - each admin says which
        raise NotImplementedError

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*self.models())
        return sorted(
            ((ct.pk, capfirst(model._meta.verbose_name)) for model, ct in types.items()),
            key=lambda choice: str(choice[1]),
        )

    def queryset(self, request, queryset):
        from .forms import row_id

        value = row_id(self.value() or "")
        return queryset if value is None else queryset.filter(content_type_id=value)


class AuditedModelFilter(ContentTypeFilter):
    def models(self):
        from auditlog.registry import auditlog

        return auditlog.get_models()


class ReminderTargetFilter(ContentTypeFilter):
    title = _("reminder for")

    def models(self):
        from .registry import reminder_target_models

        return reminder_target_models()


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        from .reminders import stage_words

        stages = Reminder.objects.order_by().values_list("stage", flat=True).distinct()
        return sorted(((stage, stage_words(stage)) for stage in stages), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.filter(stage=self.value()[:40])


def person_label(user) -> str:
    """A user as colleagues know them: 陈红梅（金山）, or the username of an account that is
    no person (the administrator)."""
    person = getattr(user, "person", None) if user is not None else None
    if person is None:
        return getattr(user, "username", "")
    return str(person)


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    """Audit entries can be read but never added, changed or deleted from the admin."""

    list_filter = ["action", AuditedModelFilter, CIDFilter]

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
    list_display = ["title", "recipient_name", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "body", "recipient__username"]
    autocomplete_fields = ["recipient"]
    list_select_related = ["recipient__person__court"]
    date_hierarchy = "created_at"

    @admin.display(description=_("recipient"), ordering="recipient__person__full_name")
    def recipient_name(self, notification: Notification) -> str:
        return person_label(notification.recipient)


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

    list_display = ["title", "stage_in_words", "recipient_name", "due_at", "status", "sent_at"]
    list_filter = ["status", StageFilter, ReminderTargetFilter]
    search_fields = ["title", "recipient__username", "recipient__person__full_name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient__person__court"]
    fields = [
        "title",
        "body",
        "link",
        "stage_in_words",
        "recipient_name",
        "due_at",
        "expires_at",
        "status",
        "sent_at",
    ]
    readonly_fields = ["stage_in_words", "recipient_name", "sent_at", "created_at"]
    inlines = [DeliveryInline]

    @admin.display(description=_("stage"), ordering="stage")
    def stage_in_words(self, reminder: Reminder) -> str:
        from .reminders import stage_words

        return stage_words(reminder.stage)

    @admin.display(description=_("recipient"), ordering="recipient__person__full_name")
    def recipient_name(self, reminder: Reminder) -> str:
        return person_label(reminder.recipient)


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
