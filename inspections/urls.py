from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_create, name="create"),
    path("mine/", views.my_findings, name="my_findings"),
    path("actions/", views.action_list, name="actions"),
    path("discipline/", views.discipline, name="discipline"),
    path("actions/<uuid:public_id>/", views.action_detail, name="action"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<uuid:public_id>/", views.plan_detail, name="plan"),
    path("plans/<uuid:public_id>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<uuid:public_id>/export.xlsx", views.plan_export, name="plan_export"),
    path("<uuid:public_id>/", views.inspection_detail, name="detail"),
    path("units/<str:code>/history/", views.unit_history, name="unit_history"),
    path("officials/<str:employee_code>/history/", views.official_history, name="official_history"),
    path("<uuid:public_id>/conclusion/", views.conclusion_edit, name="conclusion"),
    path("<uuid:public_id>/notice/", views.notice_view, name="notice"),
    path("<uuid:public_id>/notice/retry/", views.notice_retry, name="notice_retry"),
    path("<uuid:public_id>/notice/<slug:fmt>/", views.notice_download, name="notice_download"),
    path("<uuid:public_id>/findings/<uuid:finding_id>/amend/", views.finding_amend, name="amend"),
    path("<uuid:public_id>/conclusion/<slug:decision>/", views.conclusion_decide, name="decide"),
    path("<uuid:public_id>/<slug:step>/", views.inspection_step, name="step"),
    path("<uuid:public_id>/units/<str:code>/", views.field_checklist, name="field"),
]
