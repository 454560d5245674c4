from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from culture_portal import notification_views, picker_views, reorganisation_views, two_factor, views

admin.site.site_header = _("Civil-service culture portal: administration")
admin.site.site_title = _("Civil-service culture portal")
admin.site.index_title = _("Administration")

organisation_patterns = (
    [
        path("units/", views.unit_list, name="units"),
        path("units/search.json", picker_views.units_search, name="units_search"),
        path("officials/search.json", picker_views.officials_search, name="officials_search"),
        path("units/<str:code>/", views.unit_detail, name="unit"),
        path("officials/", views.official_list, name="officials"),
        path("officials/<str:code>/", views.official_record, name="official"),
        path("import/", views.organisation_import, name="import"),
        path("reorganisations/", reorganisation_views.reorganisation_list, name="reorganisations"),
        path("reorganisations/new/", reorganisation_views.reorganisation_create, name="reorganisation_create"),
        path("reorganisations/<int:pk>/", reorganisation_views.reorganisation_detail, name="reorganisation"),
        path("reorganisations/<int:pk>/apply/", reorganisation_views.reorganisation_apply, name="reorganisation_apply"),
    ],
    "organisation",
)

notification_patterns = (
    [
        path("", notification_views.notification_list, name="list"),
        path("read-all/", notification_views.notifications_read_all, name="read_all"),
        path("<int:pk>/", notification_views.notification_open, name="open"),
        path("<int:pk>/read/", notification_views.notification_read, name="read"),
    ],
    "notifications",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/decide/", views.calendar_day_decide, name="calendar_decide"),
    path("setup/", views.setup_page, name="setup"),
    path("setup/calendar/confirm/", views.calendar_confirm, name="calendar_confirm"),
    path("setup/email-test/", views.email_test, name="email_test"),
    path("audit/", views.audit_log, name="audit_log"),
    path("", include("culture_portal.leadership.urls")),
    path("organisation/", include(organisation_patterns)),
    path("notifications/", include(notification_patterns)),
    path("regulations/", include("regulations.urls")),
    path("inspections/", include("inspections.urls")),
    path("feedback/", include("feedback.urls")),
    path("open311/v2/", include("feedback.open311_urls")),
    path("captcha/", include("captcha.urls")),
    path("accounts/2fa/", include(two_factor.urlpatterns)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
if settings.BENCHMARK_REFERENCE:  # only in the portal that benchmark_pages starts (see settings)
    urlpatterns += [path("benchmark/", include("culture_portal.scale.urls"))]
handler500 = "culture_portal.views.server_error"
