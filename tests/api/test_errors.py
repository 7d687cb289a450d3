"""The API answers its errors as JSON, in the reader's language, never as an HTML page."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from atelier.api.api import api
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/nowhere",
        "/api/library/nowhere/deeper",
        "/api/events/no-such-event",
        "/api/plans/no-such-plan",
        "/api/programmes/no-such-programme",
        "/api/organisations/99999999999999999999",
        "/api/library/resources/99999999999999999999",
        "/api/library/podcasts/no-such-podcast",
        "/api/experts/12345",
    ],
)
def test_what_does_not_exist_answers_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Not found."


def test_a_404_is_in_the_readers_language(client):
    response = client.get("/api/events/no-such-event", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.json()["detail"] not in ("Not found.", "Not Found")


def test_signing_in_first_is_asked_for_in_json(client):
    response = client.get("/api/events/registrations")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in first."}


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (PermissionDenied(), 403, {"detail": "You may not do this."}),
        (Http404(), 404, {"detail": "Not found."}),
        (
            ValidationError({"country": ["Unknown country."]}),
            400,
            {"detail": "Unknown country.", "errors": {"country": ["Unknown country."]}},
        ),
    ],
)
def test_an_error_an_endpoint_raises_is_answered_as_json(rf, error, status, body):
    # Endpoints raise Django's own errors from services and shortcuts; none may become a
    # server error or an HTML page.
    response = api.on_exception(rf.get("/api/"), error)
    assert response.status_code == status
    assert json.loads(response.content) == body


def test_a_request_that_does_not_fit_the_schema_answers_a_json_422(client):
    response = client.get("/api/library/resources/", {"per_page": "many"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "per_page"]


def test_a_service_refusal_answers_a_json_400_with_the_fields(client, alice):
    event = EventFactory(room_capacity=10)
    client.force_login(alice)
    response = client.post(
        f"/api/events/{event.slug}/registration",
        {"attendance_mode": "teleport"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_change_to_an_unknown_path_is_a_json_404_not_a_csrf_page(client):
    client = type(client)(enforce_csrf_checks=True)
    response = client.put(
        "/api/library/resources/not-a-number", {}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
