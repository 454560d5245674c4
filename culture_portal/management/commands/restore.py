from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from culture_portal.backup import BackupError, DatabaseNotEmpty, archive_check, backup_restore

NOT_EMPTY = 2


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup` into an empty database (as `migrate` leaves it) and MEDIA_ROOT. "
        "Every member is checked against the manifest first: a damaged archive changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though the database already holds data: rows with the same ids are replaced, other "
            "rows stay, and the audit log is only appended to.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (readable, checksums, signature) and show what it holds; change nothing.",
        )
        parser.add_argument(
            "--other-secret-key",
            action="store_true",
            help="Accept an archive signed with another SECRET_KEY (PINs and contact digests will not match).",
        )

    def handle(self, *args, archive, force, check, other_secret_key, **options):
        try:
            if check:
                manifest = archive_check(archive, other_secret_key=other_secret_key)
                files = sum(1 for name in manifest["files"] if name.startswith("media/"))
                self.stdout.write(
                    f"{archive} is complete and intact: made {manifest['created_at']}, "
                    f"{sum(manifest['counts'].values())} objects, {files} files."
                )
                return
            result = backup_restore(archive, force=force, other_secret_key=other_secret_key)
        except DatabaseNotEmpty as exc:
            raise CommandError(str(exc), returncode=NOT_EMPTY) from exc
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(f"Warning: {warning}")
        kept = f" ({result.audit_lines_kept} audit lines were already in the log)" if result.audit_lines_kept else ""
        self.stdout.write(
            f"Restored {result.objects} objects and {result.media_files} files from the backup made "
            f"{result.manifest['created_at']}{kept}."
        )
