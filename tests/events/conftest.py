"""Shared fixtures of the events' tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def people(db):
    """Five more members, to fill seats and waitlists."""
    return [
        UserFactory(email=f"member{n}@example.org", display_name=f"Member {n}") for n in range(5)
    ]


@pytest.fixture
def programme(db):
    from tests.programmes.factories import ProgrammeFactory

    return ProgrammeFactory()


@pytest.fixture
def coordinator(programme):
    """Coordinates ``programme`` only."""
    from atelier.accounts.services import assign_role

    person = UserFactory(email="petra@example.org", display_name="Petra Coordinator")
    assign_role(person, "coordinator", scope=programme)
    return person


@pytest.fixture
def other_coordinator(db):
    """Coordinates another programme."""
    from atelier.accounts.services import assign_role
    from tests.programmes.factories import ProgrammeFactory

    person = UserFactory(email="otto@example.org", display_name="Otto Elsewhere")
    assign_role(person, "coordinator", scope=ProgrammeFactory())
    return person


@pytest.fixture
def running_event(programme):
    """An event of ``programme`` that runs now: check-in is open."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.events.factories import EventFactory

    start = timezone.now() - timedelta(minutes=30)
    return EventFactory(programme=programme, starts_at=start, ends_at=start + timedelta(hours=6))
