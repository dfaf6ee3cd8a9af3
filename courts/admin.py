from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from core.admin import ReferenceAdmin, ServiceAdminMixin
from core.reminders import send_test_webhook

from . import services
from .choices import Role
from .models import CooperationItem, Court, PartyBranch, Person, Target


@admin.register(Court)
class CourtAdmin(ReferenceAdmin):
    list_display = [
        "name_zh",
        "short_name_zh",
        "name_en",
        "province",
        "case_code",
        "email_reminders",
        "webhook_url",
    ]
    search_fields = ["name_zh", "name_en", "short_name_zh", "slug"]
    list_filter = ["province", "email_reminders"]
    ordering = ["sort_order"]
    actions = ["send_test_robot_message"]

    @admin.action(description=_("Send a test message to the group robot"))
    def send_test_robot_message(self, request, queryset):

        for court in queryset:
            if not court.webhook_url:
                self.message_user(
                    request,
                    _("%(court)s has no robot address.") % {"court": court.short_name},
                    messages.WARNING,
                )
                continue
            ok, detail = send_test_webhook(court)
            self.message_user(
                request, f"{court.short_name}: {detail}", messages.SUCCESS if ok else messages.ERROR
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the three courts of the agreement stay


@admin.register(PartyBranch)
class PartyBranchAdmin(ReferenceAdmin):
    list_display = ["name", "court"]
    list_filter = ["court"]
    search_fields = ["name", "court__name_zh"]
    list_select_related = ["court"]


@admin.register(Person)
class PersonAdmin(ReferenceAdmin):
    list_display = ["full_name", "court", "branch", "position", "is_party_member", "user"]
    list_filter = ["court", "position", "is_party_member", "branch"]
    search_fields = ["full_name", "user__username", "user__email", "phone"]
    autocomplete_fields = ["user", "branch"]
    list_select_related = ["court", "branch", "user"]


@admin.register(CooperationItem)
class CooperationItemAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Saved through the same services as the pages: reminders follow the due date."""

    list_display = ["title", "area", "lead_court", "responsible", "due_date", "status"]
    list_filter = ["area", "status", "lead_court"]
    search_fields = ["title", "description", "responsible__full_name"]
    autocomplete_fields = ["responsible"]
    date_hierarchy = "due_date"
    list_select_related = ["lead_court", "responsible__court"]

    def create_with_service(self, request, data):
        return services.create_cooperation_item(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_cooperation_item(item=obj, by=request.user, **changes)


class PersonInline(admin.StackedInline):
    model = Person
    can_delete = False
    verbose_name_plural = _("staff profile")
    autocomplete_fields = ["branch"]
    fk_name = "user"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(ReferenceAdmin, DjangoUserAdmin):
    """Accounts are created here, each with its staff profile (court, branch, position)."""

    inlines = [PersonInline]
    list_display = ["username", "email", "person_name", "person_court", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups", "person__court"]
    search_fields = ["username", "email", "person__full_name"]
    list_select_related = ["person__court"]

    @admin.display(description=_("full name"), ordering="person__full_name")
    def person_name(self, obj):
        return getattr(getattr(obj, "person", None), "full_name", "—")

    @admin.display(description=_("court"), ordering="person__court__sort_order")
    def person_court(self, obj):
        person = getattr(obj, "person", None)
        return person.court.short_name if person else "—"


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(ReferenceAdmin, GroupAdmin):
    """Roles are groups named by their code; the list shows what each role is called."""

    list_display = ["name", "role_label"]

    @admin.display(description=_("role"))
    def role_label(self, obj):
        return Role(obj.name).label if obj.name in Role.values else "—"


@admin.register(Target)
class TargetAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Set and removed through the same services as the targets page: the measure and its row
    are checked, the court's rule asked. A saved target changes only its value."""

    list_display = ["year", "court", "figure", "row", "value", "set_by", "updated_at"]
    list_filter = ["year", "court", "figure"]
    search_fields = ["figure", "row"]
    list_select_related = ["court", "set_by"]
    fields = ["year", "court", "figure", "row", "value", "set_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["set_by"] if obj is None else ["year", "court", "figure", "row", "set_by"]

    def create_with_service(self, request, data):
        return services.set_target(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.set_target(
            by=request.user,
            year=obj.year,
            court=obj.court,
            figure=obj.figure,
            row=obj.row,
            value=changes.get("value", obj.value),
        )

    def delete_with_service(self, request, obj):
        services.remove_target(by=request.user, target=obj)
