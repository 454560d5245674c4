"""Restoring a backup: everything is checked before anything changes, then the data loads in one transaction
and the files are put in place."""

import contextlib
import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction

from culture_portal.audit import audit_record
from culture_portal.backup.archive import AUDIT, DATA, MEDIA, archive_unpack, path_inside
from culture_portal.backup.audit_merge import audit_lines_to_append
from culture_portal.backup.contents import (
    OUTBOX_MODEL,
    applied_migrations,
    database_contents,
    model_or_none,
    seeded_by_migrations,
)
from culture_portal.backup.errors import BackupError, DatabaseNotEmpty


@dataclasses.dataclass
class RestoreResult:
    manifest: dict
    media_files: int
    audit_lines_kept: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def objects(self) -> int:
        return sum(self.manifest["counts"].values())


@contextlib.contextmanager
def _role_audit_paused():
    """Loading sets users' roles and roles' permissions, which the audit log would record as grants made now.

    They are not: they are the state the backup holds, whose own audit lines are restored with it.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed

    from culture_portal import audit_signals

    receivers = [
        (audit_signals.roles_changed, get_user_model().groups.through),
        (audit_signals.role_permissions_changed, Group.permissions.through),
    ]
    for receiver, sender in receivers:
        m2m_changed.disconnect(receiver, sender=sender)
    try:
        yield
    finally:
        for receiver, sender in receivers:
            m2m_changed.connect(receiver, sender=sender)


def _seeded_clear() -> None:
    """The rows migrations seeded make way for the backup's own (same tables, possibly other ids)."""
    for label in seeded_by_migrations():
        model = model_or_none(label)
        if model is not None:
            model._base_manager.using(DEFAULT_DB_ALIAS).all().delete()


def _migration_warnings(manifest: dict) -> list[str]:
    backup = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    here = {(app, name) for app, names in applied_migrations().items() for name in names}
    unknown = sorted(backup - here)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:6])
        raise BackupError(
            f"The backup was made by a newer version of the portal: migrations not applied here: {listed}. "
            "Install the version that made it (or a newer one), run `manage.py migrate`, then restore."
        )
    newer = sorted(here - backup)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:6])
        return [
            f"This database has migrations the backup predates ({listed}): data migrations among them did not "
            "run on the restored rows. The safe way is to restore with the version that made the backup, then "
            "upgrade."
        ]
    return []


def _media_place(source: Path, media_root: Path) -> int:
    placed = 0
    if not source.is_dir():
        return 0
    for path in sorted(source.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(source).as_posix()
        target = path_inside(media_root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        placed += 1
    return placed


def _staging_dir(media_root: Path) -> Path:
    """Beside MEDIA_ROOT when possible (the files are then moved, not copied); else the system's temp folder."""
    with contextlib.suppress(OSError):
        media_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="portal-restore-"))


def _outbox_dropped(data: Path) -> int:
    """Remove the outbox's rows from the data fixture: their bodies are sealed with a key this installation lacks."""
    kept, dropped = [], 0
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and json.loads(line).get("model") == OUTBOX_MODEL:
                dropped += 1
            else:
                kept.append(line)
    if dropped:
        data.write_text("".join(kept), encoding="utf-8")
    return dropped


def backup_restore(archive, *, force: bool = False, other_secret_key: bool = False) -> RestoreResult:
    """Restore the archive into this database and MEDIA_ROOT; nothing changes unless everything checks out.

    Without `force` the database must hold nothing but what `migrate` seeds. With it, rows of the backup replace
    the rows with the same ids and other rows stay; the audit log is only ever appended to.
    """
    if not force:
        held = database_contents()
        if held:
            raise DatabaseNotEmpty(held)
    media_root = Path(settings.MEDIA_ROOT)
    staging = _staging_dir(media_root)
    try:
        manifest = archive_unpack(archive, staging, other_secret_key=other_secret_key)
        warnings = _migration_warnings(manifest)
        result = RestoreResult(manifest=manifest, media_files=0, warnings=warnings)
        audit_fixture = staging / AUDIT
        with transaction.atomic(), _role_audit_paused():
            if force:
                audit_fixture = staging / "db" / "audit-append.jsonl"
                result.audit_lines_kept = audit_lines_to_append(staging / AUDIT, audit_fixture)
            else:
                _seeded_clear()
            ContentType.objects.clear_cache()  # natural keys are looked up in this database, not a cache of another
            if other_secret_key:
                dropped = _outbox_dropped(staging / DATA)
                if dropped:
                    result.warnings.append(
                        f"{dropped} e-mails of the outbox were sealed with the other installation's SECRET_KEY "
                        "and cannot be read here: they are not restored."
                    )
            fixtures = [path for path in (staging / DATA, audit_fixture) if path.stat().st_size]
            try:
                if fixtures:
                    call_command("loaddata", *map(str, fixtures), verbosity=0)
            except (DatabaseError, DeserializationError) as exc:
                # Raised inside the transaction: everything loaded so far is rolled back.
                raise BackupError(f"Loading the data failed, nothing was changed: {exc}") from exc
            result.media_files = _media_place(staging / MEDIA, media_root)
            audit_record(
                action="backup.restored",
                object_type="backup",
                object_ref=Path(archive).name,
                detail=f"made {manifest.get('created_at', '?')}; {result.objects} objects, {result.media_files} files"
                + ("; --force" if force else ""),
            )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result
