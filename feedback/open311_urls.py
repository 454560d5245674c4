"""Addresses of the Open311 GeoReport v2 face, under /open311/v2/. Printed and published: never change them."""

from django.urls import path, re_path

from feedback.open311 import views as open311

app_name = "open311"
urlpatterns = [
    path("discovery.json", open311.discovery, name="discovery"),
    path("services.json", open311.services, name="services"),
    path("requests.json", open311.request_list, name="requests"),
    path("requests/<str:code>.json", open311.request_detail, name="request"),
    re_path(r"^(?P<rest>.*)$", open311.not_found, name="not_found"),
]
