from django.contrib import admin

from .models import (
    ActionItem,
    Activity,
    ActivityPart,
    Attachment,
    Attendance,
    MeetingSeries,
    MinutesComment,
    MinutesVersion,
    RedEducationBase,
    ReminderRule,
)


@admin.register(RedEducationBase)
class RedEducationBaseAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "capacity", "booking_lead_days"]
    search_fields = ["name", "place", "contact"]


class ActivityPartInline(admin.TabularInline):
    model = ActivityPart
    extra = 0
    fields = ["court", "notes"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "area", "host_court", "start", "status"]
    list_filter = ["status", "area", "kind", "host_court", "co_host_courts"]
    search_fields = ["title", "place", "agenda"]
    date_hierarchy = "start"
    autocomplete_fields = ["red_base", "created_by"]
    filter_horizontal = ["co_host_courts"]
    list_select_related = ["host_court"]
    inlines = [ActivityPartInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "activity", "status", "signed_in_at", "sign_in_method", "leave"]
    list_filter = ["status", "sign_in_method", "leave", "person__court"]
    search_fields = ["person__full_name", "activity__title"]
    autocomplete_fields = ["activity", "person", "signed_in_by", "leave_decided_by", "invited_by"]
    list_select_related = ["person__court", "activity"]
    raw_id_fields = ["part"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "activity", "part", "size", "uploaded_at"]
    list_filter = ["kind", "part__court"]
    search_fields = ["original_name", "caption", "activity__title"]
    autocomplete_fields = ["activity", "uploaded_by"]
    raw_id_fields = ["part"]
    list_select_related = ["activity", "part__court"]


@admin.register(ActivityPart)
class ActivityPartAdmin(admin.ModelAdmin):
    list_display = ["activity", "court"]
    list_filter = ["court"]
    search_fields = ["activity__title", "notes"]
    autocomplete_fields = ["activity"]
    list_select_related = ["activity", "court"]


class ReminderRuleInline(admin.TabularInline):
    model = ReminderRule
    extra = 0


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "rrule", "host_mode", "fixed_host", "active"]
    list_filter = ["active", "host_mode"]
    search_fields = ["title", "rrule"]
    autocomplete_fields = ["invitees", "created_by"]
    inlines = [ReminderRuleInline]


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["series", "audience", "offset_days", "message"]
    list_filter = ["audience"]
    search_fields = ["series__title", "message"]
    list_select_related = ["series"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    """Versions are history: readable, never edited."""

    list_display = ["activity", "number", "status", "saved_by", "saved_at"]
    list_filter = ["status"]
    search_fields = ["activity__title", "text"]
    list_select_related = ["activity", "saved_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MinutesComment)
class MinutesCommentAdmin(admin.ModelAdmin):
    list_display = ["activity", "author", "created_at"]
    search_fields = ["activity__title", "text"]
    list_select_related = ["activity", "author"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["what", "court", "responsible", "due_date", "done_at", "activity"]
    list_filter = ["court", "done_at"]
    search_fields = ["what", "responsible__full_name", "activity__title"]
    autocomplete_fields = ["activity", "responsible"]
    list_select_related = ["court", "responsible", "activity"]
