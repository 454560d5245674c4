"""Routed under /benchmark/ only when settings.BENCHMARK_REFERENCE is on (the portal that benchmark_pages starts)."""

from django.urls import path

from culture_portal.scale.reference import reference

urlpatterns = [path("reference/", reference, name="benchmark_reference")]
