"""Uploaded files are judged by their content and size, never by their name; every app checks them here."""

import io
import uuid

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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

    Photos are re-encoded without any metadata: a phone photo's EXIF holds the GPS position, which is
    sensitive personal data (Decree 13/2023/NĐ-CP), and a comment or a text chunk may hold a name.
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


STORED_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
# The pixel layouts each format stores as they are; any other (a palette, CMYK, 1-bit) is converted.
KEPT_MODES = {
    "image/jpeg": ("RGB", "L"),
    "image/png": ("RGB", "RGBA", "L", "LA", "I;16"),
    "image/webp": ("RGB", "RGBA"),
}


def _without_metadata(data: bytes, mime: str) -> bytes:
    """The pixels only, in a new file: no EXIF, XMP, IPTC, ICC profile, comment or text chunk of the original.

    A phone's EXIF holds the GPS position; a comment, a PNG text chunk or the text of a profile may hold a name
    and a phone number. Nothing of the opened image is passed on but its pixels, in a fresh image: Pillow's
    encoders write some of the decoded image's `info` back by themselves (a JPEG's comment, a PNG's ICC
    profile). The orientation EXIF asked for and the colours of an embedded profile (a phone's Display P3,
    a CMYK scan) are applied first, so the stored photo looks as the original did.
    """
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            image = _in_srgb(image)
            if image.mode not in KEPT_MODES[mime] or "transparency" in image.info:
                image = image.convert(_mode_for(image, mime))
            pixels = Image.new(image.mode, image.size)
            pixels.paste(image)
            output = io.BytesIO()
            pixels.save(output, format=STORED_FORMAT[mime], quality=90)
            return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image could not be read.")) from None


def _mode_for(image: Image.Image, mime: str) -> str:
    if mime == "image/jpeg":
        return "L" if image.mode in ("1", "LA", "I", "I;16", "F") else "RGB"
    return "RGBA" if image.has_transparency_data else "RGB"


def _in_srgb(image: Image.Image) -> Image.Image:
    """The image's colours converted from its embedded profile to sRGB; as it was when there is none or the
    profile cannot be used (it is dropped either way)."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
