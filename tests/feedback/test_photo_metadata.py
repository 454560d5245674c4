"""Stored photos carry no metadata of any kind: whatever a phone or an editor wrote into a file (a name and a
phone number in a JPEG comment, EXIF, XMP, IPTC, the text of an ICC profile, PNG text chunks) would reach every
officer who opens the case."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from culture_portal.uploads import clean_photo_or_pdf
from feedback.models import Attachment

from .conftest import form_data

pytestmark = pytest.mark.django_db

NAME = "Nguyen Van An 0912345678"  # 24 characters: the length of the text it replaces in the ICC profile
PLANTED = {
    "comment": f"COM {NAME}",
    "exif": f"EXIF {NAME}",
    "artist": f"ARTIST {NAME}",
    "xmp": f"XMP {NAME}",
    "iptc": f"IPTC {NAME}",
    "png-text": f"TEXT {NAME}",
    "png-ztxt": f"ZTXT {NAME}",
    "png-itxt": f"ITXT {NAME} Nguyễn Văn An",
}
# What Pillow reports about any clean file: the JFIF header of a JPEG, the canvas of a WebP. Nothing personal.
STRUCTURAL_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "loop", "background"}


def icc_profile_with_text() -> bytes:
    """A valid sRGB profile whose copyright text (UTF-16, as ICC v4 stores it) is a name and a phone number."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = "No copyright, use freely".encode("utf-16-be")
    assert original in profile
    return profile.replace(original, NAME.encode("utf-16-be"))


def exif_with_text(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = PLANTED["exif"]
    exif[ExifTags.Base.Artist] = PLANTED["artist"]
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (18.0, 20.0, 30.0)
    return exif


def xmp_with_text() -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{PLANTED["xmp"]}</dc:creator>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def iptc_segment() -> bytes:
    """An APP13 "Photoshop 3.0" segment holding an IPTC By-line (2:80), as photo editors write it."""
    name = PLANTED["iptc"].encode()
    iptc = b"\x1c\x02\x50" + len(name).to_bytes(2, "big") + name
    iptc += b"\x00" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg_with_everything() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 30, 30)).save(
        buffer,
        format="JPEG",
        exif=exif_with_text(orientation=6),  # the phone was held upright: stored turned, 32 wide and 64 high
        xmp=xmp_with_text(),
        icc_profile=icc_profile_with_text(),
        comment=PLANTED["comment"].encode(),
        extra=iptc_segment(),
    )
    return buffer.getvalue()


def png_with_everything() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", PLANTED["png-text"])
    info.add_text("Comment", PLANTED["png-ztxt"], zip=True)
    info.add_itxt("Description", PLANTED["png-itxt"], lang="vi", tkey="Mô tả")
    info.add_itxt("XML:com.adobe.xmp", xmp_with_text().decode())
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (30, 200, 30, 128)).save(
        buffer, format="PNG", pnginfo=info, exif=exif_with_text(), icc_profile=icc_profile_with_text()
    )
    return buffer.getvalue()


def webp_with_everything() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(
        buffer, format="WEBP", exif=exif_with_text(), xmp=xmp_with_text(), icc_profile=icc_profile_with_text()
    )
    return buffer.getvalue()


def planted_in(data: bytes) -> list[str]:
    texts = [*PLANTED.values(), NAME, "Nguyễn Văn An"]
    encoded = [text.encode(encoding) for text in texts for encoding in ("utf-8", "utf-16-be", "utf-16-le")]
    return [repr(found) for found in encoded if found in data]


def assert_clean(data: bytes) -> None:
    assert not planted_in(data)
    with Image.open(io.BytesIO(data)) as image:
        assert set(image.info) <= STRUCTURAL_INFO, image.info
        assert not image.getexif()
        image.load()


@pytest.mark.parametrize("make", [jpeg_with_everything, png_with_everything, webp_with_everything])
def test_the_planted_metadata_is_really_in_the_files_we_upload(make):
    data = make()
    assert planted_in(data)  # else the test below would prove nothing
    with Image.open(io.BytesIO(data)) as image:
        assert set(image.info) - STRUCTURAL_INFO


def test_photos_sent_through_the_public_form_are_stored_without_any_metadata(client, tree, norm, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = [
        SimpleUploadedFile("phone.jpg", jpeg_with_everything(), content_type="image/jpeg"),
        SimpleUploadedFile("screenshot.png", png_with_everything(), content_type="image/png"),
        SimpleUploadedFile("chat.webp", webp_with_everything(), content_type="image/webp"),
    ]
    response = client.post("/feedback/new/", form_data(tree["desk_a"], norm, attachments=files))
    assert response.status_code == 302
    stored = {attachment.content_type: attachment for attachment in Attachment.objects.all()}
    assert set(stored) == {"image/jpeg", "image/png", "image/webp"}
    for attachment in stored.values():
        with attachment.file.open("rb") as handle:
            data = handle.read()
        assert attachment.size == len(data)
        assert_clean(data)
    with Image.open(stored["image/jpeg"].file.path) as photo:
        assert photo.size == (32, 64)  # the orientation EXIF asked for is applied before EXIF is dropped
    with Image.open(stored["image/png"].file.path) as screenshot:
        assert screenshot.mode == "RGBA" and screenshot.getpixel((0, 0))[3] == 128  # transparency kept


@pytest.mark.parametrize("mode", ["P", "LA", "CMYK", "L", "I;16"])
def test_every_kind_of_photo_is_cleaned_and_still_readable(mode):
    image = Image.new(mode, (20, 10))
    fmt, mime = ("JPEG", "image/jpeg") if mode == "CMYK" else ("PNG", "image/png")
    buffer = io.BytesIO()
    extra = {"comment": PLANTED["comment"].encode()} if fmt == "JPEG" else {"pnginfo": PngImagePlugin.PngInfo()}
    if fmt == "PNG":
        extra["pnginfo"].add_text("Author", PLANTED["png-text"])
    image.save(buffer, format=fmt, icc_profile=icc_profile_with_text() if mode != "CMYK" else None, **extra)
    content, content_type = clean_photo_or_pdf(SimpleUploadedFile(f"x.{fmt.lower()}", buffer.getvalue()), 10**7)
    assert content_type == mime
    data = content.read()
    assert_clean(data)
    with Image.open(io.BytesIO(data)) as cleaned:
        assert cleaned.size == (20, 10)


@pytest.mark.parametrize("mode", ["P", "RGB"])
def test_a_transparent_colour_of_a_png_stays_transparent(mode):
    image = Image.new(mode, (4, 4), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=(0, 0, 0) if mode == "RGB" else 0)
    content, _content_type = clean_photo_or_pdf(SimpleUploadedFile("x.png", buffer.getvalue()), 10**7)
    with Image.open(content) as cleaned:
        assert cleaned.convert("RGBA").getpixel((0, 0))[3] == 0
