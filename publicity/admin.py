"""Publicity in Django admin: drafts are edited through the same service as the staff pages;
the workflow, with its notices, stays on the staff pages; tags are edited freely."""

from django.contrib import admin

from core.admin import RecordAdmin, ReferenceAdmin, ServiceAdminMixin

from . import permissions, services
from .models import ItemEvent, PublicationRecord, PublicityItem, Signoff, Tag


@admin.register(Tag)
class TagAdmin(ReferenceAdmin):
    search_fields = ["name"]


class EventInline(admin.TabularInline):
    model = ItemEvent
    readonly_fields = ("at", "by", "before", "after", "comment")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RecordInline(admin.TabularInline):
    model = PublicationRecord
    readonly_fields = ("channel", "outlet", "date", "link", "reach")
    fields = readonly_fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublicityItem)
class PublicityItemAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """A draft or returned item is edited here through ``services.update_item`` (the body is
    sanitised and rendered again, the author is told, the change is audited); the workflow
    (submit, review, sign-off, publish, withdraw) stays on the staff pages, where its rules and
    notices live. Items are written on the staff pages by their author."""

    list_display = ["title", "court", "author", "area", "status", "good_practice", "published_at"]
    list_filter = ["status", "court", "area", "good_practice", "tags"]
    search_fields = ["title", "summary", "author__full_name"]
    list_select_related = ["court", "author"]
    date_hierarchy = "published_at"
    inlines = [EventInline, RecordInline]
    fields = [
        "title", "summary", "body", "area", "courts", "tags", "good_practice", "joint_signoff",
        "court", "author", "status", "published_at", "cover", "source_title",
    ]  # fmt: skip
    readonly_fields = ["court", "author", "status", "published_at", "cover", "source_title"]
    filter_horizontal = ["courts", "tags"]

    def has_add_permission(self, request) -> bool:
        return False  # written on the staff pages by the author

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_item(request.user, obj))

    def update_with_service(self, request, obj, changes):
        if "tags" in changes:
            changes["tags"] = [tag.name for tag in changes["tags"]]
        services.update_item(item=obj, by=request.user, **changes)


@admin.register(Signoff)
class SignoffAdmin(RecordAdmin):
    list_display = ["item", "court", "by", "at"]
    list_filter = ["court"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublicationRecord)
class PublicationRecordAdmin(RecordAdmin):
    list_display = ["item", "channel", "outlet", "date", "reach"]
    list_filter = ["channel", "date"]
    search_fields = ["outlet", "item__title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
