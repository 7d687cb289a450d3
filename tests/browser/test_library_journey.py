"""The library end to end, in Chromium: a member submits a PDF toolkit, a moderator approves
it, and a visitor finds it by a word that only the PDF holds, sees the snippet and downloads it.
"""

import pytest

from atelier.library.models import Resource, Status
from atelier.notifications.models import Notification
from tests.browsing import log_in
from tests.library import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A word that appears inside the PDF and nowhere in the metadata typed into the form.
WORD = "Zwischenraum"


def test_contribute_approve_find_by_a_word_inside_the_pdf_and_download(
    page, axe, alice, mona, password, tmp_path
):
    toolkit = tmp_path / "toolkit.pdf"
    toolkit.write_bytes(
        samples.pdf(
            "Audience development in small venues",
            f"Leave a {WORD} between the stage and the audience.",
        )
    )

    # A member contributes the toolkit.
    log_in(page, alice, password, clear=True)
    page.goto("/library/")
    page.get_by_role("link", name="Contribute a resource").click()
    page.locator("#id_title").fill("Small venues toolkit")
    page.get_by_label("Abstract").fill("How small venues reach new audiences.")
    page.get_by_label("Files").set_input_files(str(toolkit))
    page.get_by_role("button", name="Submit the resource").click()
    page.wait_for_load_state()
    assert "awaits review" in page.locator(".messages").inner_text()
    resource = Resource.objects.get()
    assert resource.status == Status.SUBMITTED

    # Not yet public: a visitor's search does not find it.
    page.context.clear_cookies()
    page.goto(f"/library/?q={WORD}")
    assert (
        page.locator(".result-count").inner_text().startswith("0")
        or not page.locator(f"text={resource.title.text}").count()
    )

    # A moderator approves it from the queue.
    log_in(page, mona, password, clear=True)
    page.goto("/library/moderation/")
    page.get_by_role("link", name="Small venues toolkit").first.click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED
    assert Notification.objects.filter(recipient=alice, verb="library.approved").exists()

    # A visitor searches for the word inside the PDF, sees the snippet, opens and downloads.
    page.context.clear_cookies()
    page.goto("/library/")
    page.get_by_label("Search the library").fill(WORD)
    page.get_by_label("Search the library").press("Enter")
    page.wait_for_load_state()
    axe(page)
    card = page.locator(".card", has_text="Small venues toolkit")
    assert card.count() == 1
    assert card.locator("mark").first.inner_text() == WORD
    card.get_by_role("link", name="Small venues toolkit").click()
    page.wait_for_load_state()
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="toolkit.pdf").first.click()
    download = download_info.value
    assert download.suggested_filename == "toolkit.pdf"
    assert open(download.path(), "rb").read() == toolkit.read_bytes()
    resource.refresh_from_db()
    assert resource.download_count == 1
