"""Certificates of attendance: PDF in the participant's language, issued once, verifiable."""

import io
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from atelier.core.multilingual import MultilingualText
from atelier.events.models import Certificate, Format, Registration
from atelier.events.services import attendance, certificates
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 5, 12, 9, 0, tzinfo=ZoneInfo("Europe/Sofia"))


@pytest.fixture
def organiser(db):
    return UserFactory(email="olga@example.org", display_name="Olga Organiser")


@pytest.fixture
def event(organiser):
    event = EventFactory(
        title=MultilingualText("Academy camp in Plovdiv", "en").translate(
            "bg", "Академия в Пловдив"
        ),
        time_zone="Europe/Sofia",
        venue_name="Дом на културата",
        venue_city="Plovdiv",
        venue_country="BG",
        starts_at=START,
        ends_at=START + timedelta(days=1, hours=8),
    )
    event.organisers.add(organiser)
    SessionFactory(
        event=event,
        title=MultilingualText("Opening", "en"),
        starts_at=START,
        ends_at=START + timedelta(hours=3),
    )
    # A parallel track overlapping the first hour counts once.
    SessionFactory(
        event=event,
        title=MultilingualText("Parallel track", "en"),
        starts_at=START + timedelta(hours=2),
        ends_at=START + timedelta(hours=4),
    )
    SessionFactory(
        event=event,
        title=MultilingualText("Field visit", "en"),
        starts_at=START + timedelta(days=1),
        ends_at=START + timedelta(days=1, hours=2, minutes=30),
    )
    return event


@pytest.fixture
def bulgarian(db):
    return UserFactory(
        email="ivana@example.org", display_name="Ивана Петрова", preferred_language="bg"
    )


@pytest.fixture
def attendee(event, organiser, bulgarian):
    registration = RegistrationFactory(event=event, user=bulgarian)
    attendance.check_in(registration, actor=organiser, event=event, now=event.starts_at)
    return registration


def _download(client, registration):
    return client.get(reverse("events:certificate", args=[registration.ticket_token]))


def _pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_hours_are_the_time_the_timetable_covers(event):
    assert certificates.attended_hours(event) == Decimal("6.50")


def test_without_a_timetable_hours_are_the_duration_at_most_eight_a_day(db):
    short = EventFactory(starts_at=START, ends_at=START + timedelta(hours=2, minutes=15))
    assert certificates.attended_hours(short) == Decimal("2.25")
    camp = EventFactory(
        time_zone="Europe/Sofia", starts_at=START, ends_at=START + timedelta(days=2, hours=6)
    )
    # 15 hours on the first day (capped at 8), 24 on the second (8), 15 on the last (8).
    assert certificates.attended_hours(camp) == Decimal("24.00")


def test_the_attendee_downloads_a_pdf_in_their_language(client, bulgarian, attendee):
    client.force_login(bulgarian)
    response = _download(client, attendee)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    certificate = Certificate.objects.get(registration=attendee)
    assert certificate.language == "bg"
    assert certificate.name == "Ивана Петрова"
    assert certificate.hours == Decimal("6.50")
    text = _pdf_text(response)
    assert "Ивана Петрова" in text
    assert "Академия в Пловдив" in text
    assert "Дом на културата" in text
    assert certificate.code in text
    assert f"http://testserver/events/certificates/{certificate.code}/" in text.replace("\n", "")


def test_an_english_speaker_gets_the_english_title(client, event, organiser, bob):
    registration = RegistrationFactory(event=event, user=bob)
    attendance.check_in(registration, actor=organiser, event=event, now=event.starts_at)
    client.force_login(bob)
    text = _pdf_text(_download(client, registration))
    assert "Certificate of attendance" in text
    assert "Academy camp in Plovdiv" in text
    assert "Bob Member" in text
    assert Certificate.objects.get(registration=registration).language == "en"


@pytest.fixture
def charts(event):
    programme = ProgrammeFactory(
        title=MultilingualText("Heritage and tourism", "en").translate(
            "bg", "Наследство и туризъм"
        ),
        acronym="CHARTS",
    )
    event.programme = programme
    event.save(update_fields=["programme"])
    return programme


def test_the_certificate_names_the_programme_in_the_participants_language(
    client, bulgarian, attendee, charts
):
    client.force_login(bulgarian)
    text = _pdf_text(_download(client, attendee))
    assert "Наследство и туризъм (CHARTS)" in text
    assert "Heritage and tourism" not in text


def test_an_english_speaker_reads_the_programmes_english_title(
    client, event, organiser, bob, charts
):
    registration = RegistrationFactory(event=event, user=bob)
    attendance.check_in(registration, actor=organiser, event=event, now=event.starts_at)
    client.force_login(bob)
    text = _pdf_text(_download(client, registration))
    assert "Organised within Heritage and tourism (CHARTS)" in text
    assert "Наследство" not in text


def test_a_programme_without_an_acronym_is_named_by_its_title(client, bulgarian, attendee, charts):
    charts.acronym = ""
    charts.save(update_fields=["acronym"])
    client.force_login(bulgarian)
    text = _pdf_text(_download(client, attendee))
    assert "Наследство и туризъм" in text
    assert "CHARTS" not in text


def test_an_event_outside_any_programme_names_none(client, bulgarian, attendee):
    client.force_login(bulgarian)
    assert "Organised within" not in _pdf_text(_download(client, attendee))


def test_the_certificate_is_issued_once(client, bulgarian, attendee):
    client.force_login(bulgarian)
    _download(client, attendee)
    first = Certificate.objects.get(registration=attendee)
    bulgarian.display_name = "Ивана Георгиева"
    bulgarian.save()
    text = _pdf_text(_download(client, attendee))
    assert Certificate.objects.filter(registration=attendee).count() == 1
    assert Certificate.objects.get(registration=attendee).code == first.code
    assert "Ивана Петрова" in text


def test_only_the_attendee_gets_a_certificate(client, event, organiser, bulgarian, attendee, bob):
    url = reverse("events:certificate", args=[attendee.ticket_token])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person in (bob, organiser):
        client.force_login(person)
        assert client.get(url).status_code == 403
    not_checked_in = RegistrationFactory(event=event, user=bob)
    client.force_login(bob)
    assert _download(client, not_checked_in).status_code == 403
    assert not Certificate.objects.filter(registration=not_checked_in).exists()


def test_a_cancelled_registration_gets_no_certificate(client, bulgarian, attendee):
    Registration.objects.filter(pk=attendee.pk).update(status=Registration.Status.CANCELLED)
    client.force_login(bulgarian)
    response = _download(client, attendee)
    assert response.status_code == 302
    assert not Certificate.objects.exists()


def test_the_ticket_page_offers_the_certificate_to_the_attendee_only(
    client, bulgarian, attendee, organiser
):
    link = reverse("events:certificate", args=[attendee.ticket_token])
    client.force_login(bulgarian)
    assert (
        link in client.get(reverse("events:ticket", args=[attendee.ticket_token])).content.decode()
    )
    client.force_login(organiser)
    assert (
        link
        not in client.get(reverse("events:ticket", args=[attendee.ticket_token])).content.decode()
    )


def test_polish_romanian_and_slovenian_names_print(client, event, organiser):
    for name, language in (
        ("Łucja Żółć", "pl"),
        ("Ștefan Țăranu", "ro"),
        ("Živa Čeč Šuštar", "sl"),
    ):
        person = UserFactory(display_name=name, preferred_language=language)
        registration = RegistrationFactory(event=event, user=person)
        attendance.check_in(registration, actor=organiser, event=event, now=event.starts_at)
        client.force_login(person)
        assert name in _pdf_text(_download(client, registration))
        assert Certificate.objects.get(registration=registration).language == language


def test_an_online_event_says_online(client, organiser, alice):
    event = EventFactory(format=Format.ONLINE, starts_at=START, ends_at=START + timedelta(hours=2))
    event.organisers.add(organiser)
    registration = RegistrationFactory(event=event, user=alice, attendance_mode="online")
    attendance.check_in(registration, actor=organiser, event=event, now=event.starts_at)
    client.force_login(alice)
    text = _pdf_text(_download(client, registration))
    assert "Online" in text
    assert "Hours: 2\n" in text + "\n"


# Verification ----------------------------------------------------------------------------------


def _issue(attendee):
    return certificates.issue_certificate(attendee)


def test_anyone_can_verify_a_valid_certificate(client, attendee):
    certificate = _issue(attendee)
    response = client.get(reverse("events:certificate-verify", args=[certificate.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine" in html
    assert "Ивана Петрова" in html
    assert "Academy camp in Plovdiv" in html
    assert "<dd>6.5</dd>" in html
    assert "Revoke" not in html


def test_the_verification_page_names_the_programme_in_the_readers_language(
    client, attendee, charts
):
    certificate = _issue(attendee)
    url = reverse("events:certificate-verify", args=[certificate.code])
    link = charts.get_absolute_url()
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f'<dt>Programme</dt><dd><a href="{link}" lang="en">Heritage and tourism</a> (CHARTS)</dd>'
        in html
    )
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    with translation.override("bg"):
        link = charts.get_absolute_url()
    assert f'<a href="{link}" lang="bg">Наследство и туризъм</a> (CHARTS)</dd>' in html


def test_the_verification_page_of_an_event_outside_any_programme_names_none(client, attendee):
    certificate = _issue(attendee)
    html = client.get(
        reverse("events:certificate-verify", args=[certificate.code])
    ).content.decode()
    assert "<dt>Programme</dt>" not in html


def test_an_unknown_code_is_said_to_be_unknown(client):
    response = client.get(reverse("events:certificate-verify", args=["no-such-code"]))
    assert response.status_code == 404
    assert "No certificate has the code" in response.content.decode()


def test_the_organiser_revokes_and_the_page_says_so(client, organiser, attendee, bulgarian):
    certificate = _issue(attendee)
    verify = reverse("events:certificate-verify", args=[certificate.code])
    revoke = reverse("events:certificate-revoke", args=[certificate.code])
    client.force_login(organiser)
    assert "Revoke this certificate" in client.get(verify).content.decode()
    response = client.post(revoke, follow=True)
    assert response.redirect_chain[-1][0] == verify
    certificate.refresh_from_db()
    assert certificate.revoked_by == organiser and certificate.revoked_at is not None
    client.logout()
    html = client.get(verify).content.decode()
    assert "This certificate was revoked" in html
    assert "genuine" not in html
    # The attendee cannot download it any more.
    client.force_login(bulgarian)
    assert _download(client, attendee).status_code == 302


def test_only_the_people_running_the_event_revoke(client, attendee, bulgarian, bob, cora):
    certificate = _issue(attendee)
    revoke = reverse("events:certificate-revoke", args=[certificate.code])
    assert client.post(revoke).status_code == 302
    for person in (bulgarian, bob):
        client.force_login(person)
        assert client.post(revoke).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    client.force_login(cora)
    client.post(revoke)
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None


def test_revoking_an_unknown_code_is_not_found(client, organiser):
    client.force_login(organiser)
    assert client.post(reverse("events:certificate-revoke", args=["nope"])).status_code == 404


# Personal data ---------------------------------------------------------------------------------


def test_the_persons_data_export_lists_check_ins_and_certificates(attendee, bulgarian):
    certificate = _issue(attendee)
    attendee.refresh_from_db()
    [row] = certificates.export_attendance(bulgarian)
    assert row["checked_in_at"] == attendee.checked_in_at
    assert row["attended"] == "room"
    assert row["certificate"]["code"] == certificate.code
    assert row["certificate"]["name"] == "Ивана Петрова"


def test_erasure_removes_the_name_and_the_certificate_stops_verifying(client, attendee, bulgarian):
    certificate = _issue(attendee)
    certificates.erase_certificates(bulgarian)
    certificate.refresh_from_db()
    assert certificate.name == "" and certificate.revoked_at is not None
    html = client.get(
        reverse("events:certificate-verify", args=[certificate.code])
    ).content.decode()
    assert "Ивана" not in html
    assert "This certificate was revoked" in html
