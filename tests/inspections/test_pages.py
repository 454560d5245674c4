"""Inspection pages per role, surprise secrecy on every page, the field checklist with evidence, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from culture_portal.models import Unit
from inspections import services
from inspections.models import AttendanceRecord, ChecklistItem, Evidence, Finding, Inspection
from regulations.demo import _norms
from regulations.models import Norm
from tests.factories import FindingFactory, InspectionFactory, OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
AUTH_QUERIES = 4


def make_inspection(user, units, *, kind=Inspection.Kind.SURPRISE, title="Kiểm tra đột xuất"):
    """An inspection led by `user`, its window opening in an hour, in scope: working hours and dress."""
    return InspectionFactory(leader=user, units=units, kind=kind, title=title)


@pytest.fixture
def surprise(tree, code_of_conduct, inspector_user):
    _norms(code_of_conduct)
    return make_inspection(inspector_user, [tree["office_a"]])


def test_pages_per_role(client, any_role_user, surprise):
    allowed = {
        "inspections:list": {"inspector", "leader", "unithead"},
        "inspections:create": {"inspector", "leader"},
        "inspections:my_findings": {"staff", "inspector", "officer", "unithead", "leader", "admin"},
    }
    client.force_login(any_role_user)
    for name, roles in allowed.items():
        status = client.get(reverse(name)).status_code
        assert status == (200 if any_role_user.username in roles else 403), (name, any_role_user.username)
    detail = client.get(reverse("inspections:detail", args=[surprise.public_id])).status_code
    assert detail == (
        200
        if any_role_user.username in {"inspector", "leader"}
        else (404 if any_role_user.username == "unithead" else 403)
    )


def test_surprise_secrecy_on_every_page(client, surprise, unit_head_user, leader_user):
    client.force_login(unit_head_user)
    listing = client.get(reverse("inspections:list"))
    assert surprise.title not in listing.content.decode()
    assert listing.context["page"].paginator.count == 0
    for status, _label in Inspection.Status.choices:
        assert client.get(reverse("inspections:list"), {"status": status}).context["page"].paginator.count == 0
    assert client.get(reverse("inspections:detail", args=[surprise.public_id])).status_code == 404
    assert client.get(reverse("inspections:field", args=[surprise.public_id, "OFFICE-A"])).status_code == 403
    assert surprise.title not in client.get(reverse("home")).content.decode()
    client.force_login(leader_user)
    assert surprise.title in client.get(reverse("inspections:list")).content.decode()


def test_field_work_on_a_phone(client, tree, surprise, inspector_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    late = OfficialFactory(unit=tree["office_a"], full_name="Lê Văn Muộn")
    client.force_login(inspector_user)
    url = reverse("inspections:field", args=[surprise.public_id, "OFFICE-A"])
    page = client.get(url)
    assert "Lê Văn Muộn" in page.content.decode()
    item = ChecklistItem.objects.filter(inspection=surprise).first()
    item_url = reverse("inspections:field_item", args=[surprise.public_id, "OFFICE-A", item.pk])
    client.post(item_url, {f"item-{item.pk}-result": "complies", f"item-{item.pk}-note": "Tốt"})
    item.refresh_from_db()
    assert (item.result, item.note) == ("complies", "Tốt")
    roll_url = reverse("inspections:field_attendance", args=[surprise.public_id, "OFFICE-A", late.pk])
    client.post(roll_url, {f"att-{late.pk}-status": "late", f"att-{late.pk}-late_minutes": "20"})
    assert AttendanceRecord.objects.get(official=late).late_minutes == 20
    # A late arrival without minutes is refused with a message, nothing changes.
    response = client.post(roll_url, {f"att-{late.pk}-status": "late"}, follow=True)
    assert "Nhập số phút đi muộn." in response.content.decode()
    assert AttendanceRecord.objects.get(official=late).late_minutes == 20


def jpeg_with_gps():
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)  # GPSInfo: latitude 18°20' N, as a phone writes it
    gps[1], gps[2] = "N", (18.0, 20.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_finding_with_a_photo_loses_its_location(client, tree, surprise, inspector_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.inspection_start(inspection=surprise, user=inspector_user)
    client.force_login(inspector_user)
    norm = Norm.objects.get(code="TP-01")
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x010F) == "Camera maker"
    client.post(
        reverse("inspections:field_finding", args=[surprise.public_id, "OFFICE-A"]),
        {"norm": norm.pk, "observed": "Không đeo thẻ công chức", "severity": "minor",
         "evidence": SimpleUploadedFile("anh.jpg", original, content_type="image/jpeg")},
    )  # fmt: skip
    evidence = Evidence.objects.get()
    stored = Image.open(evidence.file.path)
    assert stored.size == (64, 48)
    assert not stored.getexif(), "location and camera metadata are gone"


def test_a_file_posing_as_a_photo_keeps_the_finding_but_not_the_file(
    client, tree, surprise, inspector_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.inspection_start(inspection=surprise, user=inspector_user)
    client.force_login(inspector_user)
    norm = Norm.objects.get(code="TP-01")
    response = client.post(
        reverse("inspections:field_finding", args=[surprise.public_id, "OFFICE-A"]),
        {"norm": norm.pk, "observed": "Ghi nhận tại quầy", "severity": "minor",
         "evidence": SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")},
        follow=True,
    )  # fmt: skip
    assert "Đã lưu kết quả kiểm tra nhưng chưa lưu được tệp: Chỉ nhận ảnh" in response.content.decode()
    assert Finding.objects.get().observed == "Ghi nhận tại quầy"
    assert not Evidence.objects.exists()


def test_finding_without_a_norm_is_refused_next_to_the_field(client, surprise, inspector_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    client.force_login(inspector_user)
    response = client.post(
        reverse("inspections:field_finding", args=[surprise.public_id, "OFFICE-A"]),
        {"observed": "Không ghi chuẩn mực", "severity": "minor"},
    )
    assert "norm" in response.context["finding_form"].errors
    assert "Không ghi chuẩn mực" in response.content.decode(), "the typed text is kept"
    assert not Finding.objects.exists()


def test_big_inspection_pages_keep_a_bounded_number_of_queries(client, tree, code_of_conduct, leader_user, inspector_user,
                                                              django_assert_num_queries):  # fmt: skip
    _norms(code_of_conduct)
    units = [UnitFactory(parent=tree["city"], kind=Unit.Kind.WARD) for _ in range(40)]
    inspection = make_inspection(inspector_user, units, kind=Inspection.Kind.PERIODIC)
    services.inspection_start(inspection=inspection, user=inspector_user)
    norm = Norm.objects.first()
    for index in range(200):
        services.finding_record(inspection=inspection, unit=units[index % 40], norm=norm, observed=f"Ghi nhận {index}",
                                severity="minor", user=inspector_user)  # fmt: skip
    client.force_login(leader_user)
    # auth + groups + inspection with its leader + "on the team?" + conclusion + members + units
    # + findings (with unit, official, norm, measure) + their evidence + history + the complaints that grounded it:
    # not one per finding or unit
    with django_assert_num_queries(AUTH_QUERIES + 10 + 1 + 1):  # +1: the bell, +1: the portal's identity (then cached)
        response = client.get(reverse("inspections:detail", args=[inspection.public_id]))
    assert len(response.context["findings"]) == 200
    # auth + groups + count + page with finding counts
    with django_assert_num_queries(AUTH_QUERIES + 3 + 1):  # +1: the notification bell
        client.get(reverse("inspections:list"))


def test_a_units_history_shows_every_finding_a_page_at_a_time(client, tree, code_of_conduct, leader_user,
                                                               inspector_user):  # fmt: skip
    """It used to stop at the latest 200 without a word; a district's history holds tens of thousands."""
    import re

    _norms(code_of_conduct)
    inspection = make_inspection(inspector_user, [tree["office_a"], tree["desk_a"]], kind=Inspection.Kind.PERIODIC)
    services.inspection_start(inspection=inspection, user=inspector_user)
    norm = Norm.objects.first()
    for index in range(60):
        services.finding_record(inspection=inspection, unit=tree["desk_a" if index % 2 else "office_a"], norm=norm,
                                observed=f"Ghi nhận số {index:02d}", severity="minor", user=inspector_user)  # fmt: skip
    client.force_login(leader_user)
    seen, path = [], reverse("inspections:unit_history", args=["OFFICE-A"])
    while path:
        page = client.get(path).content.decode()
        seen += re.findall(r"Ghi nhận số (\d\d)", page)
        following = re.search(r'rel="next" href="([^"]+)"', page)
        path = (
            reverse("inspections:unit_history", args=["OFFICE-A"]) + following.group(1).replace("&amp;", "&")
            if following
            else None
        )
    assert seen == [f"{index:02d}" for index in reversed(range(60))], "every finding once, the latest first"
    last = client.get(reverse("inspections:unit_history", args=["OFFICE-A"]), {"last": "1"}).content.decode()
    assert re.findall(r"Ghi nhận số (\d\d)", last) == [f"{index:02d}" for index in reversed(range(50))], "the oldest 50"
    broken = client.get(reverse("inspections:unit_history", args=["OFFICE-A"]), {"after": "not-a-cursor"})
    assert broken.status_code == 400 and "Ghi nhận số 59" in broken.content.decode(), "the first page, with a 400"


def test_team_pages_per_role(client, any_role_user, tree, surprise, inspector_user):
    services.inspection_start(inspection=surprise, user=inspector_user)
    pages = {
        reverse("inspections:field", args=[surprise.public_id, "OFFICE-A"]): {"inspector": 200},
        reverse("inspections:conclusion", args=[surprise.public_id]): {"inspector": 200},
        reverse("inspections:plans"): {"inspector": 200, "leader": 200},
        reverse("inspections:unit_history", args=["OFFICE-A"]): {"inspector": 200, "leader": 200, "unithead": 200},
    }
    client.force_login(any_role_user)
    for url, allowed in pages.items():
        status = client.get(url).status_code
        expected = allowed.get(any_role_user.username)
        if expected:
            assert status == expected, (url, any_role_user.username)
        else:
            assert status in (403, 404), (url, any_role_user.username, status)


def test_a_deactivated_inspector_cannot_be_put_on_a_team(client, inspector_user):
    former = UserFactory(username="former_inspector", roles=["staff", "inspector"])
    former.is_active = False
    former.save(update_fields=["is_active"])
    client.force_login(inspector_user)
    form = client.get(reverse("inspections:create")).context["form"]
    for field in ("leader", "members"):
        choices = set(form.fields[field].queryset)
        assert inspector_user in choices and former not in choices


def test_the_list_counts_each_inspections_findings_and_its_total_reads_no_finding(client, leader_user):
    """Each row shows its own number of findings (none is 0, not blank); the page's count of the list does not read
    the findings at all (counted over a join, a province's 100,000 inspections had theirs counted before paging)."""
    with_findings = FindingFactory(observed="Đi muộn").inspection
    FindingFactory(inspection=with_findings, unit=with_findings.units.first(), observed="Không đeo thẻ")
    without = InspectionFactory(title="Kiểm tra không có phát hiện")
    client.force_login(leader_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("inspections:list")).context["page"]
    counts = {inspection.pk: inspection.finding_count for inspection in page.object_list}
    assert counts == {with_findings.pk: 2, without.pk: 0}
    total = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(") and "inspections_inspection" in q["sql"]]
    assert total and all("inspections_finding" not in sql for sql in total), total
