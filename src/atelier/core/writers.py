"""Long runs of short write transactions (imports) that leave the database to everyone else."""

import time

from django.db import connections


class WriterPause:
    """Call after each transaction of a long run: on SQLite, pauses after each second of it.

    SQLite lets one writer in at a time, and one kept out does not queue: it sleeps and tries
    again, up to 100 ms apart. A run that begins its next transaction as soon as it has committed
    the last can keep a log-in out until the log-in's busy timeout ends, however short each of
    its transactions; a gap longer than those 100 ms gives a waiting writer its turn. PostgreSQL
    locks rows, not the database: there the pause does nothing.
    """

    every = 1.0  # seconds of writing
    gap = 0.15  # seconds

    def __init__(self, *, using="default", active=True):
        self.active = active and connections[using].vendor == "sqlite"
        self.since = time.monotonic()

    def __call__(self):
        if self.active and time.monotonic() - self.since >= self.every:
            time.sleep(self.gap)
            self.since = time.monotonic()
