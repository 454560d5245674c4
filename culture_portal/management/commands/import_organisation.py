from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from culture_portal.importing import ImportKind, import_file


class Command(BaseCommand):
    help = "Check (default) or import units or officials from a CSV (UTF-8) or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("path", type=Path)
        parser.add_argument("--apply", action="store_true", help="Save when the whole file is correct.")

    def handle(self, *args, kind, path, apply, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as uploaded:
            report = import_file(kind=kind, uploaded=uploaded, dry_run=not apply)
        for problem in report.problems:
            where = f"row {problem.row}" if problem.row else "file"
            self.stderr.write(f"{where}, {problem.column or '-'}: {problem.message}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s); nothing was saved.")
        verb = "Saved" if report.applied else "Dry run, nothing saved"
        self.stdout.write(
            f"{verb}: {report.rows} rows, {report.created} new, {report.updated} updated, {report.unchanged} unchanged."
        )
