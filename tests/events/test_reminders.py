"""Reminders a week and a day before, each sent once, in each person's language."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from atelier.events import services, tasks
from atelier.events.models import Registration
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _event_in(delta, **kwargs):
    return EventFactory(
        starts_at=timezone.now() + delta, ends_at=timezone.now() + delta + timedelta(hours=3),
        **kwargs,
    )  # fmt: skip


def _registered_long_ago(event, user, **kwargs):
    registration = RegistrationFactory(event=event, user=user, **kwargs)
    Registration.objects.filter(pk=registration.pk).update(
        created=timezone.now() - timedelta(days=30)
    )
    return registration


def test_week_and_day_reminders_are_sent_once_each(alice, mailoutbox):
    event = _event_in(timedelta(days=6))
    _registered_long_ago(event, alice)
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert [m.subject for m in mailoutbox] == [f"In a week: “{event.title.text}”"]
    tomorrow = timezone.now() + timedelta(days=5, hours=12)
    assert services.send_due_reminders(now=tomorrow) == 1
    assert services.send_due_reminders(now=tomorrow) == 0
    assert mailoutbox[-1].subject == f"Tomorrow: “{event.title.text}”"
    assert Notification.objects.filter(recipient=alice).count() == 2


def test_only_participants_of_published_events_are_reminded(alice, bob, people):
    event = _event_in(timedelta(hours=20))
    _registered_long_ago(event, alice, status="waitlisted")
    _registered_long_ago(event, bob, status="cancelled")
    _registered_long_ago(_event_in(timedelta(hours=20), status="cancelled"), people[0])
    _registered_long_ago(_event_in(timedelta(days=20)), people[1])
    _registered_long_ago(event, people[2], status="accepted")
    assert services.send_due_reminders() == 1
    assert Notification.objects.get().recipient == people[2]


def test_late_registrants_get_no_week_reminder(alice):
    event = _event_in(timedelta(days=3))
    RegistrationFactory(event=event, user=alice)
    assert services.send_due_reminders() == 0


def test_reminders_speak_each_persons_language(alice, bob):
    title = MultilingualText("Final meeting in Maribor", "en")
    title.translate("bg", "Заключителна среща в Марибор")
    event = _event_in(timedelta(hours=10), title=title)
    bob.preferred_language = "bg"
    bob.save()
    _registered_long_ago(event, alice)
    _registered_long_ago(event, bob)
    services.send_due_reminders()
    assert Notification.objects.get(recipient=alice).title == "Tomorrow: “Final meeting in Maribor”"
    assert "Заключителна среща в Марибор" in Notification.objects.get(recipient=bob).title


def test_the_task_and_the_command_send_due_reminders(alice, bob):
    event = _event_in(timedelta(hours=10))
    _registered_long_ago(event, alice)
    result = tasks.send_event_reminders.enqueue()
    assert result.return_value == 1
    _registered_long_ago(event, bob)
    call_command("run_periodic")
    call_command("run_periodic", "--only", "event_reminders")
    assert Notification.objects.filter(verb="events.reminder_day").count() == 2
