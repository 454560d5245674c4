"""Evidence uploads: checked by content and size; images re-encoded without EXIF (GPS position, camera)."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from culture_portal.uploads import require_size, sniff

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def clean_evidence(uploaded) -> tuple[ContentFile, str]:
    """(file to store, content type), or ValidationError with a message for the user."""
    require_size(uploaded, MAX_BYTES)
    mime = sniff(uploaded)
    data = uploaded.read()
    if mime not in ALLOWED:
        raise ValidationError(
            _("Only photos (JPEG, PNG, WebP) or PDF files are accepted, whatever the file name says.")
        )
    if mime != "application/pdf":
        data = _without_metadata(data, mime)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ALLOWED[mime]}"), mime


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
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(_("The image could not be read.")) from None
