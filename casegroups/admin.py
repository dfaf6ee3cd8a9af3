from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import RecordAdmin, ServiceAdminMixin, TechnicalMixin

from . import services
from .models import (
    CaseReview,
    CaseStudyGroup,
    CaseTerm,
    Criterion,
    Membership,
    StudyCase,
    StudySession,
    Term,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ("person", "status", "requested_at", "decided_at", "decided_by", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # members ask to join on the group page; the convenor decides there


@admin.register(CaseStudyGroup)
class CaseStudyGroupAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Saved through the same services as the pages: the convenor becomes a member."""

    list_display = ["name", "specialty", "convenor", "open_to_requests", "active"]
    list_filter = ["specialty", "active", "open_to_requests", "member_courts"]
    search_fields = ["name", "purpose", "convenor__full_name"]
    autocomplete_fields = ["convenor"]
    filter_horizontal = ["member_courts"]
    list_select_related = ["convenor__court"]
    inlines = [MembershipInline]

    def create_with_service(self, request, data):
        return services.create_group(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_group(group=obj, by=request.user, **changes)


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    """Read here; decided with the actions, which call the pages' services (audited, told)."""

    list_display = ["person", "group", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "group__specialty", "person__court"]
    search_fields = ["person__full_name", "group__name", "statement"]
    list_select_related = ["person__court", "group", "decided_by"]
    readonly_fields = [f.name for f in Membership._meta.fields]
    date_hierarchy = "requested_at"
    actions = ["approve"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request, queryset):
        done = 0
        for membership in queryset.filter(status=Membership.Status.PENDING):
            try:
                services.approve_membership(membership=membership, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    f"{membership}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                    messages.ERROR,
                )
            else:
                done += 1
        self.message_user(request, _("%(count)d requests approved.") % {"count": done})


@admin.register(StudyCase)
class StudyCaseAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Cases come from members on the group pages; here they are corrected through the same
    service (the personal-data check included)."""

    list_display = [
        "case_number",
        "group",
        "cause_of_action",
        "submitted_by",
        "status",
        "visibility",
    ]
    list_filter = ["status", "visibility", "group__specialty", "court_of_origin"]
    search_fields = ["case_number", "cause_of_action", "summary", "group__name"]
    list_select_related = ["group", "submitted_by"]
    readonly_fields = ["group", "submitted_by", "status", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def update_with_service(self, request, obj, changes):
        services.update_case(case=obj, by=request.user, **changes)


@admin.register(StudySession)
class StudySessionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Scheduled and moved through the pages' services: the members' reminders follow."""

    list_display = ["title", "group", "start", "place", "cancelled"]
    list_filter = ["cancelled", "group__specialty", "group"]
    search_fields = ["title", "place", "group__name", "minutes"]
    list_select_related = ["group"]
    date_hierarchy = "start"
    fields = ["group", "title", "start", "end", "place", "online_link", "cases"]
    autocomplete_fields = ["cases"]

    def get_readonly_fields(self, request, obj=None):
        return ["group"] if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancelled on the session page, with a reason the members read

    def create_with_service(self, request, data):
        return services.schedule_session(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_session(session=obj, by=request.user, **changes)


@admin.register(CaseReview)
class CaseReviewAdmin(RecordAdmin):
    """Reviews are the reviewers' own: read here, written on the case page."""

    list_display = ["case", "reviewer", *Criterion.values, "created_at"]
    list_filter = ["case__group", "reviewer__court"]
    search_fields = ["case__case_number", "reviewer__full_name", "comment"]
    list_select_related = ["case", "reviewer"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Term)
class TermAdmin(TechnicalMixin, RecordAdmin):
    list_display = ["term", "df"]
    search_fields = ["term"]
    ordering = ["-df"]


@admin.register(CaseTerm)
class CaseTermAdmin(TechnicalMixin, RecordAdmin):
    list_display = ["case", "term", "tf"]
    search_fields = ["term", "case__case_number"]
    list_select_related = ["case"]
