"""Send the reminders that are due and pass on expired waitlist offers; run it periodically."""

from django.core.management.base import BaseCommand

from atelier.events import tasks


class Command(BaseCommand):
    help = (
        "Remind participants a week and a day before their events (each reminder once) and "
        "pass seats whose offer expired to the next person waiting. Safe to run as often as "
        "you like, e.g. every 15 minutes from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead of doing it now.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            tasks.expire_event_offers.enqueue()
            tasks.send_event_reminders.enqueue()
            self.stdout.write("Queued the reminders and offer expiry.")
            return
        from atelier.events import services

        expired = services.expire_offers()
        sent = services.send_due_reminders()
        self.stdout.write(f"Sent {sent} reminder(s); {expired} expired offer(s) passed on.")
