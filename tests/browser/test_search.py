"""One search across everything, in a real browser: a query in one language finds the demo's
resources written in others; keyboard only; axe-core clean."""

import pytest

from atelier.library.demo import RESOURCES
from atelier.library.models import Kind
from atelier.search import services
from tests.library.factories import PublishedResourceFactory
from tests.network.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIGITAL_TOOLKIT = "Digital education for trainers: a toolkit for the cultural and community sector"


@pytest.fixture
def demo_library(semantic):
    """The demo library's resources (their titles and abstracts, in their languages), a few
    organisations, indexed with their vectors as the task worker makes them."""
    for resource in RESOURCES:
        if "title" not in resource:
            continue
        PublishedResourceFactory(
            title=resource["title"],
            abstract=resource.get("abstract"),
            kind=resource["kind"] if resource["kind"] in Kind.values else Kind.TOOLKIT,
            languages=resource.get("languages", []),
        )
    from atelier.core.multilingual import MultilingualText

    OrganisationFactory(name=MultilingualText("Motovila", "sl"))
    OrganisationFactory(name=MultilingualText("Cowork Timișoara", "ro"))
    services.reindex(embed_now=True)


def _search_from_header(page, words):
    box = page.get_by_role("searchbox", name="Search everything").first
    box.focus()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")


def test_a_bulgarian_query_finds_the_english_toolkit(page, axe, demo_library):
    page.goto("/")
    _search_from_header(page, "дигитално образование за обучители")
    titles = page.locator(".search-card h3").all_inner_texts()
    # Among the first results, with the Bulgarian handbook for trainers of the same programme.
    assert DIGITAL_TOOLKIT in titles[:3]
    card = page.locator(".search-card", has_text=DIGITAL_TOOLKIT)
    assert card.locator(".search-kind").text_content() == "Resources · English"
    axe(page)
    card.locator("h3 a").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/library/**")
    assert page.locator("h1").inner_text() == DIGITAL_TOOLKIT


def test_a_polish_query_finds_mobility_resources_in_other_languages(page, axe, demo_library):
    page.goto("/")
    _search_from_header(page, "mobilność artystów")
    cards = page.locator(".search-card")
    first = cards.first
    # The Slovenian guide, shown by its English title, and told which one the reader sees.
    assert first.locator("h3").inner_text() == (
        "A guide to international mobility in the cultural and creative sectors"
    )
    assert first.locator(".search-kind").text_content() == "Resources · Slovenian"
    assert "original in Slovenian" in first.locator(".rendition-note").inner_text()
    axe(page)

    # Narrow to resources with the keyboard.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "facet-type-resource":
            break
    assert page.evaluate("document.activeElement.id") == "facet-type-resource"
    page.keyboard.press("Space")
    page.wait_for_url("**type=resource**")
    page.locator(".search-card").first.wait_for()
    kinds = page.locator(".search-kind").all_text_contents()
    assert kinds and all(kind.startswith("Resources") for kind in kinds)
    assert page.locator("#facet-type-resource").is_checked()
    axe(page)
