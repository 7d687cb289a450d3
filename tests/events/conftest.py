"""Shared fixtures of the events' tests."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def people(db):
    """Five more members, to fill seats and waitlists."""
    return [
        UserFactory(email=f"member{n}@example.org", display_name=f"Member {n}") for n in range(5)
    ]
