import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible(page, axe):
    page.goto("/")
    assert page.locator("h1").count() == 1
    axe(page)


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_home_page_fits_a_320px_screen(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320


def test_language_switcher_changes_and_remembers_the_language(page):
    page.goto("/")
    page.select_option("#language-select", "bg")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "bg"
    page.goto("/privacy/")
    assert page.locator("html").get_attribute("lang") == "bg"
