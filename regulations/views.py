"""Pages of the regulations app. Each view states its permission; objects are looked up through selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from culture_portal.access import own_official, permission_required
from culture_portal.keyset import KeysetPaginator, keyset_page
from culture_portal.text import grouped
from regulations import documents as renderers
from regulations import norm_records, selectors, services
from regulations.diff import compare_versions
from regulations.exports import campaign_xlsx
from regulations.forms import CampaignForm, DocumentFilterForm, DocumentForm, ImportTextForm, RelationForm
from regulations.models import (
    Acknowledgement,
    DocumentStatus,
    Issuer,
    LegalDocument,
    Norm,
    NormCitation,
    NormGroup,
    Training,
)
from regulations.parsing import parse_legal_text
from regulations.search import search


@require_GET
@permission_required("regulations.view_legaldocument")
def document_list(request):
    """Every role: filters, and a search box that also looks inside provisions."""
    form = DocumentFilterForm(request.GET or None)
    documents = LegalDocument.objects.with_status(timezone.localdate()).select_related("issuer")
    results = None
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "kind": data["kind"],
            "issuer": data["issuer"],
            "issue_date__year": data["year"],
            "status": data["status"],
        }
        filters = {field: value for field, value in filters.items() if value}
        documents = documents.filter(**filters)
        if data["q"]:
            results = search(data["q"], document_ids=documents.values("pk") if filters else None)
    to_confirm = request.GET.get("to_confirm") == "1"
    if to_confirm:  # the home page's "documents to confirm" item links here
        documents = documents.filter(pk__in=selectors.documents_to_confirm(request.user).values("pk"))
    page = Paginator(documents.order_by("-issue_date", "reference"), 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "results": results, "to_confirm": to_confirm}
    return render(request, "regulations/document_list.html", context)


@require_GET
@permission_required("regulations.view_legaldocument")
def document_detail(request, pk, number=None):
    """Every role: a version's body with its table of contents; opening it counts as "read" for campaigns."""
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, number)
    official = own_official(request.user) if version else None
    services.document_opened(official=official, version=version)
    context = {
        "document": document,
        "version": version,
        "provisions": list(version.provisions.order_by("position")) if version else [],
        "versions": list(document.versions.order_by("-number")),
        "relations_out": list(document.relations_out.select_related("target")),
        "relations_in": list(document.relations_in.select_related("source")),
        "assigned": official is not None and official.campaign_assignments.filter(campaign__version=version).exists(),
        "confirmation": Acknowledgement.objects.filter(official=official, version=version).first()
        if official
        else None,
        "relation_form": RelationForm() if request.user.has_perm("regulations.change_legaldocument") else None,
        "status": LegalDocument.objects.with_status(timezone.localdate()).values_list("status", flat=True).get(pk=pk),
        "status_labels": dict(DocumentStatus.choices),
    }
    return render(request, "regulations/document_detail.html", context)


@require_GET
@permission_required("regulations.view_legaldocument")
def provision_permalink(request, pk, anchor):
    """Every role: a stable address for a provision; leads to it in the current version."""
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, None)
    if version is None or not version.provisions.filter(anchor=anchor).exists():
        messages.warning(request, _("This provision no longer exists in the current version."))
        return redirect("regulations:document", pk=pk)
    return HttpResponseRedirect(f"{reverse('regulations:document', args=[pk])}#{anchor}")


@require_GET
@permission_required("regulations.view_legaldocument")
def document_print(request, pk, number):
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, number)
    context = {"document": document, "version": version, "provisions": version.provisions.order_by("position")}
    return render(request, "regulations/document_print.html", context)


@require_GET
@permission_required("regulations.view_legaldocument")
def document_pdf(request, pk, number):
    document = selectors.document_for_user(request.user, pk)
    filename, content = renderers.version_pdf(selectors.version_of(document, number))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@permission_required("regulations.view_legaldocument")
def document_compare(request, pk):
    """Every role: what changed between two versions (default: the previous and the current)."""
    document = selectors.document_for_user(request.user, pk)
    versions = list(document.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("This document has only one version."))
        return redirect("regulations:document", pk=pk)
    numbers = [v.number for v in versions]
    try:
        old_number = int(request.GET.get("from", numbers[-2]))
        new_number = int(request.GET.get("to", numbers[-1]))
    except ValueError:
        old_number, new_number = numbers[-2], numbers[-1]
    old = selectors.version_of(document, old_number)
    new = selectors.version_of(document, new_number)
    context = {
        "document": document,
        "old": old,
        "new": new,
        "versions": versions,
        "changes": compare_versions(old, new),
    }
    return render(request, "regulations/document_compare.html", context)


@require_POST
@permission_required("regulations.view_legaldocument")
def document_confirm(request, pk, number):
    """An official assigned to this version confirms having read it (only after opening it)."""
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, number)
    official = own_official(request.user)
    if official is None or request.POST.get("commit") != "yes":
        messages.error(request, _("Tick the box to confirm that you have read the document and commit to follow it."))
        return redirect("regulations:version", pk=pk, number=number)
    try:
        services.acknowledgement_confirm(official=official, version=version, ip_address=request.META.get("REMOTE_ADDR"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your confirmation is recorded."))
    return redirect("regulations:version", pk=pk, number=number)


@require_http_methods(["GET", "POST"])
@permission_required("regulations.add_legaldocument")
def document_create(request):
    """Editors (administrators): the record of a document; its text comes next on the import page."""
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            name = form.cleaned_data["issuer_name"]
            issuer = Issuer.objects.filter(name__iexact=name).first() or Issuer.objects.create(name=name)
            form.instance.issuer = issuer
            document = services.document_save(document=form.instance)
        messages.success(request, _("Document saved. Now paste or upload its text."))
        return redirect("regulations:import", pk=document.pk)
    return render(request, "regulations/document_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("regulations.change_legaldocument")
def document_import(request, pk):
    """Editors: paste or upload the text, preview the parsed tree, and save it as a new version on confirmation."""
    document = selectors.document_for_user(request.user, pk)
    form = ImportTextForm(request.POST or None, request.FILES or None)
    parsed = None
    if request.method == "POST" and form.is_valid():
        parsed = parse_legal_text(form.cleaned_data["text"])
        if parsed.ok and request.POST.get("action") == "confirm":
            version = services.version_publish(
                document=document, parsed=parsed, note=form.cleaned_data["note"], user=request.user
            )
            messages.success(
                request, _("Version %(number)d is saved and is now the current version.") % {"number": version.number}
            )
            return redirect("regulations:document", pk=pk)
        # Re-display with the extracted text so a DOCX upload can be corrected and confirmed.
        form = ImportTextForm(initial={"text": form.cleaned_data["text"], "note": form.cleaned_data["note"]})
    return render(request, "regulations/document_import.html", {"document": document, "form": form, "parsed": parsed})


@require_POST
@permission_required("regulations.change_legaldocument")
def document_relate(request, pk):
    document = selectors.document_for_user(request.user, pk)
    form = RelationForm(request.POST)
    if form.is_valid():
        try:
            services.document_relate(
                source=document, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"]
            )
            messages.success(request, _("Relation saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a kind of relation and a document."))
    return redirect("regulations:document", pk=pk)


@require_GET
@permission_required("regulations.view_norm")
def norm_list(request):
    """Every role: the catalogue of norms by group, each with the provisions that state it."""
    citations = NormCitation.objects.select_related("document")
    groups = NormGroup.objects.prefetch_related(
        Prefetch(
            "norms",
            queryset=Norm.objects.order_by("-is_active", "code").prefetch_related(
                Prefetch("citations", queryset=citations)
            ),
        )
    )
    return render(request, "regulations/norm_list.html", {"groups": groups})


@require_GET
@permission_required("regulations.view_norm")
def norm_detail(request, code):
    """Every role: a norm, the provisions that state it, and what happened under it as far as the user may see."""
    norm = get_object_or_404(Norm.objects.select_related("group"), code=code)
    citations = norm.citations.select_related("document").order_by("document__reference", "anchor")
    return _record_page(request, "regulations/norm_detail.html", {"norm": norm, "citations": citations}, [norm.pk])


@require_GET
@permission_required("regulations.view_legaldocument")
def provision_record(request, pk, anchor):
    """Every role: a provision of the current version and what happened under the norms it states."""
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, None)
    provision = version.provisions.filter(anchor=anchor).first() if version else None
    citations = NormCitation.objects.filter(document=document, anchor=anchor).select_related("norm")
    norms = [citation.norm for citation in citations]
    if provision is None and not norms:
        raise Http404
    context = {"document": document, "provision": provision, "anchor": anchor, "norms": norms}
    return _record_page(request, "regulations/provision_record.html", context, [norm.pk for norm in norms])


def _record_page(request, template, context, norm_ids):
    """The counts of what happened under the norms, by year (every year) and by unit (within ?year= when given)."""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    summary = norm_records.record_summary(request.user, norm_ids, year=year) if norm_ids else []
    context |= {"summary": summary, "year": year, "years": norm_records.years_of(summary),
                "sees_the_list": norm_records.sees_the_list(request.user)}  # fmt: skip
    return render(request, template, context)


@require_GET
@permission_required("regulations.view_campaign")
def campaign_list(request):
    """Unit heads (their units), leadership and administrators."""
    today = timezone.localdate()
    campaigns = selectors.campaigns_for_user(request.user).order_by("-due_date", "-pk")
    behind = request.GET.get("behind") == "1"
    if behind:  # the home page's "behind schedule" item links here
        campaigns = campaigns.filter(pk__in=selectors.campaigns_behind_schedule(request.user, today).values("pk"))
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    return render(request, "regulations/campaign_list.html", {"page": page, "today": today, "behind": behind})


@require_GET
@permission_required("regulations.view_campaign")
def campaign_detail(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    completion = selectors.campaign_completion_by_unit(request.user, campaign)
    totals = {"assigned": sum(r["assigned"] for r in completion), "confirmed": sum(r["confirmed"] for r in completion)}
    totals["percent"] = round(100 * totals["confirmed"] / totals["assigned"]) if totals["assigned"] else 0
    context = {
        "campaign": campaign,
        "completion": completion,
        "totals": totals,
        "overdue": selectors.campaign_overdue(request.user, campaign)[:500],
        "today": timezone.localdate(),
    }
    return render(request, "regulations/campaign_detail.html", context)


@require_GET
@permission_required("regulations.view_campaign")
def campaign_export(request, pk):
    campaign = selectors.campaign_for_user(request.user, pk)
    filename, content = campaign_xlsx(
        campaign,
        selectors.campaign_completion_by_unit(request.user, campaign),
        selectors.campaign_overdue(request.user, campaign),
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@permission_required("regulations.add_campaign")
def campaign_create(request, pk):
    """Leadership and administrators: assign the current version of a document to units, roles or officials."""
    document = selectors.document_for_user(request.user, pk)
    version = selectors.version_of(document, None)
    if version is None:
        messages.error(request, _("Import the text of the document before asking officials to read it."))
        return redirect("regulations:document", pk=pk)
    form = CampaignForm(
        request.POST or None, initial={"title": _("Read and follow: %(title)s") % {"title": document.title}}
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.document, campaign.version, campaign.created_by = document, version, request.user
        services.campaign_launch(
            campaign=campaign,
            units=form.cleaned_data["units"],
            roles=form.cleaned_data["roles"],
            officials=form.cleaned_data["officials"],
        )
        messages.success(
            request,
            _("Campaign launched: %(count)s officials must confirm.")
            % {"count": grouped(campaign.assignments.count())},
        )
        return redirect("regulations:campaign", pk=campaign.pk)
    return render(request, "regulations/campaign_form.html", {"form": form, "document": document, "version": version})


@require_GET
@permission_required("regulations.view_training")
def training_list(request):
    """Every role: trainings and contests with their participants (named or counted)."""
    named = (
        Training.participants.through.objects.filter(training=OuterRef("pk"))
        .values("training")
        .annotate(count=Count("pk"))
        .values("count")
    )
    trainings = Training.objects.annotate(named=Coalesce(Subquery(named), 0))
    total = trainings.aggregate(total=Sum(Coalesce("head_count", "named")))["total"] or 0
    page = Paginator(trainings.order_by("-start_date"), 25).get_page(request.GET.get("page"))
    return render(request, "regulations/training_list.html", {"page": page, "total": total})


REREADING_KEYS = ("due_on", "id")


@require_GET
@login_required
def rereading_list(request):
    """Re-readings after repeated breaches: an official their own, a unit head their units', leadership all."""
    rereadings = selectors.rereadings_visible_to(request.user).select_related("official__unit", "norm", "document")
    if request.GET.get("open") == "1":
        rereadings = rereadings.filter(confirmed_at__isnull=True)
    pages = KeysetPaginator(rereadings.order_by("due_on", "id"), REREADING_KEYS, 50)
    page, status = keyset_page(request, pages)
    context = {"page": page, "today": timezone.localdate(), "only_open": request.GET.get("open") == "1"}
    return render(request, "regulations/rereading_list.html", context, status=status)


@require_GET
@login_required
def rereading_detail(request, public_id):
    """The official's own re-reading: the provision's text in the current version. Opening it is recorded."""
    rereading = selectors.rereading_for_official(request.user, public_id)
    services.rereading_opened(rereading=rereading)
    version = selectors.version_of(rereading.document, None)
    provision = version.provisions.filter(anchor=rereading.anchor).first() if version else None
    return render(request, "regulations/rereading_detail.html", {"rereading": rereading, "provision": provision})


@require_POST
@login_required
def rereading_confirm(request, public_id):
    rereading = selectors.rereading_for_official(request.user, public_id)
    try:
        services.rereading_confirm(rereading=rereading, ip_address=request.META.get("REMOTE_ADDR"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed: you have read the provision again."))
    return redirect("regulations:rereading", public_id=rereading.public_id)
