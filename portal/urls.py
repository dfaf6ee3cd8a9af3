from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from activities import public as activities_public

from . import views

# the site object's own login view, wrapped (rate-limited, MFA): Django has no setting for it
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Jin-Ping-Jia Portal administration")
admin.site.site_title = _("Jin-Ping-Jia Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("-/ping", views.ping, name="ping"),
    path("-/layout", views.layout, name="layout-alone"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("activities/", include("activities.urls")),
    path("casegroups/", include("casegroups.urls")),
    path("casegroups/", include("symposia.urls")),  # split out of casegroups; same addresses
    path("training/", include("training.urls")),
    path("publicity/", include("publicity.urls")),
    path("reports/", include("reports.urls")),
    path("library/", include("library.urls")),
    path("public/services/", activities_public.public_services, name="public-services"),
    path("public/resources/", include("library.public_urls")),
    path("public/", include("publicity.public_urls")),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("calendar/token/reset/", views.calendar_token_reset, name="calendar-token-reset"),
    path("search/", views.search_page, name="search"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox-read-all"),
    path("inbox/<int:pk>/", views.notification_open, name="notification-open"),
    path("", include("courts.urls")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
