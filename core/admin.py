from typing import TYPE_CHECKING, Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .forms import add_service_error, row_id
from .models import CalendarToken, Delivery, Notification, Reminder, TaskHeartbeat
from .registry import reminder_target_models
from .reminders import stage_words

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

        value = row_id(self.value() or "")
        return queryset if value is None else queryset.filter(content_type_id=value)


class AuditedModelFilter(ContentTypeFilter):
    def models(self):
        from auditlog.registry import auditlog

        return auditlog.get_models()


class ReminderTargetFilter(ContentTypeFilter):
    title = _("reminder for")

    def models(self):

        return reminder_target_models()


class StageFilter(admin.SimpleListFilter):
    title = _("stage")
    parameter_name = "stage"

    def lookups(self, request, model_admin):

        stages = Reminder.objects.order_by().values_list("stage", flat=True).distinct()
        return sorted(((stage, stage_words(stage)) for stage in stages), key=lambda c: c[1])

    def queryset(self, request, queryset):
        stage = self.value()
        return queryset if stage is None else queryset.filter(stage=stage[:40])


def person_label(user) -> str:
    """A user as colleagues know them: 陈红梅（金山）, or the username of an account that is
    no person (the administrator)."""
    person = getattr(user, "person", None) if user is not None else None
    if person is None:
        return getattr(user, "username", "")
    return str(person)


# --- What an administrator may write here: the one policy ------------------------------------
#
# Every ModelAdmin of the portal is one of four kinds (tests/portal/test_admin.py checks each
# registered admin against them, as a court administrator and as a superuser):
# - ServiceAdminMixin: adds and changes go through the same services as the pages; a delete
#   only where the admin names a service for it (``delete_with_service``), else refused.
# - RecordAdmin: a record the pages write through their services (attendance, minutes
#   versions, sign-offs, enrolments, files…): shown, never added, changed or deleted here.
# - ReferenceAdmin: reference data with no workflow (courts, branches, people, bases, tags,
#   accounts): edited here, audited by auditlog with the administrator as actor; never deleted
#   (deactivate instead: rows are referenced by years of records).
# - TechnicalAdmin: the machinery (search index, heartbeats, periodic tasks, reminders and
#   deliveries, notices, calendar tokens): hidden from court administrators, kept for
#   superusers.


class RecordAdmin(admin.ModelAdmin):
    """Shown, never written here: its rows are written by the services behind the pages, which
    check the rules, tell the people concerned and audit."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReferenceAdmin(admin.ModelAdmin):
    """Reference data edited here (audited), never deleted: deactivate instead."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


if TYPE_CHECKING:  # the mixins below are only ever mixed into a ModelAdmin
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class TechnicalMixin(_AdminBase):
    """The machinery: hidden from court administrators; superusers keep what the admin class
    allows them."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class TechnicalAdmin(TechnicalMixin, admin.ModelAdmin):
    pass


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    """Audit entries can be read but never added, changed or deleted from the admin."""

    list_filter = ["action", AuditedModelFilter, CIDFilter]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskHeartbeat)
class TaskHeartbeatAdmin(TechnicalAdmin):
    list_display = ["name", "last_run"]
    search_fields = ["name"]
    readonly_fields = ["name", "last_run"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(TechnicalAdmin):
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
class CalendarTokenAdmin(TechnicalAdmin):
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
class ReminderAdmin(TechnicalAdmin):
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

        return stage_words(reminder.stage)

    @admin.display(description=_("recipient"), ordering="recipient__person__full_name")
    def recipient_name(self, reminder: Reminder) -> str:
        return person_label(reminder.recipient)


@admin.register(Delivery)
class DeliveryAdmin(TechnicalAdmin):
    """The delivery log: each attempt on each channel, with the reminder's stage in words
    ("会前1天") and whom it was for."""

    list_display = ["reminder", "stage", "recipient", "channel", "at", "ok", "detail"]
    list_filter = ["channel", "ok", "reminder__stage"]
    search_fields = ["reminder__title", "detail"]
    list_select_related = ["reminder__recipient__person"]
    readonly_fields = ["reminder", "stage", "recipient", "channel", "at", "ok", "detail"]

    @admin.display(description=_("stage"), ordering="reminder__stage")
    def stage(self, delivery: Delivery) -> str:

        return stage_words(delivery.reminder.stage)

    @admin.display(description=_("recipient"))
    def recipient(self, delivery: Delivery) -> str:
        return person_label(delivery.reminder.recipient)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class _ServiceRefused(Exception):
    def __init__(self, error: ValidationError):
        self.error = error


class ServiceAdminMixin(_AdminBase):
    """Admin saves go through the same services as the pages (reminders re-planned, parts
    created, audit written). A subclass names the two calls.

    A service's ValidationError (a rule the admin form does not know, e.g. "at least one co-host
    court") must not be a server error: the save is rolled back, and the same POST is shown
    again as an invalid form carrying the service's message, so nothing typed is lost."""

    def create_with_service(self, request, data: dict):  # returns the new object
        raise NotImplementedError

    def update_with_service(self, request, obj, changes: dict) -> None:
        raise NotImplementedError

    # A subclass that may delete names the service: ``def delete_with_service(self, request,
    # obj)``. Without it, deleting is refused (cancel or end on the page instead).
    delete_with_service: Any = None

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.delete_with_service is not None and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        self.delete_with_service(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:  # each through the service: its notices, reminders, audit
            self.delete_with_service(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _ServiceRefused as refused:  # the atomic block of the view has rolled back
            request._service_error = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        error: ValidationError | None = getattr(request, "_service_error", None)
        if error is None:
            return form_class
        refusal = error

        def clean(form: Any) -> Any:
            cleaned = form_class.clean(form)
            add_service_error(form, refusal)
            return cleaned

        # The form again, with the service's refusal on it (the admin's form class is made at
        # run time, so is this one).
        return type("RefusedForm", (form_class,), {"clean": clean})

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


def hide_from_court_admins(*models) -> None:
    """Re-register other packages' admins (periodic tasks, e-mail addresses, MFA keys) as
    technical: hidden from court administrators, unchanged for superusers. Their admin modules
    are loaded before this one (INSTALLED_APPS order)."""
    for model in models:
        current = type(admin.site._registry[model])
        admin.site.unregister(model)
        admin.site.register(
            model, type(current.__name__, (TechnicalMixin, current), {"__module__": __name__})
        )


def _third_party_models():
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    return [
        PeriodicTask,
        IntervalSchedule,
        CrontabSchedule,
        SolarSchedule,
        ClockedSchedule,
        EmailAddress,
        Authenticator,
    ]


hide_from_court_admins(*_third_party_models())

# The admin's index says whether reminders are going out (templates/admin/portal_index.html).
admin.site.index_template = "admin/portal_index.html"
