"""Run every periodic job once (or hand them to the task worker); a timer calls this."""

import time

from django.core.management.base import BaseCommand, CommandError

from atelier.core import periodic


class Command(BaseCommand):
    help = (
        "Run the periodic jobs every app registers (event reminders, expired waitlist offers, "
        "...). Each does only what is due, so run it as often as you like: every 15 minutes "
        "from a systemd timer or cron in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the jobs to the task worker."
        )
        parser.add_argument("--only", action="append", default=[], help="Run only this job.")
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (for a development server without a timer).",
        )

    def handle(self, *args, enqueue=False, only=(), every=0, **options):
        registered = periodic.jobs()
        unknown = sorted(set(only) - set(registered))
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(unknown)}; known: {', '.join(registered)}"
            )
        chosen = [job for name, job in registered.items() if not only or name in only]
        while True:
            for job in chosen:
                if enqueue:
                    job.task.enqueue()
                    self.stdout.write(f"{job.name}: queued")
                else:
                    result = job.task.call()
                    self.stdout.write(f"{job.name}: {result}")
            if not every:
                return
            time.sleep(every)
