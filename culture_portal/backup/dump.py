"""Making a backup: the database dumped in one consistent snapshot, then the uploaded files, then the manifest."""

import contextlib
import dataclasses
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from culture_portal.audit import audit_record
from culture_portal.backup.archive import AUDIT, DATA, FORMAT, MANIFEST, MEDIA, VERSION, file_add, tar_info
from culture_portal.backup.contents import AUDIT_MODEL, applied_migrations, dump_excludes
from culture_portal.backup.errors import BackupError
from culture_portal.backup.signing import manifest_sign


@dataclasses.dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def objects(self) -> int:
        return sum(self.manifest["counts"].values())

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(MEDIA + "/"))


@contextlib.contextmanager
def _consistent_snapshot():
    """One transaction for the whole dump, so a case saved meanwhile is in it with all its rows or not at all."""
    connection = connections[DEFAULT_DB_ALIAS]
    outermost = not connection.in_atomic_block
    if outermost:
        # Connect (and run the health check, a query) now: SET TRANSACTION must be the transaction's first query.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _dump(path: Path, *labels: str, natural_foreign: bool, exclude=()) -> None:
    # Our own UTF-8 stream: dumpdata's --output opens the file in the locale's encoding.
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        call_command(
            "dumpdata",
            *labels,
            format="jsonl",
            exclude=list(exclude),
            natural_foreign=natural_foreign,
            use_base_manager=True,
            verbosity=0,
            stdout=stream,
        )


def _count_objects(path: Path, counts: dict[str, int]) -> None:
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                model = json.loads(line)["model"]
                counts[model] = counts.get(model, 0) + 1


def _media_files(media_root: Path) -> list[Path]:
    """Every regular file under MEDIA_ROOT, sorted; symbolic links are not followed."""
    if not media_root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(media_root, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def backup_create(output) -> BackupResult:
    """Write the archive to `output` (replaced only when complete; readable by its owner alone)."""
    output = Path(output).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if output.is_relative_to(media_root):
        raise BackupError(f"Write the backup outside MEDIA_ROOT ({media_root}): it would end up inside itself.")
    if not output.parent.is_dir():
        raise BackupError(f"No such folder: {output.parent}")
    created_at = timezone.now()
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    os.close(handle)
    partial = Path(partial)
    try:
        with tempfile.TemporaryDirectory(prefix="portal-backup-") as work:
            data, audit = Path(work) / "data.jsonl", Path(work) / "audit.jsonl"
            with _consistent_snapshot():
                _dump(data, natural_foreign=True, exclude=dump_excludes())
                _dump(audit, AUDIT_MODEL, natural_foreign=False)
                migrations = applied_migrations()
            counts: dict[str, int] = {}
            for path in (data, audit):
                _count_objects(path, counts)
            files: dict[str, dict] = {}
            skipped = 0
            with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
                file_add(tar, DATA, data, files)
                file_add(tar, AUDIT, audit, files)
                # Files listed after the dump: every file the dumped rows name is on disk by now.
                for path in _media_files(media_root):
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    if not file_add(tar, name, path, files):
                        skipped += 1
                manifest = manifest_sign(
                    {
                        "format": FORMAT,
                        "version": VERSION,
                        "created_at": created_at.isoformat(),
                        "django": django.get_version(),
                        "database": connections[DEFAULT_DB_ALIAS].vendor,
                        "migrations": migrations,
                        "counts": dict(sorted(counts.items())),
                        "files": files,
                    }
                )
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                tar.addfile(tar_info(MANIFEST, len(body), created_at.timestamp()), io.BytesIO(body))
        os.chmod(partial, 0o600)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    audit_record(
        action="backup.created",
        object_type="backup",
        object_ref=output.name,
        detail=f"{sum(counts.values())} objects, {len(files) - 2} files"
        + (f", {skipped} files vanished while copying" if skipped else ""),
    )
    return BackupResult(path=output, manifest=manifest)
