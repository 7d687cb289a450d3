"""In Chromium: a member contributes a PDF toolkit through the form; the pages pass axe-core."""

import pytest

from atelier.library import files
from atelier.library.models import Resource, ResourceFile, Status
from tests.browsing import log_in
from tests.library import samples
from tests.library.samples import upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_submits_a_pdf_toolkit_and_is_told_it_awaits_review(
    page, axe, alice, password, tmp_path
):
    toolkit = tmp_path / "Audience toolkit.pdf"
    toolkit.write_bytes(samples.pdf("Audience development in small venues", "Checklist"))

    log_in(page, alice, password, clear=True)
    page.goto("/library/contribute/")
    assert page.locator("h1").inner_text() == "Contribute a resource"
    axe(page)

    # Podcast fields show only for podcast episodes, the licence's address only for "other".
    podcast_group = page.locator("#group-podcast")
    assert podcast_group.is_hidden()
    page.locator("#id_kind").select_option("podcast-episode")
    assert podcast_group.is_visible()
    page.locator("#id_kind").select_option("toolkit")
    assert podcast_group.is_hidden()
    assert page.get_by_label("Address of the licence").is_hidden()
    page.locator("#id_licence").select_option("other")
    assert page.get_by_label("Address of the licence").is_visible()
    page.locator("#id_licence").select_option("cc-by-sa")

    # Nothing to share yet: the form says what is missing and keeps what was typed.
    page.locator("#id_title").fill("Audience development toolkit")
    page.get_by_label("Abstract").fill("How small venues reach new audiences.")
    page.get_by_role("button", name="Submit the resource").click()
    page.wait_for_load_state()
    assert "The resource was not submitted." in page.locator(".errors-summary").inner_text()
    assert "Add at least one file or an external link." in page.locator(".errorlist").inner_text()
    assert page.locator("#id_title").input_value() == "Audience development toolkit"
    axe(page)

    page.get_by_label("Files").set_input_files(str(toolkit))
    page.get_by_label("Authors").fill("Maria Ivanova\nPlovdiv 2019 Foundation")
    page.get_by_label("Cultural and community workers").check()
    page.get_by_role("button", name="Submit the resource").click()
    page.wait_for_load_state()

    resource = Resource.objects.get()
    assert page.url.endswith(f"/library/{resource.pk}/")
    assert "Your resource awaits review by a moderator." in page.locator(".messages").inner_text()
    assert resource.status == Status.SUBMITTED
    assert resource.licence == "cc-by-sa"
    stored = resource.files.get()
    assert stored.original_name == "Audience toolkit.pdf"
    assert stored.extraction == ResourceFile.Extraction.DONE
    assert "Audience development in small venues" in stored.extracted_text

    page.goto(f"/library/{resource.pk}/edit/")
    assert page.locator("#id_title").input_value() == "Audience development toolkit"
    axe(page)


def test_the_files_page_is_accessible(page, axe, alice, password):
    from tests.library.factories import ResourceFactory

    resource = ResourceFactory(contributor=alice, kind="audio")
    audio = files.store_upload(resource, upload("talk.ogg", samples.sample("hello.ogg")))
    files.store_upload(
        resource, upload("talk.vtt", samples.vtt("Hello")), role="captions", media=audio
    )

    log_in(page, alice, password, clear=True)
    page.goto(f"/library/{resource.pk}/files/")
    assert page.locator("h1").inner_text() == "Files of the resource"
    axe(page)
    page.get_by_role("button", name="Attach").click()
    page.wait_for_load_state()
    assert "The file was not attached." in page.locator(".errors-summary").inner_text()
    axe(page)
