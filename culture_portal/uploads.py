"""Uploaded files are judged by their content and size, never by their name; every app checks them here."""

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_size(uploaded, max_bytes: int) -> None:
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_bytes)}
        )


def sniff(uploaded) -> str:
    """The MIME type the content shows ("" when unknown); a DOCX is a zip holding word/ parts."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime == "application/zip" and b"word/" in uploaded.read():
        mime = DOCX_MIME
    uploaded.seek(0)
    return mime
