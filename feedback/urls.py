"""Addresses of the feedback app. The public ones are printed on posters and QR codes: never change them."""

from django.urls import path

from feedback import case_steps, desk_views, public_views, views

app_name = "feedback"
urlpatterns = [
    # Public, stable.
    path("new/", public_views.feedback_new, name="new"),
    path("receipt/", public_views.receipt, name="receipt"),
    path("track/", public_views.track, name="track"),
    path("track/<str:code>/", public_views.track_case, name="track_case"),
    path("answered/", public_views.answered_list, name="answered"),
    path("desk/<str:code>/", desk_views.desk_rate, name="desk_rate"),
    # Staff.
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_key_in, name="key_in"),
    path("cases/<uuid:public_id>/", views.case_detail, name="case"),
    path("cases/<uuid:public_id>/identity/", views.case_identity, name="case_identity"),
    path("cases/<uuid:public_id>/contact/", views.case_correct_contact, name="case_correct_contact"),
    *(
        path(f"cases/<uuid:public_id>/{step}/", views.case_step, {"step": step}, name=f"case_{step}")
        for step in case_steps.STEPS
    ),
    path("cases/<uuid:public_id>/attachments/<uuid:attachment_id>/", views.attachment_download, name="attachment"),
    path("boxes/", views.box_list, name="boxes"),
    path("boxes/new/", views.box_create, name="box_create"),
    path("boxes/<uuid:public_id>/", views.box_detail, name="box"),
    path("satisfaction/", desk_views.satisfaction, name="satisfaction"),
    path("posters/", desk_views.poster_list, name="posters"),
    path("posters/<str:code>.pdf", desk_views.poster_pdf, name="poster"),
]
