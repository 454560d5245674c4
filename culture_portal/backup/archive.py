"""The archive's format: its members, writing one member while hashing it, and unpacking with every check.

Reading never trusts the archive: no member may point outside its folder, be a link or a device, appear twice
or differ from the manifest, and the manifest must carry this installation's signature.
"""

import hashlib
import json
import os
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from culture_portal.backup.errors import ArchiveInvalid
from culture_portal.backup.signing import signed_by_this_installation

FORMAT = "culture-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "db/data.jsonl"
AUDIT = "db/audit.jsonl"
MEDIA = "media"
CHUNK = 1024 * 1024
MANIFEST_MAX_BYTES = 64 * 1024 * 1024


# --- writing -----------------------------------------------------------------------------------------------------


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


def tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    return info


def file_add(tar: tarfile.TarFile, name: str, path: Path, files: dict) -> bool:
    """Add one file, hashing it as it is read (one pass). False when it vanished before it could be read."""
    try:
        source = path.open("rb")
    except FileNotFoundError:
        return False
    with source:
        status = os.fstat(source.fileno())
        reader = _HashingReader(source)
        tar.addfile(tar_info(name, status.st_size, status.st_mtime), reader)
    files[name] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
    return True


# --- reading -----------------------------------------------------------------------------------------------------


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


def path_inside(root: Path, relative: str) -> Path:
    """root/relative, refused when it would resolve outside root."""
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
                target = path_inside(staging, name)
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
    if not other_secret_key and not signed_by_this_installation(manifest):
        raise ArchiveInvalid(
            "The manifest's signature does not match this installation's SECRET_KEY: either the archive was "
            "altered, or it comes from an installation with another key. With another key, citizens' PINs and "
            "the contact digests would not match; set the same SECRET_KEY (or list the old one in "
            "SECRET_KEY_FALLBACKS), or pass --other-secret-key to restore anyway."
        )
    return manifest


def archive_check(archive, *, other_secret_key: bool = False) -> dict:
    """Check an archive without restoring it (unpacked into a temporary folder, then removed)."""
    with tempfile.TemporaryDirectory(prefix="portal-check-") as work:
        return archive_unpack(archive, Path(work), other_secret_key=other_secret_key)
