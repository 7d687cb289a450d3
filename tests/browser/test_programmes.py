import pytest

from atelier.programmes import demo
from atelier.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_programme_list_and_seed_programme_pages_are_accessible(page, axe):
    demo.load_seed_programmes()
    page.goto("/programmes/")
    assert page.locator(".programme-list li").count() == 5
    axe(page)
    for programme in Programme.objects.order_by("slug"):
        page.goto(programme.get_absolute_url())
        assert page.locator("h1").count() == 1
        axe(page)


def test_at_a_glance_panel_shows_seed_003_figures(page):
    demo.load_seed_programmes()
    page.goto("/programmes/south-baltic-creative-clusters/")
    panel = page.locator(".at-a-glance").inner_text()
    assert "30 months" in panel
    assert "264,145.00 EUR" in panel
    assert "85 %" in panel
    assert "6 full partners and 6 affiliated entities from PL, DE, LT, SE" in panel


def test_team_and_import_pages_are_accessible_for_a_coordinator(page, axe, cora, password):
    demo.load_seed_programmes()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", cora.email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto("/programmes/pro-kus/team/")
    assert page.locator("h1").inner_text() == "Team and community"
    axe(page)
    page.goto("/programmes/import/")
    axe(page)
