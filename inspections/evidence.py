"""Evidence uploads: photos or PDF, checked by content and size; photos re-encoded without EXIF (GPS position)."""

from django.core.files.base import ContentFile

from culture_portal.uploads import clean_photo_or_pdf

MAX_BYTES = 10 * 1024 * 1024


def clean_evidence(uploaded) -> tuple[ContentFile, str]:
    """(file to store, content type), or ValidationError with a message for the user."""
    return clean_photo_or_pdf(uploaded, MAX_BYTES)
