from django.urls import path

from .views import activities as views
from .views import minutes, roll_call, series

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("export/", views.activity_export, name="activity-export"),
    path("new/", views.activity_create, name="activity-create"),
    path("my-record/", views.my_record, name="my-record"),
    path("series/", series.series_list, name="series-list"),
    path("series/new/", series.series_create, name="series-create"),
    path("series/<int:pk>/", series.series_detail, name="series-detail"),
    path("series/<int:pk>/edit/", series.series_edit, name="series-edit"),
    path("series/<int:pk>/pause/", series.series_pause, name="series-pause"),
    path("series/<int:pk>/end/", series.series_end, name="series-end"),
    path("series/preview/", series.series_preview, name="series-preview"),
    path("date-check/", views.date_check, name="date-check"),
    path("series/<int:pk>/reminders/", series.series_reminders, name="series-reminders"),
    path("series/<int:pk>/series.ics", series.series_ics, name="series-ics"),
    path("bases/", views.base_list, name="base-list"),
    path("bases/<int:pk>/", views.base_detail, name="base-detail"),
    path("<int:pk>/", views.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/record/", views.activity_record, name="activity-record"),
    path("<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("<int:pk>/complete/", views.activity_complete, name="activity-complete"),
    path("<int:pk>/invite/", views.activity_invite, name="activity-invite"),
    path("<int:pk>/parts/<slug:court>/", views.part_edit, name="part-edit"),
    path("<int:pk>/roll-call/", roll_call.activity_roll_call, name="roll-call"),
    path("<int:pk>/qr/", roll_call.activity_qr, name="activity-qr"),
    path("<int:pk>/qr.svg", roll_call.activity_qr_image, name="activity-qr-image"),
    path("<int:pk>/sign-in/<str:token>/", roll_call.sign_in, name="sign-in"),
    path(
        "<int:pk>/attendance/<int:attendance_pk>/sign/",
        roll_call.attendance_sign,
        name="attendance-sign",
    ),
    path("<int:pk>/leave/", roll_call.leave_request, name="leave-request"),
    path(
        "<int:pk>/attendance/<int:attendance_pk>/leave/",
        roll_call.leave_decide,
        name="leave-decide",
    ),
    path("<int:pk>/minutes/", minutes.minutes_page, name="minutes"),
    path("action-items/", minutes.action_item_list, name="action-item-list"),
    path("action-items/<int:pk>/done/", minutes.action_item_close, name="action-item-close"),
    path("<int:pk>/dossier.zip", views.activity_dossier, name="activity-dossier"),
    path("<int:pk>/notice.docx", views.activity_notice_docx, name="activity-notice-docx"),
    path("<int:pk>/minutes.docx", views.activity_minutes_docx, name="activity-minutes-docx"),
    path("<int:pk>/event.ics", views.activity_ics, name="activity-ics"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path(
        "attachments/<int:pk>/thumbnail/", views.attachment_thumbnail, name="attachment-thumbnail"
    ),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
]
