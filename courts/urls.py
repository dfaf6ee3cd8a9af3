from django.urls import path

from . import views

app_name = "courts"

urlpatterns = [
    path("people/", views.person_list, name="person-list"),
    path("people/options/", views.person_options, name="person-options"),
    path("people/<int:pk>/record/", views.person_record, name="person-record"),
    path("branches/<int:pk>/record/", views.branch_record, name="branch-record"),
    path("courts/<slug:slug>/", views.court_detail, name="court-detail"),
    path("areas/<str:code>/", views.area_detail, name="area-detail"),
    path("agreement/", views.agreement, name="agreement"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/targets/", views.targets, name="targets"),
    path("dashboard/targets/<int:pk>/delete/", views.target_delete, name="target-delete"),
    path("cooperation/", views.cooperationitem_list, name="cooperationitem-list"),
    path("cooperation/new/", views.cooperationitem_create, name="cooperationitem-create"),
    path("cooperation/<int:pk>/", views.cooperationitem_detail, name="cooperationitem-detail"),
    path("cooperation/<int:pk>/edit/", views.cooperationitem_edit, name="cooperationitem-edit"),
]
