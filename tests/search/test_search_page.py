"""/search/ and /api/search/: anyone may search; pages, filters and a fixed number of queries."""

import pytest
from django.core.management import call_command

from atelier.core.multilingual import MultilingualText
from atelier.search import services
from atelier.search.models import Entry, Vector
from tests.library.factories import PublishedResourceFactory
from tests.network.factories import OrganisationFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def _resources(count, first=0):
    for n in range(first, first + count):
        PublishedResourceFactory(
            title=MultilingualText(f"Heritage toolkit {n}", "en"),
            abstract=MultilingualText("Methods for heritage interpretation.", "en"),
        )
    services.embed(Entry.objects.values_list("pk", flat=True))


def test_a_visitor_may_search(client):
    _resources(1)
    response = client.get("/search/", {"q": "heritage"})
    assert response.status_code == 200
    assert "Heritage toolkit 0" in response.content.decode()


def test_a_member_may_search(client, mona):
    _resources(1)
    client.force_login(mona)
    assert client.get("/search/", {"q": "heritage"}).status_code == 200


def test_the_page_without_a_query_invites_a_search(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type what you are looking for" in response.content.decode()


def test_a_result_says_its_type_and_language(client):
    OrganisationFactory(
        name=MultilingualText("Zavod za kulturo Maribor", "sl"),
        description=MultilingualText("Kulturni programi in delavnice za mlade v Mariboru.", "sl"),
    )
    body = client.get("/search/", {"q": "kulturni programi"}).content.decode()
    assert "Organisations" in body
    assert "Slovenian" in body


def test_the_type_filter_narrows_the_page(client):
    _resources(1)
    OrganisationFactory(name=MultilingualText("Heritage association", "en"))
    body = client.get("/search/", {"q": "heritage", "type": "organisation"}).content.decode()
    assert "Heritage association" in body
    assert "Heritage toolkit 0" not in body


def test_a_bad_filter_keeps_the_words(client):
    _resources(1)
    response = client.get("/search/", {"q": "heritage", "type": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert "Heritage toolkit 0" in response.content.decode()


def test_htmx_gets_the_results_region_only(client):
    _resources(1)
    response = client.get("/search/", {"q": "heritage"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="search-region"' in body
    assert "<html" not in body


def test_results_paginate(client):
    _resources(23)
    first = client.get("/search/", {"q": "heritage toolkit"}).content.decode()
    second = client.get("/search/", {"q": "heritage toolkit", "page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second


def test_the_page_needs_a_fixed_number_of_queries(client):
    _resources(1)
    # Warming (inside the helper) fills the vector matrix and the session.
    one, several = assert_same_queries(
        lambda: client.get("/search/", {"q": "heritage"}), lambda: _resources(3, first=1)
    )
    assert all(f"Heritage toolkit {n}" in several.content.decode() for n in range(4))


def test_the_api_searches_for_anyone(client):
    _resources(2)
    response = client.get("/api/search/", {"q": "heritage"})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 2
    assert {hit["kind"] for hit in data["results"]} == {"resource"}
    assert data["results"][0]["url"].startswith("http")
    assert data["types"] == [{"value": "resource", "label": "Resources", "count": 2}]


def test_the_api_refuses_an_empty_query(client):
    response = client.get("/api/search/", {"q": " "})
    assert response.status_code == 422


def test_the_api_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/search/" in document["paths"]


def test_reindex_rebuilds_everything_with_a_progress_bar(capsys):
    _resources(2)
    OrganisationFactory(name=MultilingualText("Heritage association", "en"))
    Entry.objects.all().delete()
    call_command("reindex", "--embed")
    out = capsys.readouterr()
    assert "[##############################] 3/3" in out.err
    assert "3 items indexed" in out.out
    assert Entry.objects.count() == 3
    assert Vector.objects.count() == 3
    assert services.pending_embeddings() == 0


def test_reindex_refuses_an_unknown_kind():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("reindex", "--kind", "nonsense")


def test_the_header_carries_the_search_box(client):
    body = client.get("/").content.decode()
    assert 'action="/search/"' in body or 'action="/en/search/"' in body


def test_the_page_is_served_in_every_language(client):
    for language in ("bg", "pl", "ro", "sl"):
        response = client.get(f"/{language}/search/", {"q": "x"})
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
