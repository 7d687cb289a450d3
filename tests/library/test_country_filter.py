"""A country filter holding anything (a code typed into the address) lists nothing, and the
library answers it, on the page and in the API, as an unknown country."""

import pytest

from tests.library.factories import PublishedResourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["¹", "٣", "12", "XX", "bg"])
def test_the_api_answers_any_country_filter(client, code):
    PublishedResourceFactory(countries=["BG"])
    response = client.get("/api/library/resources/", {"country": code})
    assert response.status_code == 200
    values = {v["value"]: v for v in response.json()["facets"]["country"]}
    assert values[code]["selected"] is True


@pytest.mark.parametrize("code", ["¹", "٣"])
def test_the_library_page_answers_any_country_filter(client, code):
    PublishedResourceFactory(countries=["BG"])
    assert client.get("/library/", {"country": code}).status_code == 200
