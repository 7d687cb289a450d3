"""Browser journeys: open registration with waitlist promotion; application and selection."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.events.models import Registration, RegistrationMode
from atelier.notifications.models import Notification
from tests.browsing import log_in
from tests.events.factories import EventFactory, QuestionFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser, in another time zone."""
    context = browser.new_context(
        locale="en-GB", base_url=live_server.url, timezone_id="America/New_York"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    yield page
    context.close()
    assert violations == []


def test_open_registration_with_waitlist_promotion(page, second_page, axe, alice, bob, password):
    start = datetime(2031, 3, 20, 10, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))
    event = EventFactory(
        title=MultilingualText("Final meeting in Maribor", "en"),
        starts_at=start,
        ends_at=start + timedelta(days=2),
        room_capacity=1,
        accessibility=MultilingualText("Step-free access through the courtyard.", "en"),
    )
    SessionFactory(
        event=event,
        title=MultilingualText("Festival visit", "en"),
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=3),
        room="Main stage",
        materials_url="https://example.org/programme.pdf",
    )
    page.goto("/events/")
    assert page.locator(".event-list li").count() == 1
    axe(page)
    page.goto("/events/month/2031/3/")
    assert page.get_by_role("link", name="Final meeting in Maribor").count() == 3
    axe(page)

    log_in(page, alice, password)
    page.goto(event.get_absolute_url())
    axe(page)
    page.get_by_role("link", name="Register").click()
    axe(page)
    page.select_option("select[name=country]", "BG")
    page.fill("input[name=organisation]", "Chitalishte Sofia")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert "You are registered. See you there!" in page.inner_text(".messages")
    assert "Your registration: Confirmed" in page.inner_text(".registration-box")
    axe(page)

    log_in(second_page, bob, password)
    second_page.goto(event.get_absolute_url())
    # Bob reads the times in New York too, filled in by the static script.
    reader_time = second_page.locator("[data-reader-time]")
    assert reader_time.is_visible()
    assert "America/New York" in reader_time.inner_text()
    assert "05:00" in reader_time.inner_text() or "5:00" in reader_time.inner_text()
    assert "full, new registrations go to the waitlist" in second_page.inner_text(
        ".registration-box"
    )
    second_page.get_by_role("link", name="Register").click()
    # The event is full: the page says so before anything is sent.
    assert "registering adds you to the waitlist" in second_page.inner_text("main")
    axe(second_page)
    second_page.get_by_role("button", name="Join the waitlist").click()
    second_page.wait_for_load_state()
    assert "you are on the waitlist" in second_page.inner_text(".messages")
    axe(second_page)

    # Cancelling asks first, in a dialog.
    page.get_by_role("link", name="Cancel my registration").click()
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for()
    assert "Cancel your registration?" in dialog.inner_text()
    dialog.get_by_role("button", name="Cancel my registration").click()
    page.wait_for_load_state()
    assert "Your registration is cancelled." in page.inner_text(".messages")
    axe(page)

    second_page.reload()
    box = second_page.inner_text(".registration-box")
    assert "Seat offered: confirm by the deadline" in box
    assert Notification.objects.filter(recipient=bob, verb="events.seat_offered").count() == 1
    axe(second_page)
    second_page.get_by_role("button", name="Confirm my seat").click()
    second_page.wait_for_load_state()
    assert "The seat is yours. See you there!" in second_page.inner_text(".messages")
    assert Registration.objects.get(user=bob).status == "confirmed"
    axe(second_page)


def test_application_and_selection(page, second_page, axe, alice, bob, cora, password):
    event = EventFactory(
        title=MultilingualText("Academy camp on audience development", "en"),
        registration_mode=RegistrationMode.APPLICATION,
        room_capacity=10,
    )
    QuestionFactory(event=event, text=MultilingualText("What would you like to learn?", "en"))

    log_in(page, alice, password)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Apply").click()
    # Sent without the required answer: the form says so and nothing is written.
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state()
    assert "Please correct the errors below." in page.inner_text("main")
    assert not Registration.objects.exists()
    axe(page)
    page.get_by_label("What would you like to learn?").fill("How to reach young audiences.")
    page.get_by_label("I agree to give my gender and age group", exact=False).check()
    page.select_option("select[name=age_group]", "25-34")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_load_state()
    assert "Your application has been sent." in page.inner_text(".messages")
    assert "Your registration: Applied" in page.inner_text(".registration-box")
    axe(page)

    log_in(second_page, cora, password)
    second_page.goto(event.get_absolute_url())
    second_page.get_by_role("link", name="Registrations").click()
    assert "How to reach young audiences." in second_page.inner_text("main")
    axe(second_page)
    second_page.get_by_role("button", name="Accept", exact=False).filter(
        has_text="Alice Member"
    ).click()
    second_page.wait_for_load_state()
    assert "Accepted; the applicant is told." in second_page.inner_text(".messages")
    axe(second_page)
    for path in ("/events/new/", "sessions/", "questions/", "invitations/", "cancel-event/"):
        second_page.goto(path if path.startswith("/") else f"{event.get_absolute_url()}{path}")
        assert second_page.locator("h1").count() == 1
        axe(second_page)

    page.reload()
    assert "Your registration: Accepted" in page.inner_text(".registration-box")
    registration = Registration.objects.get(user=alice)
    assert (registration.age_group, registration.demographics_consent) == ("25-34", True)
    assert Notification.objects.filter(recipient=alice, verb="events.accepted").count() == 1
    page.goto("/me/")
    assert "Academy camp on audience development" in page.inner_text("main")
    axe(page)
