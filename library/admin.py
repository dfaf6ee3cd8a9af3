"""The library in Django admin: a resource is edited through the same service as its page (the
rule, the tags, the audit); files are uploaded on the staff pages, where they are checked and
their text read."""

from django.contrib import admin

from core.admin import RecordAdmin, ReferenceAdmin, ServiceAdminMixin

from . import permissions, services
from .models import Download, Resource, ResourceVersion, Tag


@admin.register(Tag)
class TagAdmin(ReferenceAdmin):
    search_fields = ["name"]


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    readonly_fields = ("number", "original_name", "size", "uploaded_by", "uploaded_at", "note")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Resource)
class ResourceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "court", "kind", "area", "visibility", "updated_at"]
    list_filter = ["kind", "area", "court", "visibility", "tags"]
    search_fields = ["title", "description"]
    list_select_related = ["court"]
    date_hierarchy = "created_at"
    inlines = [VersionInline]
    fields = [
        "title", "kind", "area", "court", "description", "tags", "link", "visibility",
        "created_by", "created_at",
    ]  # fmt: skip
    readonly_fields = ["court", "created_by", "created_at"]
    filter_horizontal = ["tags"]

    def has_add_permission(self, request) -> bool:
        return False  # shared on the staff pages, where the file is checked

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_resource(request.user, obj))

    def update_with_service(self, request, obj, changes):
        if "tags" in changes:
            changes["tags"] = [tag.name for tag in changes["tags"]]
        services.edit_resource(resource=obj, by=request.user, **changes)


@admin.register(Download)
class DownloadAdmin(RecordAdmin):
    list_display = ["resource", "court", "at"]
    list_filter = ["court"]
    date_hierarchy = "at"
