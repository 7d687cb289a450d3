"""A person's registrations on /me/, in the data export, and after erasure."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.events import services
from atelier.events.models import Registration
from atelier.events.services import attendance, certificates
from tests.events.factories import EventFactory, RegistrationFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_me_page_lists_ones_registrations(client, alice, bob):
    event = EventFactory(title=MultilingualText("Academy camp", "en"))
    other = EventFactory(title=MultilingualText("Someone else's webinar", "en"))
    services.register(event, alice)
    services.register(other, bob)
    client.force_login(alice)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "Your events" in html
    assert "Academy camp" in html
    assert "Someone else" not in html


def _attended(person, title, starts_at=None, **event_fields):
    """``person`` registered for a new event and was checked in at it."""
    starts_at = starts_at or datetime(2025, 5, 12, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
    event = EventFactory(
        title=MultilingualText(title, "en"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6),
        **event_fields,
    )
    registration = RegistrationFactory(event=event, user=person)
    attendance.check_in(registration, actor=person, event=event, now=starts_at)
    return registration


def _me(client):
    return client.get(reverse("accounts:me")).content.decode()


def _certificate_entries(html):
    return [part.split("</li>")[0] for part in html.split('<li class="certificate-entry">')[1:]]


def test_me_page_lists_ones_certificates_with_download_and_verification(client, alice, bob):
    issued = _attended(alice, "Academy camp")
    certificate = certificates.issue_certificate(issued)
    absent = EventFactory(title=MultilingualText("Not attended", "en"))
    RegistrationFactory(event=absent, user=alice)
    certificates.issue_certificate(_attended(bob, "Bob's forum"))
    client.force_login(alice)
    html = _me(client)
    assert "Your certificates of attendance" in html
    [entry] = _certificate_entries(html)
    assert "Academy camp" in entry
    assert "May 12, 2025" in entry
    download = reverse("events:certificate", args=[issued.ticket_token])
    assert f'<a href="{download}" download>Download the certificate (PDF)' in entry
    assert f'<a href="{certificate.get_absolute_url()}">Public verification page' in entry
    assert f"<code>{certificate.code}</code>" in entry
    assert "Bob's forum" not in html
    # The links lead to the PDF and to the public page.
    assert client.get(download)["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(certificate.get_absolute_url()).status_code == 200


def test_me_page_offers_a_certificate_not_downloaded_yet(client, alice):
    registration = _attended(alice, "Webinar")
    client.force_login(alice)
    [entry] = _certificate_entries(_me(client))
    assert reverse("events:certificate", args=[registration.ticket_token]) in entry
    assert "Public verification page" not in entry
    assert "Its verification address is given when you first download it." in entry


def test_me_page_says_a_certificate_was_revoked_and_offers_no_download(client, alice, cora):
    registration = _attended(alice, "Workshop")
    certificate = certificates.revoke_certificate(
        certificates.issue_certificate(registration), actor=cora
    )
    client.force_login(alice)
    [entry] = _certificate_entries(_me(client))
    assert "Revoked by the organisers" in entry
    assert reverse("events:certificate", args=[registration.ticket_token]) not in entry
    assert certificate.get_absolute_url() in entry


def test_me_page_without_certificates_has_no_certificate_list(client, alice):
    services.register(EventFactory(), alice)
    client.force_login(alice)
    assert "Your certificates of attendance" not in _me(client)


def _me_queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("accounts:me")).status_code == 200
    return len(context.captured_queries)


def test_me_page_query_count_does_not_grow_with_certificates(client, alice):
    programme = ProgrammeFactory()
    certificates.issue_certificate(_attended(alice, "First", programme=programme))
    client.force_login(alice)
    one = _me_queries(client)
    start = datetime(2025, 6, 1, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
    certificates.issue_certificate(_attended(alice, "Second", start, programme=ProgrammeFactory()))
    # One attended but not downloaded yet, and one revoked.
    _attended(alice, "Third", start + timedelta(days=3), programme=programme)
    fourth = _attended(alice, "Fourth", start + timedelta(days=5))
    certificates.revoke_certificate(certificates.issue_certificate(fourth), actor=alice)
    html = _me(client)
    assert len(_certificate_entries(html)) == 4
    assert _me_queries(client) == one


def test_my_registrations_page_is_personal_and_paginated(client, alice):
    url = reverse("events:mine")
    assert client.get(url).status_code == 302
    for _n in range(22):
        services.register(EventFactory(), alice)
    client.force_login(alice)
    response = client.get(url)
    assert len(response.context["registrations"]) == 20
    assert len(client.get(url, {"page": 2}).context["registrations"]) == 2


def test_export_of_registrations_holds_the_funder_fields(alice):
    services.register(
        EventFactory(),
        alice,
        details={"organisation": "Chitalishte", "demographics_consent": True, "gender": "woman"},
    )
    (entry,) = json.loads(json.dumps(services.export_registrations(alice), default=str))
    assert (entry["organisation"], entry["gender"], entry["status"]) == (
        "Chitalishte",
        "woman",
        "confirmed",
    )


def test_erasure_forgets_what_identifies_the_person(client, alice, password):
    services.register(
        EventFactory(),
        alice,
        details={"organisation": "Chitalishte", "demographics_consent": True, "gender": "woman"},
    )
    client.force_login(alice)
    response = client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.organisation, registration.gender, registration.demographics_consent) == (
        "",
        "",
        False,
    )
