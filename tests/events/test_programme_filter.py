"""The events list's programme filter offers the programmes that have events, not all."""

import pytest
from django.urls import reverse

from atelier.events.models import Event
from tests.events.factories import EventFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


def _programme_options(response):
    return [value for value, _label in response.context["form"].fields["programme"].choices]


def test_only_programmes_with_public_events_are_offered(client):
    busy = ProgrammeFactory(slug="busy")
    ProgrammeFactory.create_batch(30)
    drafting = ProgrammeFactory(slug="drafting")
    EventFactory(programme=busy)
    EventFactory(programme=drafting, status=Event.Status.DRAFT)
    options = _programme_options(client.get(LIST))
    assert options == ["", "busy"]


def test_a_link_to_a_programme_without_events_still_filters(client):
    ProgrammeFactory(slug="quiet")
    EventFactory(programme=ProgrammeFactory(slug="busy"))
    response = client.get(LIST, {"programme": "quiet", "when": "all"})
    assert response.status_code == 200
    assert response.context["form"].is_valid()
    assert "quiet" in _programme_options(response)
    assert list(response.context["events"]) == []
