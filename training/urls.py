from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("new/", views.session_create, name="session-create"),
    path("mine/", views.my_training, name="my-training"),
    path("trainees/", views.trainee_list, name="trainee-list"),
    path("<int:pk>/", views.session_detail, name="session-detail"),
    path("<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("<int:pk>/status/", views.session_status, name="session-status"),
    path("<int:pk>/enrol/", views.session_enrol, name="session-enrol"),
    path("<int:pk>/attendance/", views.session_attendance, name="session-attendance"),
    path("<int:pk>/roster/", views.session_roster, name="session-roster"),
    path("<int:pk>/ics/", views.session_ics, name="session-ics"),
    path("<int:pk>/materials/", views.material_upload, name="material-upload"),
    path("materials/<int:pk>/", views.material_download, name="material-download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material-delete"),
    path("enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment-cancel"),
    path("enrolments/<int:pk>/promote/", views.enrolment_promote, name="enrolment-promote"),
    path("enrolments/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate-pdf"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify-code"),
]
