"""Administrators record a reorganisation, read its preview and apply it; the applied ones stay readable."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal import access, reorganisation
from culture_portal.forms import ReorganisationForm
from culture_portal.models import Reorganisation, Unit

PER_PAGE = 50


def _reorganisation_for(user, pk: int) -> Reorganisation:
    return get_object_or_404(
        Reorganisation.objects.select_related("main_successor", "new_unit_parent", "created_by", "applied_by"), pk=pk
    )


@require_GET
@access.permission_required("culture_portal.view_reorganisation")
def reorganisation_list(request):
    """Administrators: every reorganisation, newest effective date first, with the units it concerns."""
    rows = Reorganisation.objects.select_related("main_successor").prefetch_related(
        "predecessors", "successors"
    )  # two prefetch queries for the page, whatever its length
    page = Paginator(rows.order_by("-effective_on", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "culture_portal/reorganisation_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@access.permission_required("culture_portal.add_reorganisation")
def reorganisation_create(request):
    """Administrators: record a draft; nothing changes in the tree until it is applied from its preview."""
    form = ReorganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = reorganisation.reorganisation_save(
                reorganisation=Reorganisation(
                    kind=data["kind"], effective_on=data["effective_on"], legal_basis=data["legal_basis"],
                    note=data["note"], new_unit_code=data["new_unit_code"], new_unit_name=data["new_unit_name"],
                    new_unit_kind=data["new_unit_kind"], new_unit_parent=data["new_unit_parent"],
                ),
                predecessors=data["predecessors"], successors=data["successors"],
                main_successor=data["main_successor"], user=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("organisation:reorganisation", pk=record.pk)
    return render(
        request, "culture_portal/reorganisation_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@access.permission_required("culture_portal.view_reorganisation")
def reorganisation_detail(request, pk):
    """A draft: the preview of exactly what applying changes, and what stops it. Applied: the record."""
    record = _reorganisation_for(request.user, pk)
    context = {
        "reorganisation": record,
        "predecessors": record.predecessors.order_by("path"),
        "successors": record.successors.order_by("path"),
        "preview": None if record.is_applied else reorganisation.reorganisation_preview(record),
        "sample": reorganisation.SAMPLE,
        "may_apply": request.user.has_perm("culture_portal.change_reorganisation"),
    }
    if record.is_applied:
        context["ceased"] = Unit.objects.filter(code__in=record.summary.get("ceased", [])[:500]).order_by("path")
    return render(request, "culture_portal/reorganisation_detail.html", context)


@require_POST
@access.permission_required("culture_portal.change_reorganisation")
def reorganisation_apply(request, pk):
    """Apply as previewed, in one transaction; a second click changes nothing more."""
    record = _reorganisation_for(request.user, pk)
    try:
        applied = reorganisation.reorganisation_apply(reorganisation=record, user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if applied:
            messages.success(request, _("The reorganisation was applied."))
        else:
            messages.info(request, _("This reorganisation had already been applied; nothing more was changed."))
    return redirect("organisation:reorganisation", pk=record.pk)
