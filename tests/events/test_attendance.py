"""Tickets with a QR code, check-in by the organisers, the check-in list and the export."""

import csv
import io
import re
from datetime import timedelta

import pytest
import segno
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from atelier.core.multilingual import MultilingualText
from atelier.events.models import Event, Format, Registration
from atelier.events.services import attendance
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return UserFactory(email="olga@example.org", display_name="Olga Organiser")


@pytest.fixture
def event(organiser):
    # Running now: check-in is open only while an event runs.
    start = timezone.now() - timedelta(minutes=30)
    event = EventFactory(
        title=MultilingualText("Learning lab in Plovdiv", "en"),
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    event.organisers.add(organiser)
    return event


@pytest.fixture
def ticket(event, alice):
    return RegistrationFactory(event=event, user=alice, organisation="Theatre Sfumato")


def _ticket_url(registration):
    return reverse("events:ticket", args=[registration.ticket_token])


def _check_in_url(registration, event=None):
    event = event or registration.event
    return reverse("events:check-in", args=[event.slug, registration.ticket_token])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Tickets ---------------------------------------------------------------------------------------


def test_every_registration_gets_its_own_url_safe_ticket_token(event, people):
    tokens = {RegistrationFactory(event=event, user=person).ticket_token for person in people}
    assert len(tokens) == len(people)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{40,64}", token) for token in tokens)


def test_the_participant_sees_their_ticket_with_a_qr_code_of_the_check_in_address(
    client, alice, ticket
):
    client.force_login(alice)
    response = client.get(_ticket_url(ticket))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Learning lab in Plovdiv" in html
    assert "Alice Member" in html
    assert "In the room" in html
    check_in = f"http://testserver{_check_in_url(ticket)}"
    # The drawn modules are exactly those of a QR code of the check-in address.
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    expected = segno.make(check_in, error="m", micro=False).svg_inline(
        scale=4, border=4, omitsize=True
    )
    path = re.search(r' d="([^"]+)"', svg).group(1)
    assert path == re.search(r' d="([^"]+)"', expected).group(1)
    assert attendance.qr_matrix(check_in) == tuple(
        tuple(row) for row in segno.make(check_in, error="m").matrix
    )
    assert "<script" not in svg and "style=" not in svg


def test_tickets_are_private_to_the_participant_and_the_people_running_the_event(
    client, bob, cora, organiser, ticket
):
    url = _ticket_url(ticket)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(bob)
    assert client.get(url).status_code == 403
    for person in (organiser, cora):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert "Check this person in" in response.content.decode()


def test_an_unknown_ticket_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get(reverse("events:ticket", args=["nothing-here"])).status_code == 404


def test_a_cancelled_registrations_ticket_has_no_code(client, alice, ticket):
    ticket.status = Registration.Status.CANCELLED
    ticket.save()
    client.force_login(alice)
    html = client.get(_ticket_url(ticket)).content.decode()
    assert "<svg" not in html
    assert "This ticket is not valid" in html


def test_my_registrations_and_my_page_link_to_the_ticket(client, alice, ticket):
    client.force_login(alice)
    for url in (reverse("events:mine"), reverse("accounts:me")):
        assert _ticket_url(ticket) in client.get(url).content.decode()


def test_the_event_page_links_the_participant_to_their_ticket(client, alice, bob, event, ticket):
    client.force_login(alice)
    assert _ticket_url(ticket) in client.get(event.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert _ticket_url(ticket) not in client.get(event.get_absolute_url()).content.decode()


def test_a_waiting_persons_registration_links_to_no_ticket(client, alice, event):
    registration = RegistrationFactory(
        event=event, user=alice, status=Registration.Status.WAITLISTED
    )
    client.force_login(alice)
    assert _ticket_url(registration) not in client.get(reverse("events:mine")).content.decode()


# Check-in --------------------------------------------------------------------------------------


def test_only_the_people_running_the_event_may_check_in(client, alice, bob, ticket):
    url = _check_in_url(ticket)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person in (alice, bob):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_checking_in_is_one_post_and_idempotent(client, organiser, ticket):
    client.force_login(organiser)
    url = _check_in_url(ticket)
    page = client.get(url)
    assert page.status_code == 200
    assert "Alice Member" in page.content.decode()
    assert "Not yet" in page.content.decode()

    response = client.post(url, follow=True)
    assert _messages(response) == ["Alice Member is checked in."]
    ticket.refresh_from_db()
    first = ticket.checked_in_at
    assert first is not None
    assert ticket.checked_in_by == organiser
    assert ticket.attended_mode == "room"

    response = client.post(url, follow=True)
    assert _messages(response) == ["Alice Member was already checked in."]
    ticket.refresh_from_db()
    assert ticket.checked_in_at == first


def test_a_cancelled_registration_is_refused_clearly(client, organiser, ticket):
    ticket.status = Registration.Status.CANCELLED
    ticket.save()
    client.force_login(organiser)
    response = client.get(_check_in_url(ticket))
    assert response.status_code == 409
    assert "This registration was cancelled: the ticket is not valid." in response.content.decode()
    response = client.post(_check_in_url(ticket))
    assert response.status_code == 409
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


def test_another_events_ticket_is_refused_clearly(client, organiser, event, bob):
    other = EventFactory(title=MultilingualText("Forum in Cluj", "en"))
    registration = RegistrationFactory(event=other, user=bob)
    client.force_login(organiser)
    url = _check_in_url(registration, event=event)
    response = client.post(url)
    assert response.status_code == 409
    assert "This ticket is for another event: Forum in Cluj." in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_a_cancelled_event_checks_nobody_in(client, organiser, event, ticket):
    event.status = Event.Status.CANCELLED
    event.save()
    client.force_login(organiser)
    response = client.post(_check_in_url(ticket))
    assert response.status_code == 409
    assert "This event has been cancelled." in response.content.decode()


def test_a_waitlisted_person_is_not_checked_in(client, organiser, event, bob):
    waiting = RegistrationFactory(event=event, user=bob, status=Registration.Status.WAITLISTED)
    client.force_login(organiser)
    response = client.post(_check_in_url(waiting))
    assert response.status_code == 409
    assert "not a confirmed participant" in response.content.decode()


def test_online_attendance_is_marked_for_a_hybrid_event(client, organiser, bob):
    event = EventFactory(format=Format.HYBRID, starts_at=timezone.now())
    event.organisers.add(organiser)
    registration = RegistrationFactory(event=event, user=bob, attendance_mode="online")
    client.force_login(organiser)
    client.post(_check_in_url(registration))
    registration.refresh_from_db()
    assert registration.attended_mode == "online"
    # Came to the room after all: the organiser corrects the mode, the time stays.
    first = registration.checked_in_at
    client.post(_check_in_url(registration), {"mode": "room"})
    registration.refresh_from_db()
    assert (registration.attended_mode, registration.checked_in_at) == ("room", first)


def test_a_mode_the_event_lacks_is_refused(client, organiser, ticket):
    client.force_login(organiser)
    response = client.post(_check_in_url(ticket), {"mode": "online"}, follow=True)
    assert _messages(response) == ["This event cannot be attended that way: online."]
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


# The check-in list -----------------------------------------------------------------------------


def test_the_check_in_list_is_for_the_people_running_the_event(client, alice, cora, event):
    url = reverse("events:check-in-list", args=[event.slug])
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert client.post(url, {"shown": [], "present": []}).status_code == 403
    client.force_login(cora)
    assert client.get(url).status_code == 200


def test_the_check_in_list_searches_by_name(client, organiser, event, people, ticket):
    for person in people:
        RegistrationFactory(event=event, user=person)
    RegistrationFactory(
        event=event,
        user=UserFactory(display_name="Wendy Waiting"),
        status=Registration.Status.WAITLISTED,
    )
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    names = [str(r.user.display_name) for r in client.get(url).context["registrations"]]
    assert names == ["Alice Member", *[f"Member {n}" for n in range(5)]]
    found = client.get(url, {"q": "alice"}).context["registrations"]
    assert [r.pk for r in found] == [ticket.pk]
    assert "Nobody of that name" in client.get(url, {"q": "zzz"}).content.decode()


def test_ticking_and_unticking_saves_attendance(client, organiser, event, people, ticket):
    others = [RegistrationFactory(event=event, user=person) for person in people[:2]]
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    shown = [ticket.pk, *[r.pk for r in others]]
    response = client.post(
        url, {"shown": shown, "present": [ticket.pk, others[0].pk], "back": "q=e"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{url}?q=e"
    assert _messages(response) == ["Attendance saved."]
    checked = set(
        Registration.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True)
    )
    assert checked == {ticket.pk, others[0].pk}
    response = client.post(url, {"shown": shown, "present": [others[0].pk]}, follow=True)
    assert _messages(response) == ["Attendance saved."]
    ticket.refresh_from_db()
    assert (ticket.checked_in_at, ticket.checked_in_by, ticket.attended_mode) == (None, None, "")
    response = client.post(url, {"shown": shown, "present": [others[0].pk]}, follow=True)
    assert _messages(response) == ["Nothing to change."]


def test_a_cancellation_after_check_in_stays_on_the_list_untouched(
    client, organiser, event, ticket
):
    attendance.check_in(ticket, actor=organiser, event=event)
    Registration.objects.filter(pk=ticket.pk).update(status=Registration.Status.CANCELLED)
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    html = client.get(url).content.decode()
    assert f'name="shown" value="{ticket.pk}"' not in html
    assert f'id="present-{ticket.pk}" checked disabled' in html
    client.post(url, {"back": ""})
    ticket.refresh_from_db()
    assert ticket.checked_in_at is not None


def test_the_list_marks_online_attendance(client, organiser, bob):
    event = EventFactory(format=Format.HYBRID, starts_at=timezone.now())
    event.organisers.add(organiser)
    registration = RegistrationFactory(event=event, user=bob, attendance_mode="room")
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    assert f'name="mode-{registration.pk}"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "shown": [registration.pk],
            "present": [registration.pk],
            f"mode-{registration.pk}": "online",
        },
    )
    registration.refresh_from_db()
    assert registration.attended_mode == "online"


def test_the_list_changes_nothing_when_a_row_is_of_another_event(
    client, organiser, event, bob, ticket
):
    stranger = RegistrationFactory(event=EventFactory(), user=bob)
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    response = client.post(
        url, {"shown": [ticket.pk, stranger.pk], "present": [ticket.pk, stranger.pk]}, follow=True
    )
    assert _messages(response)[0].startswith("This ticket is for another event")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_the_ticket_code_box_opens_the_check_in_page(client, organiser, event, ticket):
    client.force_login(organiser)
    find = reverse("events:find-ticket", args=[event.slug])
    response = client.get(find, {"ticket": f"https://example.org{_check_in_url(ticket)}"})
    assert response["Location"] == _check_in_url(ticket)
    response = client.get(find, {"ticket": ticket.ticket_token})
    assert response["Location"] == _check_in_url(ticket)
    response = client.get(find, {"ticket": "nonsense"}, follow=True)
    assert _messages(response) == ["No ticket has this code."]


def test_the_check_in_list_paginates_in_few_queries(client, organiser, event):
    def register(first, n):
        for number in range(first, first + n):
            registration = RegistrationFactory(
                event=event, user=UserFactory(display_name=f"Person {number:02d}")
            )
            if number % 2:
                attendance.check_in(registration, actor=organiser, event=event)

    register(0, 1)
    client.force_login(organiser)
    url = reverse("events:check-in-list", args=[event.slug])
    one, several = assert_same_queries(lambda: client.get(url), lambda: register(1, 3))
    assert len(several.context["registrations"]) == 4


# Export ----------------------------------------------------------------------------------------


@pytest.fixture
def attended(event, organiser, alice, bob):
    consenting = RegistrationFactory(
        event=event,
        user=alice,
        organisation="Theatre Sfumato",
        country="BG",
        sector="performing-arts",
        demographics_consent=True,
        demographics_consent_at=timezone.now(),
        gender="woman",
        age_group="25-34",
    )
    attendance.check_in(consenting, actor=organiser, event=event)
    refusing = RegistrationFactory(event=event, user=bob, organisation="=HYPERLINK(1)")
    return consenting, refusing


def _export(client, event, fmt):
    return client.get(reverse("events:attendance-export", args=[event.slug, fmt]))


def test_exports_are_for_the_people_running_the_event(client, alice, event):
    for fmt in ("csv", "xlsx"):
        assert _export(client, event, fmt).status_code == 302
    client.force_login(alice)
    for fmt in ("csv", "xlsx"):
        assert _export(client, event, fmt).status_code == 403


def test_an_unknown_export_format_is_not_found(client, organiser, event):
    client.force_login(organiser)
    assert _export(client, event, "pdf").status_code == 404


def test_the_csv_export_parses_and_respects_consent(client, organiser, event, attended):
    client.force_login(organiser)
    response = _export(client, event, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == attendance.export_columns()
    alice_row, bob_row = rows[1], rows[2]
    assert alice_row[:7] == [
        "Alice Member",
        "alice@example.org",
        "Theatre Sfumato",
        "Bulgaria",
        alice_row[4],
        "In the room",
        "Confirmed",
    ]
    assert alice_row[4]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", alice_row[7])
    assert alice_row[8:] == ["In the room", "Woman", "25–34"]
    assert bob_row[0] == "Bob Member"
    assert bob_row[2] == "'=HYPERLINK(1)"
    assert bob_row[7:] == ["", "", "", ""]


def test_the_xlsx_export_parses_and_respects_consent(client, organiser, event, attended):
    client.force_login(organiser)
    response = _export(client, event, "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == attendance.export_columns()
    assert rows[1][0] == "Alice Member"
    assert rows[1][9:] == ["Woman", "25–34"]
    assert rows[2][0] == "Bob Member"
    assert rows[2][9:] == ["", ""]


def test_gender_kept_from_before_consent_was_withdrawn_is_not_exported(
    client, organiser, event, attended
):
    # The database refuses demographics without consent; withdrawing consent clears them.
    consenting, _refusing = attended
    Registration.objects.filter(pk=consenting.pk).update(
        demographics_consent=False, demographics_consent_at=None, gender="", age_group=""
    )
    client.force_login(organiser)
    rows = list(csv.reader(io.StringIO(_export(client, event, "csv").content.decode("utf-8-sig"))))
    assert rows[1][9:] == ["", ""]


def test_checking_in_the_day_after_the_event_is_refused(organiser, event, ticket):
    later = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as raised:
        attendance.check_in(ticket, actor=organiser, event=event, now=later)
    assert raised.value.messages == ["Check-in closed at the end of the event's last day."]
    ticket.refresh_from_db()
    assert ticket.checked_in_at is None


# The migration ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_registrations_their_own_tokens(alice, bob):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("events", "0001_initial")]
    after = [("events", "0002_attendance_and_certificates")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldEvent = old.get_model("events", "Event")
        OldRegistration = old.get_model("events", "Registration")
        now = timezone.now()
        event = OldEvent.objects.create(
            title={"lang": "en", "text": "Old event"},
            slug="old-event",
            type="training",
            format="on-site",
            starts_at=now,
            ends_at=now,
        )
        for user in (alice, bob):
            OldRegistration.objects.create(
                event=event, user_id=user.pk, attendance_mode="room", status="confirmed"
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        tokens = list(
            new.get_model("events", "Registration").objects.values_list("ticket_token", flat=True)
        )
        assert len(tokens) == 2 and len(set(tokens)) == 2
        assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
