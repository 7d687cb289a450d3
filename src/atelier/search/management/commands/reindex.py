"""``manage.py reindex``: rebuild the whole search index, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError

from atelier.core import search_registry as registry
from atelier.search import services

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every registered source: entries, their facets, the "
        "keyword index and (with --embed, here and now; otherwise by the task worker) the "
        "vectors. Anything no longer public leaves the index."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind", action="append", dest="kinds", help="Only this kind (repeatable)"
        )
        parser.add_argument(
            "--embed",
            action="store_true",
            help="Make the vectors in this process instead of leaving them to the task worker",
        )

    def handle(self, *args, kinds=None, embed=False, **options):
        known = registry.sources()
        unknown = sorted(set(kinds or ()) - set(known))
        if unknown:
            raise CommandError(
                f"Unknown kind {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        verbose = options.get("verbosity", 1) >= 1
        started = time.perf_counter()

        def progress(done, total):
            if not verbose:
                return
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stderr.flush()

        count = services.reindex(kinds=kinds, progress=progress, embed_now=embed)
        if verbose:
            self.stderr.write("")
        waiting = services.pending_embeddings()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} items indexed in {time.perf_counter() - started:.1f} s; "
                f"{waiting} waiting for their vectors"
            )
        )
