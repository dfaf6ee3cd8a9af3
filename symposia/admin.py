from django.contrib import admin

from core.admin import ServiceAdminMixin

from . import services
from .models import Paper, Symposium


@admin.register(Symposium)
class SymposiumAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "year", "host_court", "date"]
    list_filter = ["year", "host_court"]
    search_fields = ["title", "theme"]
    list_select_related = ["host_court"]
    date_hierarchy = "date"

    def create_with_service(self, request, data):
        return services.create_symposium(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_symposium(symposium=obj, by=request.user, **changes)


@admin.register(Paper)
class PaperAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Recorded through the same services as the pages (authors told of their award); the
    file is uploaded on the paper's page, where it is checked."""

    list_display = ["title", "symposium", "award", "original_name"]
    list_filter = ["award", "symposium__year", "symposium"]
    search_fields = ["title", "abstract", "authors__full_name"]
    list_select_related = ["symposium"]
    autocomplete_fields = ["authors"]
    fields = ["symposium", "title", "authors", "abstract", "award", "original_name", "size"]
    readonly_fields = ["original_name", "size"]

    def create_with_service(self, request, data):
        return services.add_paper(by=request.user, **data)

    def update_with_service(self, request, obj, changes):
        services.update_paper(paper=obj, by=request.user, **changes)
