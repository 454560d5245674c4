"""The conclusion notice: read as HTML, downloaded as PDF or DOCX, produced again after a failure."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from culture_portal.access import permission_required
from inspections import access
from inspections import notices as notice_pipeline
from inspections.documents import notice_content
from inspections.models import Notice


@require_GET
@permission_required("inspections.view_inspection")
def notice_view(request, public_id):
    """The conclusion notice as HTML, with its downloads, for everyone who may see the inspection."""
    inspection = access.inspection_for_user(request.user, public_id)
    notice = get_object_or_404(Notice.objects.select_related("signatory"), inspection=inspection)
    content = notice_content(notice) if notice.status == Notice.Status.DONE else None
    return render(request, "inspections/notice.html", {"inspection": inspection, "notice": notice, "content": content})


@require_GET
@permission_required("inspections.view_inspection")
def notice_download(request, public_id, fmt):
    inspection = access.inspection_for_user(request.user, public_id)
    notice = get_object_or_404(Notice, inspection=inspection, status=Notice.Status.DONE)
    field = {"pdf": notice.pdf, "docx": notice.docx}.get(fmt)
    if field is None or not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:  # the file is gone from MEDIA_ROOT (a restore without the files): not a 500
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"{notice.reference.replace('/', '-')}.{fmt}")


@require_POST
@permission_required("inspections.change_inspection")
def notice_retry(request, public_id):
    """Leadership asks again for a notice whose production failed."""
    inspection = access.inspection_for_user(request.user, public_id)
    if not access.can_retry_notice(request.user, inspection):
        raise PermissionDenied
    notice = get_object_or_404(Notice, inspection=inspection)
    notice_pipeline.notice_retry(notice=notice)
    messages.success(request, _("The notice is being produced again."))
    return redirect("inspections:notice", public_id=public_id)
