from django.urls import path  # noqa: F401 - the report routes come with the periodic report (issue 14 §4)

urlpatterns = []
