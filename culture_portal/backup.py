"""Backup and restore of the whole portal: the database and the uploaded files, in one archive.

The archive is a .tar.gz holding:

    db/data.jsonl    every table except the audit log, as `dumpdata` writes it (JSON Lines, one object a line).
                     Content types, permissions, roles and accounts are referred to by natural key, so the data
                     loads into a database whose content types and permissions `migrate` numbered differently.
    db/audit.jsonl   the audit log, with plain user ids: a line may name an account deleted since (the log
                     keeps it on purpose, with no database constraint), which a natural key could not express.
    media/...        every file under MEDIA_ROOT, under its relative path.
    manifest.json    when it was made, the objects per model, the size and SHA-256 of every other member, the
                     migrations the database had, and a signature made with SECRET_KEY.

Primary keys are kept (no natural primary keys): the audit log names accounts by id, and links and QR codes
name records by their public ids and codes, which stay as they were.

A restore checks everything before it changes anything: the database must be empty (as `migrate` leaves it),
every member must match the manifest, and no member may point outside its folder. Then the data is loaded in
one transaction and the files are put in place. The audit log is append-only on PostgreSQL (a trigger refuses
UPDATE and DELETE), so lines of the backup never overwrite lines already in the log.
"""

import contextlib
import dataclasses
import datetime
import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.crypto import salted_hmac

from culture_portal.audit import audit_record

FORMAT = "culture-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "db/data.jsonl"
AUDIT = "db/audit.jsonl"
MEDIA = "media"
AUDIT_MODEL = "culture_portal.auditentry"
OUTBOX_MODEL = "culture_portal.outgoingemail"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024

# Not backed up: rebuilt by `migrate` (content types, permissions) or worthless after a restore (sign-in
# sessions, CAPTCHA challenges, the worker heartbeat, sign-in lock-out counters).
EXCLUDED_APPS = ("contenttypes", "sessions", "captcha")
EXCLUDED_MODELS = ("auth.permission", "culture_portal.workerheartbeat", "axes.accessattempt")

# Filled by data migrations, so present in a database that `migrate` just created. A restore replaces their
# rows with the backup's (administrators may have edited them). tests/culture_portal/test_backup.py checks that
# a freshly migrated database holds nothing else: a new data migration seeding another model must add it here.
SEEDED_BY_MIGRATIONS = (
    "auth.group",
    "culture_portal.documentkind",
    "culture_portal.deadlinerule",
    "culture_portal.disciplinarymeasure",
    "culture_portal.calendarexception",  # the government's announced swaps the package does not know (2026)
    "regulations.normgroup",
    "leadership.tallystate",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class ArchiveInvalid(BackupError):
    pass


class DatabaseNotEmpty(BackupError):
    def __init__(self, contents: dict[str, int]):
        self.contents = contents
        listed = ", ".join(f"{label}: {count}" for label, count in sorted(contents.items())[:8])
        more = f" and {len(contents) - 8} more tables" if len(contents) > 8 else ""
        super().__init__(
            f"The database already holds data ({listed}{more}). Restore into an empty database (create it and "
            "run `manage.py migrate`), or pass --force to load the backup over the data already there."
        )


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


@dataclasses.dataclass
class RestoreResult:
    manifest: dict
    media_files: int
    audit_lines_kept: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def objects(self) -> int:
        return sum(self.manifest["counts"].values())


# --- what is backed up -------------------------------------------------------------------------------------------


def _label(model) -> str:
    return model._meta.label_lower


def _is_excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED_APPS or _label(model) in EXCLUDED_MODELS


def backed_up_models() -> list:
    """The models whose rows go into the archive (through tables of many-to-many fields travel with them)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and not _is_excluded(model)
    ]


def _dump_excludes() -> list[str]:
    """dumpdata's --exclude, naming only apps and models that are installed (it refuses unknown ones)."""
    installed = {config.label for config in apps.get_app_configs()}
    labels = [label for label in EXCLUDED_APPS if label in installed]
    for label in EXCLUDED_MODELS:
        app_label, model_name = label.split(".")
        if app_label in installed and _model_or_none(label) is not None:
            labels.append(f"{app_label}.{model_name}")
    return [*labels, AUDIT_MODEL]


def _model_or_none(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def database_contents(*, include_seeded: bool = False) -> dict[str, int]:
    """Rows per backed-up model ({} for a database as `migrate` leaves it, unless include_seeded)."""
    contents = {}
    for model in backed_up_models():
        if not include_seeded and _label(model) in SEEDED_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(DEFAULT_DB_ALIAS).count()
        if count:
            contents[_label(model)] = count
    return contents


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


# --- the manifest ------------------------------------------------------------------------------------------------


def _canonical(manifest: dict) -> bytes:
    unsigned = {key: value for key, value in manifest.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _signature(manifest: dict, key: str) -> str:
    return salted_hmac(
        "culture_portal.backup.manifest", _canonical(manifest), secret=key, algorithm="sha256"
    ).hexdigest()


def manifest_sign(manifest: dict) -> dict:
    return {**manifest, "signature": _signature(manifest, settings.SECRET_KEY)}


def _signed_by_this_installation(manifest: dict) -> bool:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    given = str(manifest.get("signature", ""))
    return any(hmac.compare_digest(_signature(manifest, key), given) for key in keys)


# --- backup ------------------------------------------------------------------------------------------------------


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


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    return info


def _add_file(tar: tarfile.TarFile, name: str, path: Path, files: dict) -> bool:
    """Add one file, hashing it as it is read (one pass). False when it vanished before it could be read."""
    try:
        source = path.open("rb")
    except FileNotFoundError:
        return False
    with source:
        status = os.fstat(source.fileno())
        reader = _HashingReader(source)
        tar.addfile(_tar_info(name, status.st_size, status.st_mtime), reader)
    files[name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
    return True


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
                _dump(data, natural_foreign=True, exclude=_dump_excludes())
                _dump(audit, AUDIT_MODEL, natural_foreign=False)
                migrations = _applied_migrations()
            counts: dict[str, int] = {}
            for path in (data, audit):
                _count_objects(path, counts)
            files: dict[str, dict] = {}
            skipped = 0
            with tarfile.open(partial, "w:gz", format=tarfile.PAX_FORMAT) as tar:
                _add_file(tar, DATA, data, files)
                _add_file(tar, AUDIT, audit, files)
                # Files listed after the dump: every file the dumped rows name is on disk by now.
                for path in _media_files(media_root):
                    name = f"{MEDIA}/{path.relative_to(media_root).as_posix()}"
                    if not _add_file(tar, name, path, files):
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
                tar.addfile(_tar_info(MANIFEST, len(body), created_at.timestamp()), io.BytesIO(body))
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


# --- restore -----------------------------------------------------------------------------------------------------


def _member_name(member: tarfile.TarInfo) -> str:
    """The member's name, refused when absolute, climbing out (..), or outside db/, media/ and the manifest."""
    name = member.name
    path = PurePosixPath(name)
    refused = (
        not name
        or "\x00" in name
        or "\\" in name
        or path.is_absolute()
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
    )
    if refused:
        raise ArchiveInvalid(f"Refused member {name!r}: absolute paths and '..' are not allowed.")
    clean = path.as_posix()
    if member.isdir():
        return clean
    if not member.isfile():
        raise ArchiveInvalid(f"Refused member {name!r}: only regular files are allowed (no links or devices).")
    if clean != MANIFEST and clean not in (DATA, AUDIT) and not clean.startswith(MEDIA + "/"):
        raise ArchiveInvalid(f"Refused member {name!r}: not part of a portal backup.")
    return clean


def _inside(root: Path, relative: str) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ArchiveInvalid(f"Refused member {relative!r}: it would be written outside {root}.")
    return target


def archive_unpack(archive, staging: Path, *, other_secret_key: bool = False) -> dict:
    """Unpack into `staging` and check every member against the manifest; returns the manifest.

    Nothing outside `staging` is written. Raises ArchiveInvalid for anything wrong with the archive.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise ArchiveInvalid(f"No such file: {archive}")
    found: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                name = _member_name(member)
                if member.isdir():
                    continue
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise ArchiveInvalid(f"Refused archive: {name!r} appears twice.")
                source = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MANIFEST_MAX_BYTES:
                        raise ArchiveInvalid("Refused archive: the manifest is too large.")
                    manifest_bytes = source.read()
                    continue
                target = _inside(staging, name)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ArchiveInvalid(f"The archive cannot be read ({exc}); it is damaged or not a portal backup.") from exc
    if manifest_bytes is None:
        raise ArchiveInvalid("The archive has no manifest.json: it is not a portal backup.")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise ArchiveInvalid(f"The manifest cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveInvalid("The manifest does not describe a portal backup.")
    if manifest.get("version") != VERSION:
        raise ArchiveInvalid(f"Backup format version {manifest.get('version')} is not supported here.")
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not isinstance(manifest.get("counts"), dict):
        raise ArchiveInvalid("The manifest lists no files.")
    missing, extra = sorted(set(listed) - set(found)), sorted(set(found) - set(listed))
    differing = sorted(name for name in set(listed) & set(found) if listed[name] != found[name])
    if missing or extra or differing:
        problems = [
            *(f"missing {name}" for name in missing[:5]),
            *(f"not in the manifest: {name}" for name in extra[:5]),
            *(f"checksum differs: {name}" for name in differing[:5]),
        ]
        raise ArchiveInvalid("The archive does not match its manifest (" + "; ".join(problems) + "): nothing changed.")
    if DATA not in found or AUDIT not in found:
        raise ArchiveInvalid("The archive holds no database dump.")
    if not other_secret_key and not _signed_by_this_installation(manifest):
        raise ArchiveInvalid(
            "The manifest's signature does not match this installation's SECRET_KEY: either the archive was "
            "altered, or it comes from an installation with another key. With another key, citizens' PINs and "
            "the contact digests would not match; set the same SECRET_KEY (or list the old one in "
            "SECRET_KEY_FALLBACKS), or pass --other-secret-key to restore anyway."
        )
    return manifest


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
    for label in SEEDED_BY_MIGRATIONS:
        model = _model_or_none(label)
        if model is not None:
            model._base_manager.using(DEFAULT_DB_ALIAS).all().delete()


def _jsonl(path: Path):
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _same_entry(entry, fields: dict) -> bool:
    from culture_portal.models import AuditEntry

    at = AuditEntry._meta.get_field("at").to_python(fields.get("at"))
    return (
        entry.action == fields.get("action")
        and entry.object_ref == fields.get("object_ref")
        and entry.actor_name == fields.get("actor_name")
        and at is not None
        and abs(entry.at - at) < datetime.timedelta(milliseconds=1)  # dumps keep milliseconds
    )


def _audit_lines_to_append(source: Path, target: Path) -> int:
    """With --force: the backup's audit lines minus those already in the log; a line whose id is taken by
    another entry gets a new id. Nothing in the log is overwritten (PostgreSQL would refuse it anyway).
    Returns how many lines of the backup were already there."""
    from django.db.models import Max

    from culture_portal.models import AuditEntry

    highest = AuditEntry.objects.aggregate(top=Max("pk"))["top"] or 0
    for entry in _jsonl(source):
        highest = max(highest, int(entry["pk"] or 0))
    already = 0
    with target.open("w", encoding="utf-8") as out:
        for chunk in _chunks(_jsonl(source), 1000):
            existing = AuditEntry.objects.in_bulk([entry["pk"] for entry in chunk])
            for entry in chunk:
                present = existing.get(entry["pk"])
                if present is not None:
                    if _same_entry(present, entry["fields"]):
                        already += 1
                        continue
                    highest += 1
                    entry = {**entry, "pk": highest}
                out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return already


def _migration_warnings(manifest: dict) -> list[str]:
    backup = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    here = {(app, name) for app, names in _applied_migrations().items() for name in names}
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
        target = _inside(media_root, relative)
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
                result.audit_lines_kept = _audit_lines_to_append(staging / AUDIT, audit_fixture)
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


def archive_check(archive, *, other_secret_key: bool = False) -> dict:
    """Check an archive without restoring it (unpacked into a temporary folder, then removed)."""
    with tempfile.TemporaryDirectory(prefix="portal-check-") as work:
        return archive_unpack(archive, Path(work), other_secret_key=other_secret_key)
