from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin, ReferenceAdmin, ServiceAdminMixin, TechnicalMixin

from . import minutes as minutes_services
from . import series as series_services
from . import services
from .models import (
    ActionItem,
    Activity,
    ActivityPart,
    Attachment,
    Attendance,
    BranchBehind,
    MeetingSeries,
    MinutesComment,
    MinutesVersion,
    RedEducationBase,
    ReminderRule,
)


@admin.register(RedEducationBase)
class RedEducationBaseAdmin(ReferenceAdmin):
    list_display = ["name", "place", "capacity", "booking_lead_days"]
    search_fields = ["name", "place", "contact"]


class ActivityPartInline(admin.TabularInline):
    """Parts follow the participating courts (the service creates them); notes are edited on
    the court's own page."""

    model = ActivityPart
    extra = 0
    fields = ["court", "notes"]
    readonly_fields = ["court", "notes"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


ACTIVITY_CREATE_FIELDS = {
    "title", "kind", "area", "host_court", "co_host_courts", "start", "end", "place",
    "red_base", "notice", "agenda",
}  # fmt: skip


@admin.register(Activity)
class ActivityAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Saved through the activity services: parts follow the co-host courts, reminders follow
    the schedule, a completed or cancelled activity stays locked."""

    list_display = ["title", "kind", "area", "host_court", "start", "status"]
    list_filter = ["status", "area", "kind", "host_court", "co_host_courts"]
    search_fields = ["title", "place", "agenda"]
    date_hierarchy = "start"
    autocomplete_fields = ["red_base", "created_by"]
    filter_horizontal = ["co_host_courts"]
    list_select_related = ["host_court"]
    inlines = [ActivityPartInline]
    readonly_fields = [
        "status", "host_court", "series", "occurrence", "edited_by_hand", "minutes",
        "minutes_decisions", "minutes_status", "comments_until", "minutes_version",
        "note_taker", "cancel_reason", "created_by",
    ]  # fmt: skip

    exclude = ["occurrence_index"]

    @admin.display(description=_("occurrence number"))
    def occurrence(self, obj) -> str:
        """第1次 for the series' first meeting (the index counts from 0)."""
        if obj.occurrence_index is None:
            return "—"
        return _("no. %(n)d") % {"n": obj.occurrence_index + 1}

    def get_readonly_fields(self, request, obj=None):
        # On creation the host court is chosen; afterwards status and minutes have their pages.
        fields = list(self.readonly_fields)
        if obj is None:
            fields = [f for f in fields if f not in {"host_court"}]
        return fields

    def create_with_service(self, request, data):
        return services.create_activity(
            by=request.user, **{k: v for k, v in data.items() if k in ACTIVITY_CREATE_FIELDS}
        )

    def update_with_service(self, request, obj, changes):
        services.update_activity(activity=obj, by=request.user, **changes)


@admin.register(Attendance)
class AttendanceAdmin(RecordAdmin):
    """Read-only: invitations, sign-in and leave each have a service and a page that record
    who did it and why."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    list_display = ["person", "activity", "status", "signed_in_at", "sign_in_method", "leave"]
    list_filter = ["status", "sign_in_method", "leave", "person__court"]
    search_fields = ["person__full_name", "activity__title"]
    autocomplete_fields = ["activity", "person", "signed_in_by", "leave_decided_by", "invited_by"]
    list_select_related = ["person__court", "activity"]
    raw_id_fields = ["part"]


@admin.register(Attachment)
class AttachmentAdmin(RecordAdmin):
    list_display = ["original_name", "kind", "activity", "part", "size", "uploaded_at"]
    list_filter = ["kind", "part__court"]
    search_fields = ["original_name", "caption", "activity__title"]
    autocomplete_fields = ["activity", "uploaded_by"]
    raw_id_fields = ["part"]
    list_select_related = ["activity", "part__court"]


@admin.register(ActivityPart)
class ActivityPartAdmin(RecordAdmin):
    list_display = ["activity", "court"]
    list_filter = ["court"]
    search_fields = ["activity__title", "notes"]
    autocomplete_fields = ["activity"]
    list_select_related = ["activity", "court"]


class ReminderRuleInline(admin.TabularInline):
    model = ReminderRule
    extra = 0


SERIES_CREATE_FIELDS = series_services.SERIES_FIELDS


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Saved through the series services: occurrences and reminders follow the series; an
    edited reminder plan re-plans the coming meetings' reminders."""

    list_display = ["title", "convening_court", "rrule", "host_mode", "fixed_host", "active"]
    list_filter = ["active", "convening_court", "host_mode", "holiday_rule"]
    search_fields = ["title", "rrule"]
    autocomplete_fields = ["invitees"]
    # Ending a series cancels its coming meetings with notice: done on the series page.
    readonly_fields = ["created_by", "ended_on"]
    inlines = [ReminderRuleInline]

    def create_with_service(self, request, data):
        invitees = data.pop("invitees", [])
        fields = {k: v for k, v in data.items() if k in SERIES_CREATE_FIELDS}
        return series_services.create_series(by=request.user, invitees=invitees, **fields)

    def update_with_service(self, request, obj, changes):
        invitees = changes.pop("invitees", None)
        series_services.update_series(series=obj, by=request.user, invitees=invitees, **changes)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.has_changed() for formset in formsets):
            series_services.replan_series_reminders(series=form.instance)


@admin.register(ReminderRule)
class ReminderRuleAdmin(RecordAdmin):
    """The plans of every series, to read and search; they are edited on their series (inline
    there, or on the series page), which re-plans the coming meetings' reminders."""

    list_display = ["series", "audience", "offset_days", "message"]
    list_filter = ["audience"]
    search_fields = ["series__title", "message"]
    list_select_related = ["series"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MinutesVersion)
class MinutesVersionAdmin(RecordAdmin):
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
class MinutesCommentAdmin(RecordAdmin):
    list_display = ["activity", "author", "created_at"]
    search_fields = ["activity__title", "text"]
    list_select_related = ["activity", "author"]


@admin.register(ActionItem)
class ActionItemAdmin(RecordAdmin):
    """Edits re-plan the responsible person's reminder (same helper as the minutes page)."""

    list_display = ["what", "court", "responsible", "due_date", "done_at", "activity"]
    list_filter = ["court", "done_at"]
    search_fields = ["what", "responsible__full_name", "activity__title"]
    autocomplete_fields = ["activity", "responsible"]
    list_select_related = ["court", "responsible", "activity"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        minutes_services.plan_action_item_reminders(obj)


@admin.register(BranchBehind)
class BranchBehindAdmin(TechnicalMixin, RecordAdmin):
    """The branches the secretaries were reminded of (activities.rhythm): machinery, shown."""

    list_display = ["branch", "beat", "due_on", "created_at"]
    list_filter = ["beat", "branch__court"]
    search_fields = ["branch__name"]
    list_select_related = ["branch"]
