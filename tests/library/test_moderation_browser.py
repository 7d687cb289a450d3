"""In Chromium: a moderator asks for changes, the contributor reads them; pages pass axe-core."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.library import services
from atelier.library.models import Status
from tests.browsing import log_in
from tests.library.factories import PublishedResourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "Please add the licence of the photographs and a Bulgarian abstract."


def test_moderator_asks_for_changes_and_contributor_reads_them(page, axe, alice, mona, password):
    resource = services.submit_resource(
        alice,
        fields={
            "kind": "toolkit",
            "title": MultilingualText("Audience development toolkit", "en"),
            "abstract": MultilingualText("How to reach new audiences.", "en"),
            "licence": "cc-by",
            "external_url": "https://example.org/toolkit",
            "languages": ["en"],
        },
    )

    log_in(page, mona, password, clear=True)
    page.goto("/library/moderation/")
    assert page.locator("h1").inner_text() == "Review queue"
    axe(page)
    page.get_by_role("link", name="Review Audience development toolkit").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/library/moderation/{resource.pk}/")
    axe(page)
    page.get_by_label("What should the contributor change?").fill(MESSAGE)
    page.get_by_role("button", name="Ask for changes").click()
    page.wait_for_load_state()
    assert page.url.endswith("/library/moderation/")
    assert "The contributor has been asked for changes." in page.locator(".messages").inner_text()
    assert "Nothing is waiting for your review." in page.content()
    resource.refresh_from_db()
    assert resource.status == Status.CHANGES_REQUESTED

    log_in(page, alice, password, clear=True)
    header_link = page.locator(".account-nav a[href='/me/notifications/']")
    header_link.get_by_text("(1 unread)").wait_for()
    header_link.click()
    page.wait_for_load_state()
    notification = page.locator(".notification-list li").first
    assert "Changes are asked for your resource “Audience development toolkit”" in (
        notification.inner_text()
    )
    assert MESSAGE in notification.inner_text()
    axe(page)

    page.goto("/library/mine/")
    card = page.locator(".contribution-list li").first
    assert "Changes requested" in card.inner_text()
    assert MESSAGE in card.inner_text()
    assert card.get_by_role("link", name="Make the changes").count() == 1
    axe(page)
    card.get_by_role("link", name="History").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/library/{resource.pk}/history/")
    assert MESSAGE in page.locator(".history-steps").inner_text()
    axe(page)


def test_collection_pages_are_accessible(page, axe, cora, password):
    collection = services.create_collection(
        cora, title="Audience development", language="en", description="Where to start."
    )
    for number, title in enumerate(("Mapping audiences", "Audience surveys")):
        resource = PublishedResourceFactory(title=MultilingualText(title, "en"))
        services.add_to_collection(cora, collection, resource, note=f"Step {number + 1}.")

    page.goto("/library/collections/")
    assert page.get_by_role("link", name="Audience development").count() == 1
    axe(page)
    page.goto(collection.get_absolute_url())
    items = page.locator(".collection-items > li")
    assert items.count() == 2
    assert "Mapping audiences" in items.first.inner_text()
    assert "Step 1." in items.first.inner_text()
    axe(page)

    log_in(page, cora, password, clear=True)
    page.goto(f"/library/collections/{collection.slug}/edit/")
    axe(page)
    page.get_by_role("button", name="Move down — Mapping audiences").click()
    page.wait_for_load_state()
    assert "Audience surveys" in page.locator(".collection-items > li").first.inner_text()
    page.get_by_label("Find published resources by title").fill("surveys")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state()
    assert "No published resource has this in its title." in page.content()
    axe(page)
    page.goto("/library/collections/new/")
    axe(page)
