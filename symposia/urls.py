from django.urls import path

from . import views

app_name = "symposia"

# Mounted under /casegroups/ as before the app was split out, so that addresses in notices,
# calendars and bookmarks keep working.
urlpatterns = [
    path("symposia/", views.symposium_list, name="symposium-list"),
    path("symposia/new/", views.symposium_create, name="symposium-create"),
    path("symposia/<int:pk>/", views.symposium_detail, name="symposium-detail"),
    path("symposia/<int:pk>/edit/", views.symposium_edit, name="symposium-edit"),
    path("symposia/<int:pk>/papers/new/", views.paper_create, name="paper-create"),
    path("papers/", views.paper_list, name="paper-list"),
    path("papers/<int:pk>/", views.paper_detail, name="paper-detail"),
    path("papers/<int:pk>/edit/", views.paper_edit, name="paper-edit"),
    path("papers/<int:pk>/file/", views.paper_download, name="paper-download"),
]
