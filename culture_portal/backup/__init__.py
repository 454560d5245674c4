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

Where things are:

    archive.py      the format: member names, writing a member, unpacking and checking an archive
    signing.py      the manifest's signature with SECRET_KEY
    contents.py     which models are backed up, which `migrate` seeds (apps register theirs), what a database holds
    dump.py         backup_create
    restore.py      backup_restore
    audit_merge.py  appending the backup's audit lines to a live log (--force)
    errors.py       what they raise

This module re-exports what the management commands, the apps and the tests use.
"""

from culture_portal.backup.archive import DATA, MANIFEST, archive_check
from culture_portal.backup.contents import database_contents, register_seeded_by_migrations
from culture_portal.backup.dump import backup_create
from culture_portal.backup.errors import BackupError, DatabaseNotEmpty
from culture_portal.backup.restore import _role_audit_paused, backup_restore
from culture_portal.backup.signing import manifest_sign

__all__ = [
    "DATA",
    "MANIFEST",
    "BackupError",
    "DatabaseNotEmpty",
    "_role_audit_paused",  # tests/culture_portal/test_backup.py rebuilds a migrated database without audit lines
    "archive_check",
    "backup_create",
    "backup_restore",
    "database_contents",
    "manifest_sign",
    "register_seeded_by_migrations",
]
