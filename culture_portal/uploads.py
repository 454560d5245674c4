"""Uploaded files are judged by their content and size, never by their name; every app checks them here."""

import io
import uuid

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


PHOTO_OR_PDF = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def clean_photo_or_pdf(uploaded, max_bytes: int) -> tuple[ContentFile, str]:
    """(file to store under a random name, content type) for a photo or PDF; ValidationError with a message.

    Photos are re-encoded without their metadata: a phone photo's EXIF holds the GPS position, which is
    sensitive personal data (Decree 13/2023/NĐ-CP).
    """
    require_size(uploaded, max_bytes)
    mime = sniff(uploaded)
    data = uploaded.read()
    if mime not in PHOTO_OR_PDF:
        raise ValidationError(
            _("Only photos (JPEG, PNG, WebP) or PDF files are accepted, whatever the file name says.")
        )
    if mime != "application/pdf":
        data = _without_metadata(data, mime)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{PHOTO_OR_PDF[mime]}"), mime


def _without_metadata(data: bytes, mime: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            # Keep the orientation EXIF asked for, then save without passing any metadata on:
            # Pillow writes EXIF, XMP or text chunks only when told to.
            image = ImageOps.exif_transpose(image)
            if mime == "image/jpeg" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            image.save(
                output, format={"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[mime], quality=90
            )
            return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image could not be read.")) from None
