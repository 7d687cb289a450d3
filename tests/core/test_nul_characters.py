"""A request holding a NUL character (in its address, a parameter, a form field or a JSON body)
is refused with the forms' own message, never a server error (PostgreSQL cannot compare or
store such text); an uploaded file's bytes are its own."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Null characters are not allowed."


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/events/", {"programme": "a\x00b"}),
        ("/library/", {"programme": "\x00"}),
        ("/calls/", {"programme": "x\x00"}),
        ("/plans/", {"programme": "\x00"}),
        ("/search/", {"q": "culture\x00"}),
        ("/organisations/", {"q\x00": "x"}),
    ],
)
def test_a_page_asked_with_a_nul_character_says_why_it_is_refused(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


def test_a_labs_filter_with_a_nul_character_is_refused_for_a_signed_in_member(client, fay):
    client.force_login(fay)
    response = client.get("/labs/", {"programme": "\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00"}, {"country": "B\x00G"}, {"theme": "\x00"}],
)
def test_an_api_filter_with_a_nul_character_is_a_json_400(client, params):
    ProgrammeFactory()
    response = client.get("/api/programmes/", params)
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_a_nul_character_in_the_address_is_a_json_400(client):
    response = client.get("/api/programmes/ce\x00plus")
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_a_json_body_with_a_nul_character_is_refused(client, alice):
    client.force_login(alice)
    body = {"kind": "toolkit", "title": "Tool\x00kit", "language": "en"}
    response = client.post("/api/library/resources/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_json_metadata_in_a_form_field_with_a_nul_character_is_refused(client, alice):
    client.force_login(alice)
    metadata = json.dumps({"kind": "toolkit", "title": "A\x00", "language": "en"})
    response = client.post("/api/library/resources/upload", {"metadata": metadata})
    assert response.status_code == 400
    assert response.json() == {"detail": MESSAGE}


def test_a_json_body_whose_text_names_the_escape_is_accepted(client, alice):
    client.force_login(alice)
    body = {"kind": "toolkit", "title": "How to write \\u0000 in JSON", "language": "en",
            "external_url": "https://example.org/json"}  # fmt: skip
    response = client.post("/api/library/resources/", body, content_type="application/json")
    assert response.status_code == 201


def test_an_uploaded_file_may_hold_nul_bytes(client):
    from atelier.plans import services
    from tests.factories import UserFactory
    from tests.plans.factories import PlanFactory

    manager = UserFactory()
    plan = PlanFactory()
    plan.managers.set([manager])
    client.force_login(manager)
    content = ",".join(services.CSV_COLUMNS) + "\nGoal,Bro\x00ken,,,,,,,,,\n"
    upload = SimpleUploadedFile("plan.csv", content.encode(), content_type="text/csv")
    response = client.post(f"/plans/{plan.slug}/import/", {"file": upload})
    # The file reaches the import, which names the row.
    assert response.status_code == 200
    assert f"Row 2: {MESSAGE}" in response.content.decode()
