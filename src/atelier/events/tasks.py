"""Background tasks of events: thin wrappers around the services, run periodically."""

from django_tasks import task


@task()
def send_event_reminders():
    from . import services

    return services.send_due_reminders()


@task()
def expire_event_offers():
    from . import services

    return services.expire_offers()


@task()
def send_event_message(message_id):
    from .services import messages

    return messages.send_message(message_id)
