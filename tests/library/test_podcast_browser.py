"""Podcast pages in a real browser: a coordinator creates a podcast; visitors listen."""

from pathlib import Path

import pytest
from PIL import Image

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, Podcast
from tests.browsing import log_in
from tests.library.factories import PodcastFactory, PublishedResourceFactory
from tests.library.open_standards import attach, attach_transcript

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_podcast_and_its_page_is_accessible(
    page, axe, cora, password, tmp_path
):
    cover = Path(tmp_path) / "cover.png"
    Image.new("RGB", (1400, 1400), "#224466").save(cover)
    log_in(page, cora, password)
    page.goto("/library/podcasts/")
    axe(page)
    page.get_by_role("link", name="Create a podcast").click()
    assert page.locator("h1").inner_text() == "Create a podcast"
    axe(page)
    page.locator("#id_title").fill("Culture Talks")
    page.locator("#id_text_language").select_option("en")
    page.locator("#id_description_text").fill("Conversations with cultural workers.")
    page.locator("#id_slug").fill("culture-talks")
    page.locator("#id_category").select_option("Arts")
    page.locator("#id_subcategory").select_option("Performing Arts")
    page.locator("#id_author").fill("CE+ consortium")
    page.locator("#id_owner_name").fill("Maria Ivanova")
    page.locator("#id_owner_email").fill("podcast@example.org")
    page.locator("#id_cover").set_input_files(str(cover))
    page.get_by_role("button", name="Create the podcast").click()
    page.wait_for_url("**/library/podcasts/culture-talks/")
    assert page.locator("h1").inner_text() == "Culture Talks"
    assert Podcast.objects.get().cover
    axe(page)


def test_visitor_sees_episodes_with_players_and_the_feed(page, axe):
    podcast = PodcastFactory(title=MultilingualText("Culture Talks", "en"), slug="culture-talks")
    for number in (1, 2):
        episode = PublishedResourceFactory(
            kind=Kind.PODCAST_EPISODE,
            podcast=podcast,
            title=MultilingualText(f"Episode {number}", "en"),
            season=1,
            episode_number=number,
            external_url="",
        )
        audio = attach(episode, duration=300)
        attach_transcript(episode, audio)
    page.goto("/library/podcasts/culture-talks/")
    assert page.locator("audio[controls]").count() == 2
    assert page.locator("link[rel=alternate][type='application/rss+xml']").count() == 1
    assert (
        page.get_by_label("Feed address (RSS)")
        .input_value()
        .endswith("/library/podcasts/culture-talks/feed.xml")
    )
    axe(page)
