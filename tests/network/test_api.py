import pytest

from atelier.core.multilingual import MultilingualText
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_api_lists_organisations_with_filters(client):
    OrganisationFactory(name=MultilingualText("Motovila", "sl"), country="SI")
    OrganisationFactory(name=MultilingualText("MitOst e.V.", "de"), country="DE")
    data = client.get("/api/organisations/", {"country": "si"}).json()
    assert data["count"] == 1
    assert [(o["name"], o["name_language"], o["country"]) for o in data["items"]] == [
        ("Motovila", "sl", "SI")
    ]


def test_api_paginates_organisations(client):
    OrganisationFactory.create_batch(51)
    first = client.get("/api/organisations/").json()
    second = client.get("/api/organisations/", {"page": 2}).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (51, 50, 1)


def test_api_shows_one_organisation(client):
    organisation = OrganisationFactory(name=MultilingualText("Motovila", "sl"), city="Ljubljana")
    data = client.get(f"/api/organisations/{organisation.pk}").json()
    assert (data["name"], data["city"], data["url"]) == (
        "Motovila",
        "Ljubljana",
        f"/organisations/{organisation.pk}/",
    )


def test_api_answers_404_for_an_unknown_organisation(client):
    assert client.get("/api/organisations/999").status_code == 404


def test_openapi_documents_organisations_and_programmes(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/organisations/",
        "/api/organisations/{organisation_id}",
        "/api/programmes/",
        "/api/programmes/{slug}",
    } <= set(paths)
