"""Publicity in Django admin: items are read here and changed on the staff pages, where the
workflow, the sanitising of the body and the notices live; tags are edited freely."""

from django.contrib import admin

from core.admin import RecordAdmin, ReferenceAdmin

from .models import ItemEvent, PublicationRecord, PublicityItem, Signoff, Tag


@admin.register(Tag)
class TagAdmin(ReferenceAdmin):
    search_fields = ["name"]


class EventInline(admin.TabularInline):
    model = ItemEvent
    fields = ["at", "by", "before", "after", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RecordInline(admin.TabularInline):
    model = PublicationRecord
    fields = ["channel", "outlet", "date", "link", "reach"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublicityItem)
class PublicityItemAdmin(RecordAdmin):
    list_display = ["title", "court", "author", "area", "status", "good_practice", "published_at"]
    list_filter = ["status", "court", "area", "good_practice", "tags"]
    search_fields = ["title", "summary", "author__full_name"]
    list_select_related = ["court", "author"]
    date_hierarchy = "published_at"
    inlines = [EventInline, RecordInline]
    readonly_fields = [f.name for f in PublicityItem._meta.fields if f.name not in {"id"}] + [
        "courts",
        "tags",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # written on the staff pages, where the body is sanitised

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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
