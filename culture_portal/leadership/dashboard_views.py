"""The leadership dashboard (being built: issue 14 §3)."""

from django.shortcuts import render

from culture_portal.access import permission_required


@permission_required("leadership.view_dashboard")
def dashboard(request):
    return render(request, "leadership/dashboard.html", {})


@permission_required("leadership.view_dashboard")
def dashboard_items(request):
    return render(request, "leadership/dashboard.html", {})
