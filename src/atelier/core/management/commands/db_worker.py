"""``manage.py db_worker``: the background task worker, made to outlive database trouble.

This replaces django_tasks_db's command of the same name (``atelier.core`` comes before
``django_tasks_db`` in INSTALLED_APPS, so Django finds this one first) and takes the same
options. The library's worker already records a task that raises as failed and goes on; but a
database error while it looks for, claims or records a task ("database is locked" when a writer
holds SQLite longer than the busy timeout, a PostgreSQL connection dropped by a restart or a
fail-over) ends the process, and with it mail, file processing and search vectors until someone
restarts it. Here such an error is logged, the connections are dropped, and the loop starts
again after a pause that doubles up to half a minute.
"""

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker as library

logger = logging.getLogger("atelier.worker")


def _drop_connections():
    """Close every connection of this thread, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            # A connection the server has already dropped may fail to close; it is discarded
            # all the same.
            connection.connection = None


class Worker(library.Worker):
    first_pause = 0.5  # seconds
    longest_pause = 30.0

    def run(self):
        pause = self.first_pause
        last_failure = None
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks reached, or a graceful shutdown
            except DatabaseError as error:
                logger.warning(
                    "The task worker could not use the database (%s: %s); trying again in %.1f s.",
                    type(error).__name__,
                    error,
                    pause,
                )
            except Exception:
                # Anything else around the loop (a task's exceptions never get here: they fail
                # the task) must not stop the queue either.
                logger.exception("The task worker hit an error; trying again in %.1f s.", pause)
            now = time.monotonic()
            if last_failure is not None and now - last_failure > 2 * self.longest_pause:
                pause = self.first_pause  # it worked for a while: a new incident
            last_failure = now
            self.startup_delay = False
            _drop_connections()
            time.sleep(pause)
            pause = min(pause * 2, self.longest_pause)

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DatabaseError as error:
            # The task ran, but neither its result nor its failure could be saved after the
            # library's three quick tries: keep trying, or it would stay "running" for ever.
            self._record_failure(db_task_result, error)

    def _record_failure(self, db_task_result, error):
        pause = self.first_pause
        while True:
            _drop_connections()
            time.sleep(pause)
            try:
                db_task_result.set_failed(error)
                return
            except DatabaseError as again:
                logger.warning(
                    "The task worker could not record the outcome of task %s (%s); trying "
                    "again in %.1f s.",
                    db_task_result.id,
                    again,
                    pause,
                )
                if not self.running:
                    return
                pause = min(pause * 2, self.longest_pause)


class Command(library.Command):
    help = (
        "Run the background task worker (django_tasks_db's, retrying on database errors "
        "instead of exiting)."
    )

    def handle(self, *args, **options):
        # The library's handle builds its Worker by name from its own module; build ours.
        original = library.Worker
        library.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            library.Worker = original
