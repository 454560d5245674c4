from django.urls import path

from culture_portal.leadership import report_views

urlpatterns = [
    path("reports/", report_views.report_list, name="reports"),
    path("reports/new/", report_views.report_new, name="report_new"),
    path("reports/<uuid:public_id>/", report_views.report_detail, name="report"),
    path("reports/<uuid:public_id>/produce/", report_views.report_produce, name="report_produce"),
    path("reports/<uuid:public_id>/issue/", report_views.report_issue, name="report_issue"),
    path("reports/<uuid:public_id>/progress/", report_views.report_progress, name="report_progress"),
    path("reports/<uuid:public_id>/download/<str:fmt>/", report_views.report_download, name="report_download"),
]
