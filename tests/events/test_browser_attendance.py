"""Browser journey: ticket, check-in by the organiser, certificate download and verification."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pypdf import PdfReader

from atelier.core.multilingual import MultilingualText
from atelier.events.models import Certificate, Registration
from tests.browsing import log_in
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor_page(browser, live_server):
    """Someone without an account, checking a certificate."""
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    yield page
    context.close()
    assert violations == []


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(locale="en-GB", base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    yield page
    context.close()
    assert violations == []


def test_check_in_then_certificate_and_verification(
    page, second_page, visitor_page, axe, alice, cora, password, tmp_path
):
    # The event runs now: check-in is open and a certificate may exist.
    start = (timezone.now() - timedelta(minutes=30)).astimezone(ZoneInfo("Europe/Bucharest"))
    event = EventFactory(
        title=MultilingualText("Learning lab in Cluj", "en"),
        time_zone="Europe/Bucharest",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        programme=ProgrammeFactory(title=MultilingualText("Labs for culture", "en"), acronym="LFC"),
    )
    SessionFactory(
        event=event,
        title=MultilingualText("Audience mapping", "en"),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    registration = RegistrationFactory(event=event, user=alice, organisation="Fabrica de Pensule")

    # Alice finds her ticket among her registrations.
    log_in(second_page, alice, password)
    second_page.goto("/events/mine/")
    second_page.get_by_role("link", name=re.compile(r"^Ticket\W+Learning lab in Cluj")).click()
    second_page.wait_for_load_state()
    assert second_page.locator(".ticket-qr svg").count() == 1
    axe(second_page)

    # The coordinator opens the check-in address from the ticket and confirms with one click.
    log_in(page, cora, password)
    page.goto(f"/events/tickets/{registration.ticket_token}/")
    axe(page)
    page.get_by_role("link", name="Check this person in").click()
    page.wait_for_load_state()
    assert "Not yet" in page.inner_text(".check-in-state")
    axe(page)
    page.get_by_role("button", name="Check in").click()
    page.wait_for_load_state()
    assert "Alice Member is checked in." in page.inner_text(".messages")
    assert "In the room" in page.inner_text(".check-in-state")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Alice Member was already checked in." in page.inner_text(".messages")
    page.get_by_role("link", name="Check-in list").click()
    page.wait_for_load_state()
    assert page.get_by_label("Alice Member").is_checked()
    assert "In the room" in page.inner_text(".check-in-table .check-in-state")
    axe(page)
    page.locator("main input[name=q]").fill("nobody")
    page.locator("main").get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "Nobody of that name is registered." in page.inner_text("main")
    axe(page)
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    # Alice downloads her certificate from the ticket page.
    second_page.reload()
    with second_page.expect_download() as download_info:
        second_page.get_by_role("link", name="Download your certificate (PDF)").click()
    download = download_info.value
    path = tmp_path / "certificate.pdf"
    download.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Alice Member" in text and "Learning lab in Cluj" in text
    assert "Organised within Labs for culture (LFC)" in text
    certificate = Certificate.objects.get(registration__user=alice)
    second_page.reload()
    axe(second_page)

    # Her page lists the certificate, with its public verification page.
    second_page.goto("/me/")
    entry = second_page.locator(".certificate-entry")
    assert "Learning lab in Cluj" in entry.inner_text()
    assert certificate.code in entry.inner_text()
    axe(second_page)
    entry.get_by_role("link", name=re.compile(r"^Public verification page")).click()
    second_page.wait_for_load_state()
    assert "This certificate is genuine" in second_page.inner_text(".certificate-state")

    # Anyone can check it; after the coordinator revokes it, the page says so.
    visitor_page.goto(f"/events/certificates/{certificate.code}/")
    assert "This certificate is genuine" in visitor_page.inner_text(".certificate-state")
    assert "Alice Member" in visitor_page.inner_text("main")
    assert "Labs for culture (LFC)" in visitor_page.inner_text("main")
    axe(visitor_page)
    visitor_page.goto("/events/certificates/not-a-code/")
    assert "No certificate has the code" in visitor_page.inner_text(".certificate-state")
    axe(visitor_page)

    page.goto(f"/events/certificates/{certificate.code}/")
    # Revoking asks first, saying what will happen.
    page.get_by_role("link", name="Revoke this certificate").click()
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for()
    assert "Its verification page will say that it is revoked" in dialog.inner_text()
    axe(page)
    dialog.get_by_role("button", name="Revoke the certificate").click()
    page.wait_for_load_state()
    visitor_page.goto(f"/events/certificates/{certificate.code}/")
    assert "This certificate was revoked" in visitor_page.inner_text(".certificate-state")
    axe(visitor_page)
    assert Registration.objects.get(pk=registration.pk).certificate.revoked_by == cora
