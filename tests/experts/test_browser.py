"""Browser journey: an expert fills in their profile with a CV, lists themselves, and a visitor
finds them in the directory; every page axe-clean."""

import pytest

from atelier.experts.models import ExpertProfile
from tests.browsing import log_in
from tests.library import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expert_lists_themselves_and_a_visitor_finds_them(page, axe, ezra, password, tmp_path):
    log_in(page, ezra, password)
    page.goto("/experts/me/")
    axe(page)
    page.get_by_role("checkbox", name="Audience development").check()
    page.get_by_role("checkbox", name="Evaluation and impact").check()
    page.get_by_role("textbox", name="Keywords").fill("surveys, museums")
    page.get_by_role("listbox", name="Countries of experience").select_option(["BG", "RO"])
    page.locator("#id_language_0").select_option("bg")
    page.get_by_label("Level of language 1").select_option("native")
    page.locator("#id_language_1").select_option("en")
    page.get_by_label("Level of language 2").select_option("C1")
    page.get_by_label("European Capitals of Culture you worked with").fill("Plovdiv, 2019")
    page.locator("#id_bio").fill("I measure what culture does for cities.")
    cv = tmp_path / "Ezra CV.pdf"
    cv.write_bytes(samples.pdf("Ezra, evaluator."))
    page.locator("#id_cv").set_input_files(str(cv))
    page.get_by_label("List me in the public expert directory").check()
    page.get_by_role("checkbox", name="European Capital of Culture experience").check()
    page.get_by_role("button", name="Save your profile").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your expert profile is saved.").is_visible()
    axe(page)
    profile = ExpertProfile.objects.get(user=ezra)
    assert profile.cv_name == "Ezra CV.pdf"
    assert profile.is_listed

    page.get_by_role("link", name="See your page as coordinators see it").click()
    assert page.get_by_role("link", name="Download the CV (Ezra CV.pdf)").is_visible()
    axe(page)

    page.context.clear_cookies()
    page.goto("/experts/")
    axe(page)
    filters = page.get_by_role("search", name="Filter experts")
    filters.get_by_label("Area of expertise").select_option("evaluation-impact")
    filters.get_by_label("Language", exact=True).select_option("bg")
    filters.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "1 expert"
    page.get_by_role("link", name="Ezra Expert").click()
    page.wait_for_load_state()
    assert page.get_by_text("Plovdiv (2019)").is_visible()
    assert page.get_by_role("link", name="Download the CV (Ezra CV.pdf)").count() == 0
    axe(page)
