from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_now, name="report-now"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/report.<str:fmt>", views.report, name="report-file"),
]
