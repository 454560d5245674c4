"""Renderers that turn a document version into a file: the printable PDF."""

from django.template.loader import render_to_string
from django.utils.text import slugify

from culture_portal.text import fold
from regulations.models import DocumentVersion


def version_pdf(version: DocumentVersion) -> tuple[str, bytes]:
    """(filename, PDF bytes) of a version, with an embedded font that covers Vietnamese (DejaVu Serif)."""
    from weasyprint import HTML  # imported here: it takes a second to load and most requests never need it

    html = render_to_string(
        "regulations/document_print.html",
        {
            "document": version.document,
            "version": version,
            "provisions": version.provisions.order_by("position"),
            "for_pdf": True,
        },
    )
    filename = f"{slugify(fold(version.document.reference)) or 'van-ban'}-v{version.number}.pdf"
    return filename, HTML(string=html).write_pdf()
