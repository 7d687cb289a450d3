"""Browser journeys: an organiser adds a recording after the event; a member makes their
private calendar address and their calendar app reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from atelier.core.multilingual import MultilingualText
from atelier.events.models import EventResource, Format
from tests.browsing import log_in
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_materials import MINIMAL_PDF
from tests.programmes.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_adds_slides_that_the_event_page_then_lists(page, axe, cora, password):
    event = EventFactory(
        programme=ProgrammeFactory(slug="ce-plus"),
        title=MultilingualText("Workshop New urban practices", "en"),
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )
    log_in(page, cora, password)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Materials").click()
    axe(page)
    page.locator("#id_title").fill("Slides of the workshop")
    page.locator("#id_kind").select_option("presentation")
    page.locator("#id_file").set_input_files(
        {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="Add to the library and the event").click()
    page.wait_for_load_state()
    assert page.get_by_text("The material is in the library").count() == 1
    axe(page)
    assert EventResource.objects.filter(event=event).count() == 1
    page.get_by_role("link", name="Back to the event").click()
    assert page.get_by_role("link", name="Slides of the workshop").count() == 1


def test_member_makes_a_private_calendar_address(page, axe, alice, password):
    event = EventFactory(
        title=MultilingualText("Webinar on hybrid trainings", "en"),
        format=Format.ONLINE,
        venue_country="",
        online_url="https://meet.example.org/hybrid",
    )
    RegistrationFactory(event=event, user=alice, attendance_mode="online")
    log_in(page, alice, password)
    page.goto("/events/mine/")
    page.get_by_role("link", name="Your events in your calendar app").click()
    axe(page)
    page.get_by_role("button", name="Make my private calendar address").click()
    page.wait_for_load_state()
    axe(page)
    address = page.get_by_label("Address to copy into your calendar app").input_value()
    webcal = page.get_by_role("link", name="Subscribe in your calendar app").get_attribute("href")
    assert webcal == "webcal://" + address.split("://", 1)[1]
    response = page.request.get(address)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    (item,) = Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Webinar on hybrid trainings"
    assert str(item["CONFERENCE"]) == "https://meet.example.org/hybrid"
