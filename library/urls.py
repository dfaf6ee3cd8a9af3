from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.resource_list, name="resource-list"),
    path("new/", views.resource_create, name="resource-create"),
    path("use/", views.use_picker, name="use-picker"),
    path("uses/<int:pk>/delete/", views.use_delete, name="use-delete"),
    path("<int:pk>/", views.resource_detail, name="resource-detail"),
    path("<int:pk>/edit/", views.resource_edit, name="resource-edit"),
    path("<int:pk>/versions/new/", views.version_upload, name="version-upload"),
    path("versions/<int:pk>/", views.version_download, name="version-download"),
    path("versions/<int:pk>/preview.jpg", views.version_preview, name="version-preview"),
]
