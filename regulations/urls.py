from django.urls import path

from regulations import views

app_name = "regulations"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("new/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/import/", views.document_import, name="import"),
    path("<int:pk>/relate/", views.document_relate, name="relate"),
    path("<int:pk>/compare/", views.document_compare, name="compare"),
    path("<int:pk>/provisions/<slug:anchor>/", views.provision_permalink, name="provision"),
    path("<int:pk>/provisions/<slug:anchor>/record/", views.provision_record, name="provision_record"),
    path("<int:pk>/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/versions/<int:number>/", views.document_detail, name="version"),
    path("<int:pk>/versions/<int:number>/print/", views.document_print, name="print"),
    path("<int:pk>/versions/<int:number>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/versions/<int:number>/confirm/", views.document_confirm, name="confirm"),
    path("norms/", views.norm_list, name="norms"),
    path("norms/<str:code>/", views.norm_detail, name="norm"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("trainings/", views.training_list, name="trainings"),
    path("rereadings/", views.rereading_list, name="rereadings"),
    path("rereadings/<uuid:public_id>/", views.rereading_detail, name="rereading"),
    path("rereadings/<uuid:public_id>/confirm/", views.rereading_confirm, name="rereading_confirm"),
]
