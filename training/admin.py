"""Training in Django admin: every change goes through the same services as the pages (the
seat rules, notices and audit entries are the same); enrolments are read-only here and changed
through the session pages, where the waiting list is kept in order."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin, ServiceAdminMixin

from . import services
from .models import Enrolment, Material, Programme, TrainingSession


@admin.register(Programme)
class ProgrammeAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "title"]
    list_filter = ["year"]
    search_fields = ["title", "description"]

    def create_with_service(self, request, data):
        return services.create_programme(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_programme(
            programme=Programme.objects.get(pk=obj.pk), by=request.user, **changes
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    readonly_fields = ("person", "court", "status", "queued_at", "certificate_code", "note")
    fields = readonly_fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrainingSession)
class TrainingSessionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "programme", "host_court", "start", "seats", "court_quota", "status"]
    list_filter = ["status", "host_court", "programme__year"]
    search_fields = ["title", "topic", "trainer", "trainer_organisation", "venue"]
    date_hierarchy = "start"
    readonly_fields = ["status", "cancel_reason", "quota_released_at"]
    inlines = [EnrolmentInline]
    actions = ["release_quotas_now"]

    def create_with_service(self, request, data):
        return services.create_session(
            by=request.user, **{k: v for k, v in data.items() if k in services.SESSION_FIELDS}
        )

    def update_with_service(self, request, obj, changes):
        services.update_session(
            session=TrainingSession.objects.get(pk=obj.pk),
            by=request.user,
            **{k: v for k, v in changes.items() if k in services.SESSION_FIELDS},
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Release the courts' unused seats now"))
    def release_quotas_now(self, request, queryset):
        released = 0
        for session in queryset:
            if services.release_quota(session=session) is not None:
                released += 1
        self.message_user(request, _("%(n)d sessions released.") % {"n": released})


@admin.register(Enrolment)
class EnrolmentAdmin(RecordAdmin):
    list_display = ["person", "session", "court", "status", "queued_at", "certificate_code"]
    list_filter = ["status", "court", "session__programme__year"]
    search_fields = ["person__full_name", "session__title", "certificate_code"]
    list_select_related = ["person", "session", "court"]
    readonly_fields = [
        "session",
        "person",
        "court",
        "status",
        "queued_at",
        "enrolled_by",
        "note",
        "certificate_code",
        "completed_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Material)
class MaterialAdmin(RecordAdmin):
    list_display = ["original_name", "session", "size", "uploaded_at"]
    search_fields = ["original_name", "session__title"]
    readonly_fields = ["session", "original_name", "content_type", "size", "uploaded_by", "file"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
