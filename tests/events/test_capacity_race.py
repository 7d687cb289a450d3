"""Capacity under concurrent requests: many people take the last seat at once, one gets it.

On PostgreSQL requests really run in parallel and ``select_for_update`` locks the event row;
on SQLite (a file database with the production profile) IMMEDIATE transactions queue the
writers, which must wait for each other rather than fail.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from atelier.events import services
from atelier.events.models import Event, Registration
from tests.factories import UserFactory

THREADS = 12


def _race(worker, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes, errors = [], []

    def run(argument):
        try:
            barrier.wait()
            outcomes.append(worker(argument))
        except Exception as error:  # noqa: BLE001 - collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def _event(capacity):
    return Event.objects.create(
        title={"lang": "en", "text": "Closing conference"},
        slug="closing-conference",
        type="conference",
        format="on-site",
        venue_name="Philharmonic",
        venue_city="Szczecin",
        venue_country="PL",
        time_zone="Europe/Warsaw",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=11),
        room_capacity=capacity,
        status="published",
    )


@pytest.mark.django_db(transaction=True)
def test_exactly_one_person_gets_the_last_seat(race_database):
    event = _event(capacity=3)
    for n in range(2):
        services.register(event, UserFactory(email=f"early{n}@example.org"))
    people = [UserFactory(email=f"racer{n}@example.org") for n in range(THREADS)]

    outcomes, errors = _race(lambda person: services.register(event, person).status, people)

    assert errors == []
    assert sorted(outcomes).count("confirmed") == 1
    assert sorted(outcomes).count("waitlisted") == THREADS - 1
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_double_click_registers_once(race_database):
    event = _event(capacity=10)
    person = UserFactory(email="clicker@example.org")

    outcomes, errors = _race(lambda _n: services.register(event, person).status, range(4))

    assert outcomes == ["confirmed"]
    assert [e.messages for e in errors] == [
        ["You are already registered for this event (Confirmed)."]
    ] * 3
    assert Registration.objects.filter(event=event).count() == 1
