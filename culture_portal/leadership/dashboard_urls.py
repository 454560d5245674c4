from django.urls import path

from culture_portal.leadership import dashboard_views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/items/", dashboard_views.dashboard_items, name="dashboard_items"),
]
