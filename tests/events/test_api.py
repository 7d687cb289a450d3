"""The events' API: public lists and detail; one's own registrations, register and cancel."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atelier.core.multilingual import MultilingualText
from atelier.events import services
from atelier.events.models import Event, Format, Registration, RegistrationMode
from tests.events.factories import EventFactory, QuestionFactory, SessionFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

API = "/api/events/"


def test_list_is_public_paginated_and_filtered(client):
    EventFactory(title=MultilingualText("Webinar", "en"), type="webinar")
    EventFactory(title=MultilingualText("Camp", "en"), type="academy-camp")
    EventFactory(status=Event.Status.DRAFT)
    data = client.get(API).json()
    assert data["count"] == 2
    assert [item["title"] for item in client.get(API, {"type": "webinar"}).json()["items"]] == [
        "Webinar"
    ]


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


def test_list_query_count_does_not_grow_with_events(client):
    programme = ProgrammeFactory()
    SessionFactory(event=EventFactory(programme=programme))
    one, data = _queries(client, API)
    assert [item["programme"] for item in data["items"]] == [programme.slug]
    other = ProgrammeFactory()
    SessionFactory(event=EventFactory(programme=other))
    EventFactory(programme=programme)
    three, data = _queries(client, API)
    assert data["count"] == 3
    assert sorted(item["programme"] for item in data["items"]) == sorted(
        [programme.slug, programme.slug, other.slug]
    )
    assert three == one


def test_own_registrations_query_count_does_not_grow_with_registrations(client, alice):
    services.register(EventFactory(programme=ProgrammeFactory()), alice)
    client.force_login(alice)
    one, data = _queries(client, f"{API}registrations")
    assert len(data["items"]) == 1
    services.register(EventFactory(programme=ProgrammeFactory()), alice)
    services.register(EventFactory(), alice)
    three, data = _queries(client, f"{API}registrations")
    assert len(data["items"]) == 3
    assert three == one


def test_detail_shows_seats_but_never_the_meeting_link(client):
    event = EventFactory(
        format=Format.HYBRID, online_url="https://meet.example.org/secret", room_capacity=3
    )
    data = client.get(f"{API}{event.slug}").json()
    assert data["slug"] == event.slug
    assert data["seats"] == [{"mode": "room", "left": 3}, {"mode": "online", "left": None}]
    assert "secret" not in str(data)


def test_drafts_are_not_found(client):
    assert client.get(f"{API}{EventFactory(status='draft').slug}").status_code == 404


def test_registering_needs_a_session(client):
    event = EventFactory()
    assert (
        client.post(
            f"{API}{event.slug}/registration", {}, content_type="application/json"
        ).status_code
        == 401
    )
    assert client.get(f"{API}registrations").status_code == 401


def test_register_list_and_cancel_through_the_api(client, alice, bob):
    event = EventFactory(
        online_capacity=1, format=Format.ONLINE, online_url="https://meet.example.org/r"
    )
    client.force_login(alice)
    url = f"{API}{event.slug}/registration"
    response = client.post(url, {"country": "bg"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert response.json()["online_url"] == "https://meet.example.org/r"
    assert Registration.objects.get(user=alice).country.code == "BG"
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["detail"] == "You are already registered for this event (Confirmed)."
    client.force_login(bob)
    waiting = client.post(url, {}, content_type="application/json").json()
    assert (waiting["status"], waiting["online_url"]) == ("waitlisted", "")
    client.force_login(alice)
    assert [r["event"] for r in client.get(f"{API}registrations").json()["items"]] == [event.slug]
    assert client.delete(url).json()["status"] == "cancelled"
    assert Registration.objects.get(user=bob).status == "offered"
    client.force_login(bob)
    assert client.get(f"{API}registrations").json()["items"][0]["status"] == "offered"


def test_api_applies_to_application_events_with_answers(client, alice):
    event = EventFactory(registration_mode=RegistrationMode.APPLICATION)
    question = QuestionFactory(event=event)
    client.force_login(alice)
    url = f"{API}{event.slug}/registration"
    bad = client.post(url, {}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"] == {f"question_{question.pk}": ["This question needs an answer."]}
    good = client.post(
        url, {"answers": {str(question.pk): "To learn."}}, content_type="application/json"
    )
    assert good.json()["status"] == "applied"


def test_one_cannot_cancel_what_one_does_not_have(client, alice, bob):
    event = EventFactory()
    services.register(event, bob)
    client.force_login(alice)
    assert client.delete(f"{API}{event.slug}/registration").status_code == 404
    assert Registration.objects.get().status == "confirmed"
