from django.urls import path

from inspections.views import (
    conclusions,
    corrective_actions,
    discipline,
    fieldwork,
    findings,
    inspections,
    notices,
    plans,
)

app_name = "inspections"
urlpatterns = [
    path("", inspections.inspection_list, name="list"),
    path("new/", inspections.inspection_create, name="create"),
    path("new/from-case/<uuid:case_id>/", inspections.inspection_from_case, name="from_case"),
    path("mine/", findings.my_findings, name="my_findings"),
    path("actions/", corrective_actions.action_list, name="actions"),
    path("discipline/", discipline.discipline, name="discipline"),
    path("actions/<uuid:public_id>/", corrective_actions.action_detail, name="action"),
    path("actions/<uuid:public_id>/report/", corrective_actions.action_report_post, name="action_report"),
    path("actions/<uuid:public_id>/review/", corrective_actions.action_review_post, name="action_review"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<uuid:public_id>/", plans.plan_detail, name="plan"),
    path("plans/<uuid:public_id>/approve/", plans.plan_approve, name="plan_approve"),
    path("plans/<uuid:public_id>/export.xlsx", plans.plan_export, name="plan_export"),
    path("<uuid:public_id>/", inspections.inspection_detail, name="detail"),
    path("units/<str:code>/history/", findings.unit_history, name="unit_history"),
    path("officials/<str:employee_code>/history/", findings.official_history, name="official_history"),
    path("<uuid:public_id>/conclusion/", conclusions.conclusion_edit, name="conclusion"),
    path("<uuid:public_id>/notice/", notices.notice_view, name="notice"),
    path("<uuid:public_id>/notice/retry/", notices.notice_retry, name="notice_retry"),
    path("<uuid:public_id>/notice/<slug:fmt>/", notices.notice_download, name="notice_download"),
    path("<uuid:public_id>/findings/<uuid:finding_id>/amend/", findings.finding_amend, name="amend"),
    path("<uuid:public_id>/conclusion/<slug:decision>/", conclusions.conclusion_decide, name="decide"),
    path("<uuid:public_id>/<slug:step>/", inspections.inspection_step, name="step"),
    path("<uuid:public_id>/units/<str:code>/", fieldwork.field_checklist, name="field"),
    path("<uuid:public_id>/units/<str:code>/checklist/<int:item_id>/", fieldwork.field_item_post, name="field_item"),
    path(
        "<uuid:public_id>/units/<str:code>/attendance/<int:official_id>/",
        fieldwork.field_attendance_post,
        name="field_attendance",
    ),
    path("<uuid:public_id>/units/<str:code>/findings/", fieldwork.field_finding_post, name="field_finding"),
]
