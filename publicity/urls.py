from django.urls import path

from . import views

app_name = "publicity"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("mine/", views.my_items, name="my-items"),
    path("review/", views.review_queue, name="review-queue"),
    path("new/", views.item_create, name="item-create"),
    path("preview/", views.body_preview, name="body-preview"),
    path("<int:pk>/", views.item_detail, name="item-detail"),
    path("<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("<int:pk>/submit/", views.item_submit, name="item-submit"),
    path("<int:pk>/return/", views.item_return, name="item-return"),
    path("<int:pk>/publish/", views.item_publish, name="item-publish"),
    path("<int:pk>/withdraw/", views.item_withdraw, name="item-withdraw"),
    path("<int:pk>/republish/", views.item_republish, name="item-republish"),
    path("<int:pk>/signoff/", views.item_signoff, name="item-signoff"),
    path("<int:pk>/images/", views.image_upload, name="image-upload"),
    path("<int:pk>/cover/", views.item_cover, name="item-cover"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/records/new/", views.record_create, name="record-create"),
    path("records/<int:pk>/delete/", views.record_delete, name="record-delete"),
    path("records/<int:pk>/clipping/", views.clipping_download, name="clipping-download"),
]
