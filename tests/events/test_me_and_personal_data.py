"""A person's registrations on /me/, in the data export, and after erasure."""

import json

import pytest
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.events import services
from atelier.events.models import Registration
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_me_page_lists_ones_registrations(client, alice, bob):
    event = EventFactory(title=MultilingualText("Academy camp", "en"))
    other = EventFactory(title=MultilingualText("Someone else's webinar", "en"))
    services.register(event, alice)
    services.register(other, bob)
    client.force_login(alice)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "Your events" in html
    assert "Academy camp" in html
    assert "Someone else" not in html


def test_my_registrations_page_is_personal_and_paginated(client, alice):
    url = reverse("events:mine")
    assert client.get(url).status_code == 302
    for _n in range(22):
        services.register(EventFactory(), alice)
    client.force_login(alice)
    response = client.get(url)
    assert len(response.context["registrations"]) == 20
    assert len(client.get(url, {"page": 2}).context["registrations"]) == 2


def test_export_of_registrations_holds_the_funder_fields(alice):
    services.register(
        EventFactory(),
        alice,
        details={"organisation": "Chitalishte", "demographics_consent": True, "gender": "woman"},
    )
    (entry,) = json.loads(json.dumps(services.export_registrations(alice), default=str))
    assert (entry["organisation"], entry["gender"], entry["status"]) == (
        "Chitalishte",
        "woman",
        "confirmed",
    )


def test_erasure_forgets_what_identifies_the_person(client, alice, password):
    services.register(
        EventFactory(),
        alice,
        details={"organisation": "Chitalishte", "demographics_consent": True, "gender": "woman"},
    )
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.organisation, registration.gender, registration.demographics_consent) == (
        "",
        "",
        False,
    )
