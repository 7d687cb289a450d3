"""``manage.py reindex_library``: rebuild the library's search index from the resources."""

import time

from django.core.management.base import BaseCommand

from atelier.library import search


class Command(BaseCommand):
    help = (
        "Rebuild the library's keyword index and facets from the published resources and "
        "their files' extracted text; anything unpublished leaves the index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Resources read and written at a time"
        )

    def handle(self, *args, batch_size, **options):
        started = time.perf_counter()
        verbose = options.get("verbosity", 1) >= 1

        def progress(done):
            if verbose and done % (batch_size * 20) == 0:
                self.stderr.write(f"{done} resources indexed")

        count = search.rebuild_index(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} published resources indexed in {time.perf_counter() - started:.1f} s"
            )
        )
