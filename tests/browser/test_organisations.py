import pytest

from atelier.core.multilingual import MultilingualText
from tests.factories import UserFactory
from tests.network.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def located(name, lat, lng, country="SI"):
    return OrganisationFactory(
        name=MultilingualText(name, "en"), country=country, latitude=lat, longitude=lng
    )


def test_map_shows_markers_for_organisations_with_a_location(page, axe):
    located("Motovila", "46.056900", "14.505800")
    located("MitOst", "52.520000", "13.405000", "DE")
    located("AEIDL", "50.846600", "4.352800", "BE")
    OrganisationFactory(name=MultilingualText("Without a place", "en"))
    page.goto("/organisations/")
    page.wait_for_selector("#organisation-map[data-markers='3']")
    assert page.locator("[data-map-section]").is_visible()
    # Markers (single or clustered) are drawn in Leaflet's marker pane.
    assert page.locator(".leaflet-marker-pane > *").count() >= 1
    assert page.locator(".organisation-list li").count() == 4
    axe(page)


def test_list_works_without_javascript(browser, live_server):
    located("Motovila", "46.056900", "14.505800")
    OrganisationFactory(name=MultilingualText("Zavod Otok", "sl"), country="SI")
    OrganisationFactory(name=MultilingualText("DutchCulture", "en"), country="NL")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/organisations/")
        assert page.locator("[data-map-section]").is_hidden()
        page.select_option("#id_country", "SI")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state()
        names = page.locator(".organisation-list h3 a").all_inner_texts()
        assert names == ["Motovila", "Zavod Otok"]
        page.get_by_role("link", name="Zavod Otok").click()
        assert page.locator("h1").inner_text() == "Zavod Otok"
    finally:
        context.close()


def test_organisation_page_is_accessible(page, axe):
    organisation = located("Motovila", "46.056900", "14.505800")
    page.goto(organisation.get_absolute_url())
    assert page.locator("h1").inner_text() == "Motovila"
    axe(page)


def test_people_directory_and_contact_form_are_accessible(page, axe, alice, password):
    person = UserFactory(display_name="Ana Listed", is_public=True, country="SI")
    page.goto("/people/")
    assert page.locator(".people-list h2").all_inner_texts() == ["Ana Listed"]
    axe(page)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", alice.email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"/people/{person.pk}/contact/")
    axe(page)
