"""Organisers create, change and cancel events; everyone registered hears about it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.models import AuditLogEntry
from atelier.events import services
from atelier.events.models import ApplicationQuestion, Event, Registration, Session
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("events:create")


def _form(**changes):
    data = {
        "title_text": "Yes¡ Let's create new ways",
        "content_language": "en",
        "description_text": "A facilitator training.",
        "type": "training-of-trainers",
        "format": "on-site",
        "starts_at": "2030-05-04T09:30",
        "ends_at": "2030-05-06T17:00",
        "time_zone": "Europe/Warsaw",
        "languages": ["en", "pl"],
        "venue_name": "Palace",
        "venue_city": "Morawa",
        "venue_country": "PL",
        "room_capacity": "25",
        "registration_mode": "open",
        "offer_hours": "48",
        "status": "published",
    }
    data.update(changes)
    return data


def test_a_platform_coordinator_creates_an_event_in_its_time_zone(client, cora):
    client.force_login(cora)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.headers["location"] == event.get_absolute_url()
    assert event.slug == "yes-lets-create-new-ways-2030"
    assert event.starts_at == datetime(2030, 5, 4, 7, 30, tzinfo=ZoneInfo("UTC"))
    assert event.title.text == "Yes¡ Let's create new ways"
    assert event.languages == ["en", "pl"]
    assert list(event.organisers.all()) == [cora]
    assert AuditLogEntry.objects.filter(action="events.event.create").count() == 1


def test_members_cannot_create_events(client, alice):
    client.force_login(alice)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _form()).status_code == 403
    assert not Event.objects.exists()


def test_visitors_are_sent_to_log_in(client):
    assert client.get(CREATE).headers["location"] == f"/accounts/login/?next={CREATE}"


def test_a_programme_coordinator_creates_events_only_in_their_programme(client, bob):
    own, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(bob, "coordinator", scope=own)
    client.force_login(bob)
    response = client.post(CREATE, _form(programme=other.pk))
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    response = client.post(CREATE, _form())
    assert response.status_code == 400
    assert client.post(CREATE, _form(programme=own.pk)).status_code == 302
    assert Event.objects.get().programme == own


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2030-05-03T10:00"}, "ends_at", "The event must end after it starts."),
        ({"format": "online"}, "online_url", "An online or hybrid event needs a meeting link."),
        ({"venue_city": ""}, "venue_city", "An on-site or hybrid event needs a venue."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
        (
            {"registration_deadline": "2030-05-05T10:00"},
            "registration_deadline",
            "Registration must close before the event starts.",
        ),
        ({"latitude": "52.1"}, "longitude", "Give both latitude and longitude, or neither."),
        ({"offer_hours": "0"}, "offer_hours", "Give people at least one hour to confirm a seat."),
    ],
)
def test_event_form_explains_bad_input_and_saves_nothing(client, cora, changes, field, message):
    client.force_login(cora)
    response = client.post(CREATE, _form(**changes))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_changing_the_dates_tells_everyone_registered(client, cora, alice, bob):
    event = EventFactory(time_zone="Europe/Warsaw", room_capacity=1)
    event.organisers.add(cora)
    services.register(event, alice)
    services.register(event, bob)
    client.force_login(cora)
    edit = reverse("events:edit", args=[event.slug])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        _form(
            title_text=event.title.text,
            starts_at="2030-09-01T10:00",
            ends_at="2030-09-01T16:00",
            room_capacity="1",
        ),
    )
    assert response.status_code == 302
    changed = Notification.objects.filter(verb="events.changed")
    assert sorted(n.recipient_id for n in changed) == sorted([alice.pk, bob.pk])
    assert "New dates:" in changed[0].body
    assert "Europe/Warsaw" in changed[0].body


def test_editing_a_draft_tells_nobody(cora, alice):
    event = EventFactory(status=Event.Status.DRAFT)
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    services.update_event(event, actor=cora)
    assert not Notification.objects.filter(verb="events.changed").exists()


def test_others_cannot_edit_or_cancel(client, alice, bob):
    event = EventFactory()
    event.organisers.add(bob)
    client.force_login(alice)
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 403
    assert client.post(reverse("events:cancel-event", args=[event.slug])).status_code == 403
    assert Event.objects.get().status == Event.Status.PUBLISHED
    # An organiser runs their own event.
    client.force_login(bob)
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == 200


def test_cancelling_the_event_tells_everyone_and_ends_registrations(client, cora, alice, bob):
    event = EventFactory(room_capacity=1)
    services.register(event, alice)
    services.register(event, bob)
    client.force_login(cora)
    url = reverse("events:cancel-event", args=[event.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"message": "The venue flooded."}).status_code == 302
    assert Event.objects.get().status == Event.Status.CANCELLED
    told = Notification.objects.filter(verb="events.cancelled")
    assert sorted(n.recipient_id for n in told) == sorted([alice.pk, bob.pk])
    assert {n.body for n in told} == {"The venue flooded."}
    assert set(Registration.objects.values_list("status", "cancel_reason")) == {
        ("cancelled", "event-cancelled")
    }


def test_organisers_build_the_timetable(client, cora, alice):
    start = datetime(2030, 4, 20, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=8))
    url = reverse("events:sessions", args=[event.slug])
    client.force_login(alice)
    assert client.post(url, {"title_text": "x"}).status_code == 403
    client.force_login(cora)
    response = client.post(
        url,
        {
            "title_text": "Visual thinking",
            "starts_at": "2030-04-20T09:00",
            "ends_at": "2030-04-20T10:30",
            "room": "Hall A",
            "speaker_emails": "alice@example.org",
            "materials_url": "example.org/slides.pdf",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == start
    assert list(session.speakers.all()) == [alice]
    assert session.materials_url == "https://example.org/slides.pdf"
    bad = client.post(
        url,
        {
            "title_text": "Lost",
            "starts_at": "2030-04-20T09:00",
            "ends_at": "2030-04-20T10:00",
            "speaker_emails": "nobody@example.org",
        },
    )
    assert bad.status_code == 400
    assert "Nobody on Atelier has the address “nobody@example.org”" in bad.content.decode()
    assert Session.objects.count() == 1
    edit = reverse("events:session-edit", args=[event.slug, session.pk])
    page = client.get(edit)
    assert page.context["form"].initial["starts_at"] == datetime(2030, 4, 20, 9, 0)
    assert page.context["form"].initial["speaker_emails"] == "alice@example.org"
    response = client.post(
        edit,
        {
            "title_text": "Visual thinking, part 1",
            "starts_at": "2030-04-20T09:30",
            "ends_at": "2030-04-20T10:30",
            "room": "Hall B",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title.text, session.room, session.speakers.count()) == (
        "Visual thinking, part 1",
        "Hall B",
        0,
    )
    assert session.starts_at == start + timedelta(minutes=30)
    client.force_login(alice)
    assert client.get(edit).status_code == 403
    client.force_login(cora)
    delete = reverse("events:session-delete", args=[event.slug, session.pk])
    assert client.post(delete).status_code == 302
    assert not Session.objects.exists()


def test_organisers_set_the_application_questions(client, cora, alice):
    event = EventFactory(registration_mode="application")
    url = reverse("events:questions", args=[event.slug])
    client.force_login(alice)
    assert client.post(url, {"text_value": "Why?"}).status_code == 403
    client.force_login(cora)
    assert client.post(url, {"text_value": "Why?", "required": "on"}).status_code == 302
    question = ApplicationQuestion.objects.get()
    assert (question.text.text, question.required) == ("Why?", True)
    assert (
        client.post(reverse("events:question-delete", args=[event.slug, question.pk])).status_code
        == 302
    )
    assert not ApplicationQuestion.objects.exists()


def test_organisers_are_named_by_address_and_then_run_the_event(client, cora, alice, bob):
    client.force_login(cora)
    response = client.post(CREATE, _form(organiser_emails="alice@example.org"))
    assert response.status_code == 302
    event = Event.objects.get()
    assert sorted(p.email for p in event.organisers.all()) == [
        "alice@example.org",
        "cora@example.org",
    ]
    bad = client.post(CREATE, _form(organiser_emails="ghost@example.org"))
    assert "Nobody on Atelier has the address “ghost@example.org”." in bad.content.decode()
    client.force_login(alice)
    assert client.get(reverse("events:manage", args=[event.slug])).status_code == 200
    client.force_login(bob)
    assert client.get(reverse("events:manage", args=[event.slug])).status_code == 403


def test_an_organiser_edits_a_platform_event_without_a_programme(client, alice):
    event = EventFactory(time_zone="Europe/Warsaw", programme=None)
    event.organisers.add(alice)
    client.force_login(alice)
    response = client.post(
        reverse("events:edit", args=[event.slug]),
        _form(title_text="Renamed", organiser_emails="alice@example.org"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title.text, event.programme) == ("Renamed", None)
    other = ProgrammeFactory()
    response = client.post(
        reverse("events:edit", args=[event.slug]),
        _form(programme=other.pk, organiser_emails="alice@example.org"),
    )
    assert response.status_code == 400
    assert Event.objects.get().programme is None


def test_every_field_of_the_event_form_is_in_a_fieldset(cora):
    from atelier.events.forms import EventForm

    form = EventForm(user=cora)
    placed = [field.name for _legend, fields in form.fieldsets() for field in fields]
    assert sorted(placed) == sorted(form.fields)
