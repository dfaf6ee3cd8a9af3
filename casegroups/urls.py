from django.urls import path

from . import views

app_name = "casegroups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("new/", views.group_create, name="group-create"),
    path("<int:pk>/", views.group_detail, name="group-detail"),
    path("cases/", views.all_case_list, name="all-case-list"),
    path("sessions/", views.session_list, name="session-list"),
    path("<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("<int:pk>/join/", views.group_join, name="group-join"),
    path("<int:pk>/cases/", views.case_list, name="case-list"),
    path("<int:pk>/cases/new/", views.case_create, name="case-create"),
    path("memberships/<int:pk>/approve/", views.membership_approve, name="membership-approve"),
    path("memberships/<int:pk>/decline/", views.membership_decline, name="membership-decline"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("memberships/<int:pk>/leave/", views.membership_leave, name="membership-leave"),
    path("<int:pk>/sessions/new/", views.session_create, name="session-create"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/record/", views.session_record, name="session-record"),
    path("sessions/<int:pk>/ics/", views.session_ics, name="session-ics"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("cases/<int:pk>/discuss/", views.case_discuss, name="case-discuss"),
    path("cases/<int:pk>/conclude/", views.case_conclude, name="case-conclude"),
    path("cases/<int:pk>/review/", views.case_review, name="case-review"),
]
