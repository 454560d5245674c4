from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from culture_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) holding the whole database and every uploaded file, with a manifest "
        "(objects per model, SHA-256 of every member). See docs/data-protection.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", type=Path, help="The archive to write, e.g. /srv/backups/portal-2026-12-01.tar.gz"
        )

    def handle(self, *args, output, **options):
        try:
            result = backup_create(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {result.path} ({filesizeformat(result.path.stat().st_size)}): "
            f"{result.objects} objects in {len(result.manifest['counts'])} tables, {result.media_files} files."
        )
        self.stdout.write("It holds personal data: keep it encrypted, off this server, and delete it when it expires.")
