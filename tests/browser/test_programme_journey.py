"""A new coordinator runs a programme in the browser, from an empty list to a published
programme with five partners and a team of three, without ever opening /admin/."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from atelier.accounts.rules import holds_role
from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.programmes.models import Invitation, Programme
from tests.factories import PASSWORD, UserFactory
from tests.network.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def fits(page):
    """No page is wider than the screen, at a desktop's width and at a phone's."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px: {wide(page)}"
    page.set_viewport_size({"width": 1280, "height": 900})


def wide(page):
    """The elements that stick out of the screen, to say where a page overflows."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)"""
    )


def checked(page, axe):
    axe(page)
    fits(page)


def log_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def pick(page, field, typed, option):
    """Type into a picker's search box and choose one of the options htmx brings."""
    page.fill(f"#id_{field}__q", typed)
    page.wait_for_selector(f"#id_{field} option:has-text('{option}')", state="attached")
    page.select_option(f"#id_{field}", label=page.locator(
        f"#id_{field} option:has-text('{option}')").first.inner_text())  # fmt: skip


def test_a_new_coordinator_runs_a_programme_without_the_admin(page, axe):
    dana = UserFactory(email="dana@example.org", display_name="Dana Newcomer")
    assign_role(dana, "programme-creator")
    bob = UserFactory(email="bob@example.org", display_name="Bob Member")
    directory = [
        OrganisationFactory(name=MultilingualText(name, "en"), city=city, country=country)
        for name, city, country in [
            ("Harbour Culture Foundation", "Gdańsk", "PL"),
            ("Baltic Arts Network", "Klaipėda", "LT"),
            ("Kulturhaus Rostock", "Rostock", "DE"),
            ("Creative Coast Sweden", "Karlskrona", "SE"),
        ]
    ]
    admin_requests = []
    page.on("request", lambda r: "/admin/" in r.url and admin_requests.append(r.url))

    log_in(page, dana.email)
    page.goto("/programmes/")
    assert page.locator(".result-count").inner_text() == "0 programmes"
    checked(page, axe)

    # The programme, a draft first.
    page.get_by_role("link", name="New programme").click()
    page.fill("#id_title_text", "Creative Harbours of the Baltic")
    page.fill("#id_acronym", "CHB")
    page.select_option("#id_content_language", "en")
    page.fill("#id_description_text", "Harbour towns learn from each other.")
    page.select_option("#id_tr-0-language", "pl")
    page.fill("#id_tr-0-title", "Kreatywne porty Bałtyku")
    page.select_option("#id_funding_programme", "interreg")
    page.fill("#id_start_date", "2025-01-01")
    page.fill("#id_end_date", "2027-06-30")
    page.fill("#id_total_budget", "1200000")
    page.fill("#id_eu_contribution", "960000")
    page.fill("#id_cofinancing_rate", "80")
    page.get_by_label("Networks and clusters").check()
    page.fill("#id_website", "https://harbours.example.org")
    checked(page, axe)
    page.get_by_role("button", name="Create the programme").click()
    page.wait_for_load_state()
    programme = Programme.objects.get()
    assert programme.state == "draft"
    assert page.url.endswith(f"/programmes/{programme.slug}/partners/")

    # Five partners: four from the directory, typed to be found, and one made on the spot.
    checked(page, axe)
    for organisation, role in zip(
        directory, ["lead", "partner", "partner", "associated"], strict=True
    ):
        name = organisation.name.text
        pick(page, "organisation", name.split()[0][:6], name)
        page.select_option("#id_role", role)
        page.fill("#id_budget", "100000")
        page.get_by_role("button", name="Add the partner").click()
        page.wait_for_load_state()
        assert page.get_by_text(f"{name} has been added to the partners.").is_visible()
    page.fill("#id_new_name", "Stowarzyszenie Nowe Porty")
    page.select_option("#id_new_country", "PL")
    page.fill("#id_new_city", "Gdynia")
    page.get_by_role("button", name="Add the partner").click()
    page.wait_for_load_state()
    assert page.locator(".partner-list > li").count() == 5
    # A wrong figure corrected, and the new partner moved up.
    budget = page.locator(".partner-list > li").nth(1).locator("input[name$=budget]")
    budget.fill("150000")
    page.locator(".partner-list > li").nth(1).get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.locator(".partner-list > li").last.get_by_role("button", name="Move up").click()
    page.wait_for_load_state()
    names = page.locator(".partner-list h2").all_inner_texts()
    assert names[3] == "Stowarzyszenie Nowe Porty"
    # Removing asks first, in a dialog; cancelling keeps the partner.
    page.locator(".partner-list > li").first.get_by_role("link", name="Remove").click()
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for()
    assert "Remove Harbour Culture Foundation from the partners?" in dialog.inner_text()
    axe(page)
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    assert page.locator(".partner-list > li").count() == 5
    checked(page, axe)

    # The team: three people invited by e-mail, one already on Atelier.
    page.get_by_role("link", name="Team and community").click()
    for email, role in [
        ("bob@example.org", "moderator"),
        ("erin@example.org", "facilitator"),
        ("femi@example.org", "reviewer"),
    ]:
        page.fill("#id_email", email)
        page.select_option("#id_role", role)
        page.get_by_role("button", name="Invite").click()
        page.wait_for_load_state()
    assert holds_role(bob, "moderator", programme) is True
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "erin@example.org",
        "femi@example.org",
    ]
    checked(page, axe)

    # Published, with the history of it all.
    page.get_by_role("link", name="Edit").click()
    checked(page, axe)
    page.get_by_label("Published: everyone sees it").check()
    page.get_by_role("button", name="Save the programme").click()
    page.wait_for_load_state()
    assert Programme.objects.get().state == "published"
    assert page.locator("h1").inner_text().startswith("Creative Harbours of the Baltic")
    checked(page, axe)
    page.get_by_role("link", name="History").first.click()
    assert page.get_by_text("Partner corrected: Baltic Arts Network").is_visible()
    checked(page, axe)
    page.goto("/programmes/")
    assert page.locator(".result-count").inner_text() == "1 programme"
    assert not admin_requests

    # Erin, new to Atelier, follows the link, signs up and confirms: she is on the team.
    invitation_mail = next(m for m in mail.outbox if m.to == ["erin@example.org"])
    link = re.search(r"http://\S+/programmes/invitations/\S+/", invitation_mail.body).group(0)
    page.context.clear_cookies()
    page.goto(urlsplit(link).path)
    assert "You are invited into the team of" in page.locator("main").inner_text()
    checked(page, axe)
    page.locator("main").get_by_role("link", name="Sign up").click()
    page.fill("input[name=email]", "erin@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    confirmation = next(m for m in reversed(mail.outbox) if m.to == ["erin@example.org"])
    confirm = re.search(r"http://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(urlsplit(confirm).path)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    erin = Invitation.objects.get(email="erin@example.org").accepted_by
    assert erin is not None
    assert holds_role(erin, "facilitator", programme) is True
    assert not admin_requests

    run_an_event(page, axe, dana, bob, programme)
    assert not admin_requests


def run_an_event(page, axe, dana, bob, programme):
    """Dana runs an event of her programme: a custom question, a registrant who answers it,
    check-in on the day and certificates issued in bulk."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from atelier.events.models import ApplicationQuestion, Certificate, Event, Registration

    brussels = ZoneInfo("Europe/Brussels")
    # The event starts in 50 minutes: registration is still open and check-in already is
    # (it opens an hour before the start).
    start = (timezone.now() + timedelta(minutes=50)).astimezone(brussels)
    page.context.clear_cookies()
    log_in(page, dana.email)
    page.goto("/events/new/")
    page.fill("#id_title_text", "Harbour storytelling camp")
    pick(page, "programme", "Creative", "Creative Harbours")
    page.select_option("#id_type", "academy-camp")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_time_zone", "Europe/Brussels")
    page.select_option("#id_format", "on-site")
    page.fill("#id_venue_name", "Old Customs House")
    page.fill("#id_venue_city", "Gdynia")
    page.select_option("#id_venue_country", "PL")
    page.select_option("#id_languages", ["en"])
    page.fill("#id_room_capacity", "20")
    page.select_option("#id_status", "published")
    checked(page, axe)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    event = Event.objects.get()
    assert (event.programme, event.status) == (programme, "published")

    # A question of her own: one choice among those she types.
    page.get_by_role("link", name="Registration questions").click()
    page.fill("#id_text_value", "What do you eat?")
    page.select_option("#id_kind", "choice")
    page.fill("#id_choices_text", "Anything\nVegetarian\nVegan")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Add the question").click()
    page.wait_for_load_state()
    question = ApplicationQuestion.objects.get()
    assert (question.kind, question.choices) == ("choice", ["Anything", "Vegetarian", "Vegan"])
    checked(page, axe)

    # Bob registers and answers it.
    page.context.clear_cookies()
    log_in(page, bob.email)
    page.goto(event.get_absolute_url())
    page.locator("main").get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Vegetarian").check()
    checked(page, axe)
    page.locator("main form").get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    registration = Registration.objects.get(event=event, user=bob)
    assert (registration.status, registration.answers) == (
        "confirmed",
        {str(question.pk): "Vegetarian"},
    )

    # On the day Dana reads the answers, writes to everyone and checks Bob in.
    page.context.clear_cookies()
    log_in(page, dana.email)
    page.goto(f"/events/{event.slug}/registrations/")
    assert "Vegetarian" in page.locator("main table").inner_text()
    checked(page, axe)
    page.goto(f"/events/{event.slug}/messages/")
    page.get_by_label("Confirmed participants").check()
    page.fill("#id_subject", "Where we meet")
    page.fill("#id_body", "At the main door of the Old Customs House.")
    page.get_by_role("button", name="Send the message").click()
    page.wait_for_load_state()
    assert "Where we meet" in page.locator("main table").inner_text()
    checked(page, axe)
    page.goto(f"/events/{event.slug}/check-in/")
    page.get_by_label("Bob Member").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    checked(page, axe)

    # Certificates wait for the event to start; the test moves the event, not the clock.
    page.goto(f"/events/{event.slug}/certificates/")
    assert "The event has not started" in page.locator("main").inner_text()
    checked(page, axe)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - timedelta(hours=1), ends_at=event.ends_at - timedelta(hours=1)
    )
    page.reload()
    page.get_by_role("button", name="Issue 1 certificate").click()
    page.wait_for_load_state()
    assert page.get_by_text("1 certificate(s) issued").is_visible()
    assert Certificate.objects.get().registration == registration
    checked(page, axe)


def test_ending_and_the_invitation_and_creators_pages_fit_and_are_accessible(page, axe, ada):
    from tests.programmes.factories import PartnerFactory, ProgrammeFactory

    programme = ProgrammeFactory(title=MultilingualText("A programme with a long name " * 3, "en"))
    PartnerFactory(programme=programme, role="lead")
    assign_role(UserFactory(display_name="Cleo Creator"), "programme-creator")
    log_in(page, ada.email)
    page.goto("/programmes/creators/")
    checked(page, axe)
    page.goto(f"/programmes/{programme.slug}/end/")
    checked(page, axe)
    page.fill("#id_kept_by", "The lead partner, archive@example.org")
    page.get_by_role("button", name="End the programme").click()
    page.wait_for_load_state()
    assert "kept by The lead partner, archive@example.org" in page.locator("main").inner_text()
    checked(page, axe)
    page.goto(f"/programmes/{programme.slug}/reopen/")  # the question as a page
    checked(page, axe)


def test_partners_are_added_and_removed_without_javascript(browser, live_server, axe):
    from tests.programmes.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    coordinator = UserFactory(email="kim@example.org")
    assign_role(coordinator, "coordinator", scope=programme)
    OrganisationFactory(name=MultilingualText("Harbour Culture Foundation", "en"))
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, coordinator.email)
        page.goto(f"/programmes/{programme.slug}/partners/")
        page.fill("#id_organisation__q", "harbour")
        page.get_by_role("button", name="Search Organisation from the directory").click()
        page.wait_for_load_state()
        assert page.locator("#id_organisation__status").inner_text() == (
            "1 option matches “harbour”."
        )
        page.select_option(
            "#id_organisation", label="Harbour Culture Foundation (Ljubljana, Slovenia)"
        )
        page.get_by_role("button", name="Add the partner").click()
        page.wait_for_load_state()
        assert page.locator(".partner-list > li").count() == 1
        page.locator(".partner-list > li").get_by_role("link", name="Remove").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == (
            "Remove Harbour Culture Foundation from the partners?"
        )
        fits(page)
        page.get_by_role("button", name="Remove the partner").click()
        page.wait_for_load_state()
        assert page.locator(".partner-list > li").count() == 0
    finally:
        context.close()
