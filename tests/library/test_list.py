"""The library's list page: search box, facets, sort, count, cards, pages, shareable URLs."""

from datetime import date

import pytest
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, ResourceFile
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

LIST = reverse("library:list")


def titles(response):
    return [hit.resource.title.text for hit in response.context["hits"]]


def test_library_is_open_to_visitors(client):
    resource = PublishedResourceFactory(
        title=MultilingualText("Open toolkit", "en"),
        programme=ProgrammeFactory(acronym="SBCC"),
        published_on=date(2024, 5, 1),
    )
    resource.authors.create(name="Jan Kowalski", position=0)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Open toolkit"]
    assert '<p class="result-count" role="status">1 resource</p>' in html
    assert '<p class="resource-kind">Toolkit</p>' in html
    assert "Jan Kowalski" in html
    assert "SBCC · 2024 · CC BY 4.0" in html


def test_library_searches_and_shows_the_snippet(client):
    resource = PublishedResourceFactory(title=MultilingualText("Harvest notes", "en"))
    ResourceFile.objects.create(
        resource=resource,
        file="library/files/aa/x.pdf",
        original_name="notes.pdf",
        mime_type="application/pdf",
        size=10,
        sha256="0" * 64,
        extracted_text="The world café harvest needs a <b>graphic</b> recorder.",
    )
    PublishedResourceFactory(title=MultilingualText("Other", "en"))
    response = client.get(LIST, {"q": "recorder"})
    html = response.content.decode()
    assert titles(response) == ["Harvest notes"]
    assert "<mark>recorder</mark>" in html
    assert "<b>graphic</b>" not in html
    assert "1 resource matches “recorder”" in html


def test_library_filters_with_checkboxes_that_stay_checked(client):
    PublishedResourceFactory(title=MultilingualText("A guide", "en"), kind=Kind.GUIDE)
    PublishedResourceFactory(title=MultilingualText("A toolkit", "en"), kind=Kind.TOOLKIT)
    PublishedResourceFactory(title=MultilingualText("A video", "en"), kind=Kind.VIDEO)
    response = client.get(LIST + "?kind=guide&kind=video&sort=newest")
    html = response.content.decode()
    assert sorted(titles(response)) == ["A guide", "A video"]
    assert 'name="kind" value="guide" id="facet-kind-guide" checked' in html
    assert 'name="kind" value="toolkit" id="facet-kind-toolkit">' in html
    assert '<label for="facet-kind-toolkit">Toolkit <span class="facet-count">1</span>' in html
    assert '<option value="newest" selected>' in html


def test_library_keeps_the_search_in_page_links(client):
    for n in range(21):
        PublishedResourceFactory(title=MultilingualText(f"Lantern {n}", "en"))
    response = client.get(LIST, {"q": "lantern", "kind": "toolkit"})
    assert len(titles(response)) == 20
    assert 'href="?q=lantern&amp;kind=toolkit&amp;page=2"' in response.content.decode()
    second = client.get(LIST, {"q": "lantern", "kind": "toolkit", "page": 2})
    assert len(titles(second)) == 1


def test_library_tells_when_nothing_matches(client):
    PublishedResourceFactory()
    html = client.get(LIST, {"q": "zeppelin"}).content.decode()
    assert "No resource matches this search." in html
    assert "0 resources match “zeppelin”" in html


def test_library_survives_a_malformed_query(client):
    PublishedResourceFactory()
    for query in ['"unbalanced', "AND", "*", "-", "NEAR(", "x" * 300]:
        assert client.get(LIST, {"q": query, "page": "-3", "year": "x" * 500}).status_code == 200


def test_library_escapes_script_in_titles_and_abstracts(client):
    PublishedResourceFactory(
        title=MultilingualText("<script>alert('t')</script>", "en"),
        abstract=MultilingualText("<script>alert('a')</script>", "en"),
    )
    html = client.get(LIST).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html


def test_library_never_lists_unpublished_resources(client, alice):
    ResourceFactory(title=MultilingualText("Waiting draft", "en"), contributor=alice)
    client.force_login(alice)
    response = client.get(LIST)
    assert titles(response) == []


def test_library_answers_htmx_with_the_search_region_only(client):
    PublishedResourceFactory(title=MultilingualText("Partial", "en"))
    response = client.get(LIST, {"q": "partial"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="library-search"')
    assert "<html" not in html
    assert titles(response) == ["Partial"]


@pytest.mark.parametrize(
    "params", [{"q": "lagoon", "kind": "toolkit"}, {"q": "lagoon", "sort": "newest"}, {}]
)
def test_library_queries_do_not_grow_with_results(client, params):
    programme = ProgrammeFactory(acronym="PK")

    def add_results(first, n):
        for number in range(first, first + n):
            resource = PublishedResourceFactory(
                title=MultilingualText(f"Lagoon {number}", "en"),
                programme=programme,
                published_on=date(2024, 1, 1),
            )
            resource.authors.create(name="Ana", position=0)

    add_results(0, 1)
    # The first search after a change loads the facet index (the warming request); the
    # counted one only checks its generation.
    one, several = assert_same_queries(lambda: client.get(LIST, params), lambda: add_results(1, 4))
    assert len(titles(several)) == 5
