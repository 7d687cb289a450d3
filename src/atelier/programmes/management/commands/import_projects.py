"""``manage.py import_projects FILE [--dry-run]``: the Commission's projects export."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from atelier.programmes import importer


class Command(BaseCommand):
    help = (
        "Import the European Commission's “Projects Overview” export (.xls, .xlsx or .csv): "
        "programmes with their coordinator and partners. Running it again updates, never "
        "duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .xls, .xlsx or .csv export")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing"
        )
        parser.add_argument("--no-progress", action="store_true", help="Print no progress bar")

    def handle(self, *args, file, dry_run, no_progress, **options):
        show = not no_progress and options.get("verbosity", 1) >= 1
        started = time.perf_counter()
        stream = self.stderr if show else None

        def progress(done, total):
            if stream is None:
                return
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "." * (width - filled)
            end = "\n" if done == total else ""
            if sys.stderr.isatty() or done == total or done % max(1, total // 10) == 0:
                stream.write(f"\r[{bar}] {done}/{total}", ending=end)
                stream.flush()

        try:
            summary = importer.import_projects(file, dry_run=dry_run, progress=progress)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except importer.ImportFileError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.report(summary, elapsed)

    def report(self, summary, elapsed):
        write = self.stdout.write
        heading = "Dry run: nothing was saved." if summary.dry_run else "Import finished."
        write(self.style.SUCCESS(f"{heading} {summary.rows} rows in {elapsed:.1f} s"))
        write(f"  programmes created:   {len(summary.created)}")
        write(f"  programmes updated:   {len(summary.updated)}")
        write(f"  programmes unchanged: {len(summary.unchanged)}")
        write(f"  organisations created: {summary.organisations_created}")
        write(f"  organisations merged:  {summary.organisations_merged} (matched existing ones)")
        write(f"  rows skipped:         {len(summary.skipped)}")
        for row, reason in summary.skipped:
            write(self.style.WARNING(f"    row {row}: {reason}"))
        if summary.warnings:
            write(f"  warnings:             {len(summary.warnings)}")
            for row, message in summary.warnings:
                write(f"    row {row}: {message}")
