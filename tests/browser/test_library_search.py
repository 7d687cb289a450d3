"""Finding things in the library with a real browser and the keyboard alone; axe-core clean."""

from datetime import date

import pytest

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, ResourceFile
from tests.library.factories import PublishedResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library():
    heritage, _created = Theme.objects.get_or_create(slug="cultural-heritage")
    toolkit = PublishedResourceFactory(
        title=MultilingualText("Heritage walks toolkit", "en"),
        abstract=MultilingualText("Plan walks through the old town with residents.", "en"),
        kind=Kind.TOOLKIT,
        published_on=date(2024, 4, 1),
    )
    toolkit.themes.set([heritage])
    ResourceFile.objects.create(
        resource=toolkit,
        file="library/files/aa/walks.pdf",
        original_name="walks.pdf",
        mime_type="application/pdf",
        size=1000,
        sha256="0" * 64,
        extraction=ResourceFile.Extraction.DONE,
        extracted_text="Each walk ends with a storytelling circle in the square.",
    )
    guide = PublishedResourceFactory(
        title=MultilingualText("Storytelling guide", "en"),
        abstract=MultilingualText("Stories of the harbour, told by its workers.", "en"),
        kind=Kind.GUIDE,
        published_on=date(2023, 2, 1),
    )
    PublishedResourceFactory(
        title=MultilingualText("Vodnik po mestu", "sl"), kind=Kind.GUIDE, languages=["sl"]
    )
    return toolkit, guide


def test_a_visitor_searches_and_filters_with_the_keyboard(page, axe, library):
    toolkit, guide = library
    page.goto("/library/")
    axe(page)
    assert page.get_by_role("status").inner_text() == "3 resources"

    search_box = page.get_by_role("searchbox", name="Search the library")
    search_box.focus()
    page.keyboard.type("storytelling")
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    status.filter(has_text="2 resources match “storytelling”").wait_for()
    # The word inside the toolkit's PDF is found and shown highlighted.
    assert page.locator(".snippet mark", has_text="storytelling").count() >= 1
    assert "q=storytelling" in page.url
    axe(page)

    # Tab to the "Guide" checkbox and tick it with the space bar.
    guide_box = page.get_by_label("Guide", exact=False).first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "facet-kind-guide":
            break
    assert page.evaluate("document.activeElement.id") == "facet-kind-guide"
    page.keyboard.press("Space")
    status.filter(has_text="1 resource matches “storytelling”").wait_for()
    assert guide_box.is_checked()
    assert "kind=guide" in page.url
    cards = page.locator(".resource-card h3")
    assert cards.all_inner_texts() == ["Storytelling guide"]
    # The other type still shows, with its count, to widen the search again.
    assert page.locator("label[for=facet-kind-toolkit]").inner_text() == "Toolkit 1"
    axe(page)

    # The address is shareable: opening it again gives the same page.
    page.goto(page.url)
    assert page.get_by_role("status").inner_text() == "1 resource matches “storytelling”"
    page.get_by_role("link", name="Storytelling guide").click()
    page.wait_for_url(f"**{guide.get_absolute_url()}")
    axe(page)


def test_the_library_filters_without_javascript(browser, live_server, library):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/library/")
        page.get_by_label("Guide", exact=False).first.check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url("**kind=guide**")
        assert page.get_by_role("status").inner_text() == "2 resources"
    finally:
        context.close()


def test_a_resource_page_is_accessible(page, axe, library):
    toolkit, _guide = library
    page.goto(toolkit.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Heritage walks toolkit"
    axe(page)
