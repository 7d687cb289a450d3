"""Every paginated list of the API answers any page number: past the last page, an empty page."""

import pytest

from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/organisations/",
    "/api/programmes/",
    "/api/events/",
    "/api/experts/",
    "/api/library/podcasts/",
    "/api/calls/",
    "/api/plans/",
    "/api/events/registrations",
    "/api/calls/applications",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775807", "3"])
def test_a_page_past_the_end_is_empty(client, alice, url, page):
    client.force_login(alice)
    response = client.get(url, {"page": page})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5"])
def test_a_page_that_is_no_page_number_is_refused_as_json(client, alice, url, page):
    client.force_login(alice)
    response = client.get(url, {"page": page})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


def test_the_last_page_still_lists_what_is_on_it(client):
    OrganisationFactory.create_batch(3)
    response = client.get("/api/organisations/", {"page": "2", "page_size": "2"})
    assert response.json()["count"] == 3
    assert len(response.json()["items"]) == 1


def test_search_answers_a_page_past_the_end_with_the_last_page(client):
    response = client.get("/api/search/", {"q": "culture", "page": "99999999999999999999"})
    assert response.status_code == 200
    assert (response.json()["page"], response.json()["pages"]) == (1, 1)


@pytest.mark.parametrize("page", ["-5", "x"])
def test_search_refuses_a_page_that_is_no_page_number_as_json(client, page):
    response = client.get("/api/search/", {"q": "culture", "page": page})
    assert response.status_code == 422
    assert "detail" in response.json()
