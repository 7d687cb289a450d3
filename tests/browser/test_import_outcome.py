"""A coordinator imports a projects export in the browser: the page follows the rows done of
rows total and, once the import ends, links what it created; then a removal asks first in a
dialog."""

import csv

import pytest

from atelier.library import files
from atelier.library.models import ResourceFile
from atelier.programmes.models import Programme
from tests.browser.test_programme_journey import fits
from tests.browsing import log_in
from tests.library import samples
from tests.library.factories import ResourceFactory
from tests.programmes.test_importer import HEADER, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_follows_an_import_to_its_links(page, axe, cora, password, tmp_path):
    export = tmp_path / "projects.csv"
    with open(export, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [HEADER, row("ID-1", title="Dance moves"), row("ID-2", title="Open stages")]
        )
    log_in(page, cora, password, clear=True)
    page.goto("/programmes/import/")
    page.locator("input[type=file]").set_input_files(str(export))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_load_state()
    status = page.get_by_role("status")
    assert status.inner_text() == "Done — 2 of 2 rows"
    assert page.locator("progress").get_attribute("value") == "100"
    created = page.locator("section.import-outcome")
    assert created.get_by_role("heading").inner_text() == "Created (2)"
    axe(page)
    fits(page)
    created.get_by_role("link", name="Open stages").click()
    page.wait_for_load_state()
    assert page.url.endswith(Programme.objects.get(identifier="ID-2").get_absolute_url())


def test_removing_a_file_asks_in_a_dialog(page, axe, alice, password):
    resource = ResourceFactory(contributor=alice, kind="audio")
    audio = files.store_upload(resource, samples.upload("talk.ogg", samples.sample("hello.ogg")))
    files.store_upload(resource, samples.upload("toolkit.pdf", samples.pdf()))
    log_in(page, alice, password, clear=True)
    page.goto(f"/library/{resource.pk}/files/")
    page.get_by_role("link", name="Remove talk.ogg").click()
    dialog = page.get_by_role("dialog")
    assert "Remove “talk.ogg”?" in dialog.inner_text()
    axe(page)
    fits(page)
    dialog.get_by_role("button", name="Cancel").click()
    assert ResourceFile.objects.filter(pk=audio.pk).exists()
    page.get_by_role("link", name="Remove talk.ogg").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove the file").click()
    page.wait_for_load_state()
    assert "“talk.ogg” is removed." in page.inner_text("body")
    assert not ResourceFile.objects.filter(pk=audio.pk).exists()
