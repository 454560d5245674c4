"""Backup and restore: one archive with the database and the uploaded files, restored into an empty database."""

import datetime
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from culture_portal import backup
from culture_portal.audit import audit_record
from culture_portal.models import AuditEntry, DeadlineRule, Official
from culture_portal.roles import Role
from feedback.models import Attachment, Case, Complainant
from inspections.models import Inspection
from regulations.demo import _norms
from regulations.models import LegalDocument, Norm, NormGroup, Provision
from tests.conftest import PASSWORD
from tests.factories import InspectionFactory, UserFactory
from tests.feedback.conftest import jpeg_bytes, submitted
from tests.regulations.conftest import make_document

PHOTO = jpeg_bytes((64, 48))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(media, tree, officer_user, inspector_user, leader_user):
    """A small but realistic portal: units, accounts with roles, a code of conduct, a case with a photo, an
    inspection, an edited legal rule, and audit lines of an account deleted since."""
    document = make_document()
    _norms(document)
    case, _pin = submitted(
        tree["desk_a"], Norm.objects.first(), attachments=[(ContentFile(PHOTO, name="anh.jpg"), "image/jpeg")]
    )
    start = timezone.now() + datetime.timedelta(days=2)
    InspectionFactory(
        surprise=True, title="Kiểm tra đột xuất giờ giấc", window_start=start,
        window_end=start + datetime.timedelta(hours=2), leader=inspector_user, members=[officer_user],
        units=[tree["office_a"], tree["ward_b"]], norm_groups=NormGroup.objects.filter(code="dress"),
    )  # fmt: skip
    DeadlineRule.objects.filter(track="feedback", step="decide").update(days=12)
    gone = UserFactory(username="former")
    audit_record(action="test.seen", user=gone, object_type="case", object_ref=case.tracking_code)
    gone.delete()  # the log keeps the line and its user id, with no account behind it
    return {"case": case, "document": document}


def facts() -> dict:
    """What must come back: a few values of each kind of record."""
    User = get_user_model()
    case = Case.objects.get()
    attachment = Attachment.objects.get()
    officer = User.objects.get(username="officer")
    former_line = AuditEntry.objects.get(action="test.seen")
    return {
        "case": (case.tracking_code, case.pin_digest, case.description, case.unit.code, case.norm.code),
        "complainant": Complainant.objects.values_list("full_name", "phone", "email", "phone_key").get(),
        "attachment": (attachment.file.name, attachment.size, attachment.file.read()),
        "officer": (officer.check_password(PASSWORD), sorted(officer.groups.values_list("name", flat=True))),
        "official": Official.objects.values_list("full_name", "unit__code").get(user__username="inspector"),
        "inspection": (
            Inspection.objects.values_list("title", "leader__username").get(),
            sorted(Inspection.objects.get().units.values_list("code", flat=True)),
            list(Inspection.objects.get().members.values_list("username", flat=True)),
        ),
        "document": LegalDocument.objects.values_list("reference", "title", "issuer__name").get(),
        "provisions": LegalDocument.objects.get().versions.get().provisions.count(),
        "search": [provision.pk for provision in Provision.objects.order_by("pk") if provision.search_vector],
        "rule": DeadlineRule.objects.get(track="feedback", step="decide").days,
        "roles": {group.name: group.permissions.count() for group in Group.objects.all()},
        "former": (former_line.actor_id, former_line.actor_name, former_line.object_ref),
    }


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile(backup.MANIFEST).read())


def members_of(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}


def archive_write(path: Path, members: dict[str, bytes], *, manifest: dict | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, body in members.items():
            if name == backup.MANIFEST and manifest is not None:
                body = json.dumps(manifest).encode()
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def make_backup(tmp_path) -> Path:
    archive = tmp_path / "backups" / "portal.tar.gz"
    archive.parent.mkdir(exist_ok=True)
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Backup written" in out.getvalue()
    return archive


def everything() -> dict[str, int]:
    return backup.database_contents(include_seeded=True)


def audit_lines() -> list[tuple]:
    lines = AuditEntry.objects.exclude(action__startswith="backup.").order_by("pk")
    return list(lines.values_list("pk", "action", "actor_id", "object_ref", "detail"))


def media_files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the roles made by migrations
def test_backup_flush_and_restore_brings_every_record_and_file_back(portal, media, tmp_path):
    before, expected, lines_before = everything(), facts(), audit_lines()
    archive = make_backup(tmp_path)
    manifest = manifest_of(archive)
    assert manifest["counts"] == before  # taken before the line that records the backup itself
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    photo = f"media/{Attachment.objects.get().file.name}"
    assert photo in manifest["files"] and len(manifest["files"][photo]["sha256"]) == 64

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert everything() == {}

    # A damaged archive is refused before anything changes.
    members = members_of(archive)
    members[photo] = members[photo][:-10] + b"0123456789"
    damaged = archive_write(tmp_path / "damaged.tar.gz", members)
    with pytest.raises(CommandError, match="checksum differs"):
        call_command("restore", str(damaged))
    assert everything() == {} and not media.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()
    after = everything()
    assert after.pop("culture_portal.auditentry") == before.pop("culture_portal.auditentry") + 1
    assert after == before
    assert facts() == expected
    assert (media / Attachment.objects.get().file.name).read_bytes() == PHOTO
    assert AuditEntry.objects.filter(action="backup.restored", object_ref="portal.tar.gz").count() == 1
    # The log is the backup's, line for line; loading the roles is not recorded as roles granted now.
    assert audit_lines() == lines_before
    # The restored database goes on: new rows get new ids.
    assert submitted(Case.objects.get().unit, None)[0].pk > Case.objects.order_by("pk").first().pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_into_a_freshly_migrated_database_replaces_the_seeded_rules_with_the_backups(portal, tmp_path):
    before, expected = everything(), facts()
    archive = make_backup(tmp_path)
    # The database as `migrate` leaves it (content types, permissions, roles, norm groups, legal defaults).
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    with backup._role_audit_paused():  # migrations grant through their historical models: no audit lines
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    assert DeadlineRule.objects.get(track="feedback", step="decide").days == 10
    assert backup.database_contents() == {}

    call_command("restore", str(archive), stdout=io.StringIO())
    after = everything()
    assert after.pop("culture_portal.auditentry") == before.pop("culture_portal.auditentry") + 1
    assert after == before
    assert facts() == expected  # among them the rule edited to 12 days


def test_a_freshly_migrated_database_counts_as_empty(db):
    """If this fails, a data migration seeds a model that backup.SEEDED_BY_MIGRATIONS does not list."""
    assert backup.database_contents() == {}
    assert Group.objects.filter(name=Role.ADMINISTRATOR).exists()


def test_restore_into_a_database_holding_data_is_refused_without_force(portal, tmp_path):
    archive = make_backup(tmp_path)
    before = everything()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))
    assert refused.value.returncode == 2
    assert "already holds data" in str(refused.value) and "--force" in str(refused.value)
    assert everything() == before


def test_force_loads_over_existing_data_and_only_appends_to_the_audit_log(portal, tmp_path):
    archive = make_backup(tmp_path)
    audit_lines = manifest_of(archive)["counts"]["culture_portal.auditentry"]
    before, expected = everything(), facts()
    Case.objects.update(description="Changed after the backup")
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert facts() == expected
    after = everything()
    assert after.pop("culture_portal.auditentry") == before.pop("culture_portal.auditentry") + 1
    assert after == before
    assert AuditEntry.objects.filter(action="backup.created").count() == 1  # made after the dump, kept
    assert audit_lines == AuditEntry.objects.exclude(action__startswith="backup.").count()


def test_a_tampered_manifest_or_archive_is_refused_and_changes_nothing(portal, media, tmp_path):
    archive = make_backup(tmp_path)
    members = members_of(archive)
    manifest = manifest_of(archive)
    Case.objects.update(description="Changed after the backup")
    before, files_before = everything(), media_files(media)

    code = Case.objects.get().tracking_code.encode()
    data = members[backup.DATA].replace(code, b"PA-2026-XXXXXX")
    tampered_data = archive_write(tmp_path / "data.tar.gz", {**members, backup.DATA: data})
    counts = {**manifest, "counts": {**manifest["counts"], "feedback.case": 99}}
    tampered_manifest = archive_write(tmp_path / "manifest.tar.gz", members, manifest=counts)
    newer = backup.manifest_sign({**manifest, "migrations": {**manifest["migrations"], "feedback": ["9999_future"]}})
    from_the_future = archive_write(tmp_path / "future.tar.gz", members, manifest=newer)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-200])

    for bad, message in [
        (tampered_data, "checksum differs"),
        (tampered_manifest, "signature does not match"),
        (from_the_future, "newer version"),
        (truncated, "cannot be read"),
        (tmp_path / "missing.tar.gz", "No such file"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(bad), "--force")
        assert everything() == before and media_files(media) == files_before
    assert Case.objects.get().description == "Changed after the backup"


@pytest.mark.parametrize(
    "name", ["media/../../escaped.txt", "/srv/escaped.txt", "../escaped.txt", "media/a/../../../escaped.txt"]
)
def test_members_outside_their_folder_are_refused_even_when_signed(portal, media, tmp_path, name):
    archive = make_backup(tmp_path)
    members = {**members_of(archive), name: b"not yours"}
    manifest = manifest_of(archive)
    files = {**manifest["files"], name: {"size": 9, "sha256": "0" * 64}}
    evil = archive_write(tmp_path / "evil.tar.gz", members, manifest=backup.manifest_sign({**manifest, "files": files}))
    with pytest.raises(CommandError, match="Refused member"):
        call_command("restore", str(evil), "--force")
    assert not (tmp_path / "escaped.txt").exists() and not Path("/srv/escaped.txt").exists()


def test_links_in_the_archive_are_refused(portal, tmp_path):
    archive = make_backup(tmp_path)
    evil = tmp_path / "link.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(evil, "w:gz") as tar:
        link = tarfile.TarInfo("media/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
        for member in source:
            tar.addfile(member, source.extractfile(member))
    with pytest.raises(CommandError, match="only regular files"):
        call_command("restore", str(evil), "--force")


def test_check_reads_the_archive_without_changing_anything(portal, tmp_path):
    archive = make_backup(tmp_path)
    before = everything()
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "complete and intact" in out.getvalue()
    assert everything() == before


def test_the_backup_is_not_written_inside_media_root(portal, media):
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        call_command("backup", str(media / "portal.tar.gz"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_under_another_secret_key_leaves_out_the_sealed_outbox(portal, media, tmp_path, settings):
    """A disaster restore on a machine without the old SECRET_KEY: everything but the unreadable e-mails comes back."""
    from culture_portal.models import OutgoingEmail
    from culture_portal.outbox import email_queue

    email_queue(to="nguoidan@example.org", subject="Biên nhận", body="Mã PIN: 482913")
    archive = make_backup(tmp_path)
    cases = Case.objects.count()
    call_command("flush", interactive=False, verbosity=0)
    settings.SECRET_KEY = "another-installation-" + "k" * 40
    errors = io.StringIO()
    call_command("restore", str(archive), "--other-secret-key", stdout=io.StringIO(), stderr=errors)
    assert Case.objects.count() == cases and not OutgoingEmail.objects.exists()
    assert "cannot be read here: they are not restored" in errors.getvalue()
