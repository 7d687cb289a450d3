"""Two people at one table: one posts a note, the other's board shows it without reloading.

The test server speaks WSGI only, so the board's websocket cannot open there and the board
falls back to HTMX polling; the websocket path itself is tested in test_consumers.
"""

import threading

import pytest
from django.db import connections

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user, password):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    yield page
    context.close()
    assert violations == []


def test_a_note_posted_at_a_table_appears_on_the_hosts_board(
    page, second_page, axe, fay, alice, bob, password
):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(
        lab=lab, text=MultilingualText("What works in our city?", "en"), position=1
    )
    services.add_round(lab, question, 20)
    services.add_table(lab, 1, language="en", host=bob)

    _log_in(second_page, bob, password)
    second_page.goto(f"/labs/join/{lab.join_token}/")
    second_page.get_by_role("button", name="Join").click()
    _log_in(page, alice, password)
    page.goto(f"/labs/join/{lab.join_token}/")
    axe(page)
    page.get_by_role("button", name="Join").click()

    # Playwright runs an event loop in this thread; the facilitator's click runs in another.
    def start():
        try:
            services.start_next_round(lab)
        finally:
            connections.close_all()

    starter = threading.Thread(target=start)
    starter.start()
    starter.join()

    page.goto("/labs/local-lab/my-table/")
    second_page.goto("/labs/local-lab/my-table/")
    assert page.get_by_role("heading", name="Table 1").is_visible()
    assert "What works in our city?" in second_page.text_content("main")
    axe(page)

    page.get_by_label("Your note").fill("Open the libraries in the evening")
    page.get_by_role("button", name="Post the note").click()
    page.locator("#lab-notes .lab-note > p", has_text="Open the libraries").wait_for()
    second_page.locator("#lab-notes .lab-note > p", has_text="Open the libraries").wait_for(
        timeout=8_000
    )
    second_page.get_by_text("Edit, star, merge").click()
    axe(second_page)


def test_facilitator_runs_rounds_harvests_and_reports(
    page, second_page, axe, fay, alice, bob, password
):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        status=Lab.Status.OPEN,
        allow_guests=True,
    )
    for position, text in enumerate(["What works?", "What next?"], start=1):
        question = Question.objects.create(
            lab=lab, text=MultilingualText(text, "en"), position=position
        )
        services.add_round(lab, question, 10)
    services.add_table(lab, 1, host=bob)
    services.add_table(lab, 2)
    services.join(lab, user=bob)
    for name in ("Ioana", "Radu", "Diana"):
        services.join(lab, guest_name=name)

    _log_in(page, fay, password)
    page.goto("/labs/local-lab/")
    axe(page)
    page.get_by_role("button", name="Start the first round").click()
    assert page.get_by_text("The round started; everyone was seated.").is_visible()

    _log_in(second_page, alice, password)
    second_page.goto(f"/labs/join/{lab.join_token}/")
    second_page.get_by_role("button", name="Join").click()
    second_page.wait_for_url("**/tables/*/")
    second_page.get_by_label("Your note").fill("Libraries open late")
    second_page.get_by_role("button", name="Post the note").click()
    second_page.locator("#lab-notes .lab-note > p", has_text="Libraries open late").wait_for()

    page.get_by_role("button", name="Pause the clock").click()
    page.get_by_role("button", name="Resume the clock").click()
    page.get_by_role("button", name="Next round (reseat everyone)").click()
    second_page.goto("/labs/local-lab/my-table/")
    assert "What next?" in second_page.text_content("main")
    assert second_page.get_by_role("heading", name="Round 2").is_visible()
    axe(second_page)

    page.goto("/labs/local-lab/harvest/")
    axe(page)
    page.get_by_role("textbox", name="Theme").fill("Opening hours")
    page.get_by_label("Libraries open late").check()
    page.get_by_role("button", name="Create the theme").click()
    page.get_by_label("Votes per participant").fill("2")
    page.get_by_role("button", name="Open the dot vote").click()
    assert page.get_by_text("Voting is open: 2 votes each.").is_visible()

    second_page.goto("/labs/local-lab/vote/")
    axe(second_page)
    second_page.get_by_role("button", name="Vote for “Opening hours”").click()
    assert second_page.get_by_text("You have 1 vote left.").is_visible()

    page.goto("/labs/local-lab/report/")
    axe(page)
    assert "Opening hours — 1 vote" in " ".join(page.text_content("main").split())
    assert "Libraries open late" in page.text_content("main")


def _in_thread(work):
    """Runs ``work`` outside Playwright's event loop (services push to the channel layer)."""
    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def test_facilitator_opens_a_draft_and_turns_a_theme_into_a_plans_action(
    page, axe, fay, alice, password
):
    from tests.plans.factories import GoalFactory, PlanFactory

    plan = PlanFactory(slug="sme-growth", title=MultilingualText("SME growth plan", "en"))
    plan.managers.add(fay)
    GoalFactory(plan=plan, title=MultilingualText("More start-ups", "en"))

    def prepare():
        lab = services.create_lab(fay, title=MultilingualText("Draft lab", "en"), slug="draft-lab")
        question = Question.objects.create(
            lab=lab, text=MultilingualText("What helps?", "en"), position=1
        )
        services.add_round(lab, question, 10)
        table = services.add_table(lab, 1)
        return lab, table

    lab, table = _in_thread(prepare)
    _log_in(page, fay, password)
    page.goto("/labs/draft-lab/")
    assert page.get_by_text("This lab is a draft: no one can join it yet.").is_visible()
    assert page.locator(".lab-qr").count() == 0
    axe(page)
    page.get_by_role("button", name="Open the lab for joining").click()
    assert page.get_by_text("The lab is open: people can join with the link").is_visible()
    assert page.locator(".lab-qr svg").is_visible()

    def run_and_harvest():
        participant = services.join(lab, user=alice)
        services.start_next_round(lab)
        note = services.post_note(table, participant, "Empty shops for makers")
        services.create_theme(lab, "Spaces for makers", [note])

    _in_thread(run_and_harvest)
    page.goto("/labs/draft-lab/harvest/")
    axe(page)
    page.get_by_role("combobox", name="Theme").select_option(label="Spaces for makers")
    page.get_by_label("Goal of the action plan").select_option(label="More start-ups")
    page.get_by_label("Title of the action").fill("Maker spaces in empty shops")
    page.get_by_role("button", name="Propose the action").click()
    assert page.get_by_text("is now a proposed action of the plan").is_visible()
    page.get_by_role("link", name="Maker spaces in empty shops").click()
    page.wait_for_url("**/plans/sme-growth/actions/*/")
    main = " ".join(page.text_content("main").split())
    assert "Comes from the lab theme “Spaces for makers”" in main
    page.get_by_text("The 1 note it came from").click()
    assert page.get_by_text("Empty shops for makers").is_visible()
    axe(page)
    page.get_by_role("link", name="Read the lab report").click()
    page.wait_for_url("**/labs/draft-lab/report/#theme-*")
    assert "Spaces for makers" in page.text_content("main")
    page.goto("/plans/sme-growth/")
    assert "Comes from the lab theme" in page.text_content("main")
    axe(page)
