"""Leadership pages: each part keeps its own list of routes."""

from culture_portal.leadership import dashboard_urls, report_urls

app_name = "leadership"
urlpatterns = [*dashboard_urls.urlpatterns, *report_urls.urlpatterns]
