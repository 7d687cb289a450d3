"""Organisers steer an event: questions of several kinds, seats moved by hand, room clashes,
the check-in window, the waitlist said before registering, and questions before removing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from atelier.events.models import ApplicationQuestion, Registration, Session
from atelier.events.services import attendance
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(programme):
    return EventFactory(programme=programme, room_capacity=1)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


# Registration questions ---------------------------------------------------------------------


def test_the_coordinator_adds_a_choice_question_and_a_registrant_answers_it(
    client, coordinator, alice, event
):
    client.force_login(coordinator)
    url = reverse("events:questions", args=[event.slug])
    refused = client.post(url, {"text_value": "Diet?", "kind": "choice", "choices_text": "Any"})
    assert refused.status_code == 400
    assert ApplicationQuestion.objects.count() == 0
    client.post(
        url,
        {
            "text_value": "Diet?",
            "kind": "choice",
            "choices_text": "Any\nVegetarian\n",
            "required": "on",
        },
    )
    question = ApplicationQuestion.objects.get()
    assert (question.kind, question.choices) == ("choice", ["Any", "Vegetarian"])

    client.force_login(alice)
    register = reverse("events:register", args=[event.slug])
    field = f"question_{question.pk}"
    response = client.post(register, {"attendance_mode": "room", field: "Fish"})
    assert response.status_code == 400
    assert Registration.objects.count() == 0
    client.post(register, {"attendance_mode": "room", field: "Vegetarian"})
    assert Registration.objects.get().answers == {str(question.pk): "Vegetarian"}

    client.force_login(coordinator)
    html = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    assert "Diet?" in html and "Vegetarian" in html


def test_the_service_checks_answers_by_kind(alice, event):
    from atelier.events import services

    link = ApplicationQuestion.objects.create(
        event=event, text=MultilingualText("Portfolio", "en"), kind="link"
    )
    languages = ApplicationQuestion.objects.create(
        event=event, text=MultilingualText("Languages", "en"), kind="languages", required=False
    )
    with pytest.raises(ValidationError) as raised:
        services.register(event, alice, answers={str(link.pk): "not a link"})
    assert raised.value.message_dict == {f"question_{link.pk}": ["Give a web address (https://…)."]}
    registration = services.register(
        event,
        alice,
        answers={str(link.pk): "https://example.org/me", str(languages.pk): ["sl", "bg"]},
    )
    assert registration.answers == {
        str(link.pk): "https://example.org/me",
        str(languages.pk): ["sl", "bg"],
    }


def test_removing_a_question_asks_first(client, coordinator, event):
    question = ApplicationQuestion.objects.create(event=event, text=MultilingualText("Why?", "en"))
    client.force_login(coordinator)
    url = reverse("events:question-delete", args=[event.slug, question.pk])
    assert "New registrations are no longer asked it." in client.get(url).content.decode()
    assert ApplicationQuestion.objects.count() == 1
    client.post(url)
    assert ApplicationQuestion.objects.count() == 0


def test_another_programmes_coordinator_may_not_set_questions(client, other_coordinator, event):
    client.force_login(other_coordinator)
    url = reverse("events:questions", args=[event.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"text_value": "Why?", "kind": "long-text"}).status_code == 403
    assert ApplicationQuestion.objects.count() == 0


# The waitlist said before registering -------------------------------------------------------


def test_registering_for_a_full_event_says_it_adds_you_to_the_waitlist(client, alice, bob, event):
    RegistrationFactory(event=event, user=bob)
    client.force_login(alice)
    html = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "This event is full: registering adds you to the waitlist." in html
    assert "Join the waitlist" in html


def test_registering_with_seats_left_says_nothing_of_a_waitlist(client, alice, event):
    client.force_login(alice)
    html = client.get(reverse("events:register", args=[event.slug])).content.decode()
    assert "waitlist" not in html


# Seats moved by hand ------------------------------------------------------------------------


def _decide(client, event, registration, decision):
    return client.post(
        reverse("events:decide", args=[event.slug, registration.pk, decision]), follow=True
    )


def test_the_coordinator_moves_people_between_confirmed_and_waitlist(
    client, coordinator, alice, bob, event
):
    seated = RegistrationFactory(event=event, user=alice)
    waiting = RegistrationFactory(event=event, user=bob, status=Registration.Status.WAITLISTED)
    client.force_login(coordinator)
    # The only seat is taken: nobody is given one beyond the capacity.
    response = _decide(client, event, waiting, "to-confirmed")
    assert _messages(response) == [
        "No seat is free for this way of taking part. Raise the capacity first."
    ]
    _decide(client, event, seated, "to-waitlist")
    _decide(client, event, waiting, "to-confirmed")
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("waitlisted", "confirmed")


def test_another_programmes_coordinator_may_not_move_people(
    client, other_coordinator, alice, event
):
    seated = RegistrationFactory(event=event, user=alice)
    client.force_login(other_coordinator)
    assert _decide(client, event, seated, "to-waitlist").status_code == 403
    seated.refresh_from_db()
    assert seated.status == "confirmed"


# Room clashes -------------------------------------------------------------------------------


def test_two_sessions_overlapping_in_one_room_are_warned_of(client, coordinator, event):
    SessionFactory(
        event=event,
        title=MultilingualText("Opening", "en"),
        room="Hall A",
        starts_at=event.starts_at,
        ends_at=event.starts_at + timedelta(hours=2),
    )
    client.force_login(coordinator)
    zone_start = timezone.localtime(event.starts_at + timedelta(hours=1), event.zone)
    response = client.post(
        reverse("events:sessions", args=[event.slug]),
        {
            "title_text": "Workshop",
            "starts_at": zone_start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (zone_start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "room": "hall a",
        },
        follow=True,
    )
    assert Session.objects.count() == 2
    assert "“Opening” and “Workshop” overlap in Hall A." in _messages(response)
    assert "Sessions overlap in the same room:" in response.content.decode()


def test_removing_a_session_asks_first(client, coordinator, event):
    session = SessionFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:session-delete", args=[event.slug, session.pk])
    assert "The session leaves the timetable" in client.get(url).content.decode()
    assert Session.objects.count() == 1
    client.post(url)
    assert Session.objects.count() == 0


# The check-in window ------------------------------------------------------------------------


def test_check_in_opens_an_hour_before_the_first_session_and_closes_after_the_last_day(
    coordinator, event
):
    SessionFactory(
        event=event,
        starts_at=event.starts_at - timedelta(hours=2),
        ends_at=event.starts_at - timedelta(hours=1),
    )
    registration = RegistrationFactory(event=event)
    first = event.starts_at - timedelta(hours=2)
    with pytest.raises(ValidationError) as early:
        attendance.check_in(
            registration, actor=coordinator, event=event, now=first - timedelta(minutes=61)
        )
    assert early.value.messages[0].startswith("Check-in opens on")
    result = attendance.check_in(
        registration, actor=coordinator, event=event, now=first - timedelta(minutes=59)
    )
    assert result.already is False
    last_day = timezone.localtime(event.ends_at, event.zone).date()
    midnight = timezone.datetime.combine(
        last_day + timedelta(days=1), timezone.datetime.min.time(), tzinfo=event.zone
    )
    late = RegistrationFactory(event=event)
    attendance.check_in(late, actor=coordinator, event=event, now=midnight - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        attendance.check_in(
            RegistrationFactory(event=event), actor=coordinator, event=event, now=midnight
        )


def test_the_check_in_page_refuses_before_the_event(client, coordinator, event):
    registration = RegistrationFactory(event=event)
    client.force_login(coordinator)
    url = reverse("events:check-in", args=[event.slug, registration.ticket_token])
    response = client.post(url, follow=True)
    assert any(m.startswith("Check-in opens on") for m in _messages(response))
    registration.refresh_from_db()
    assert registration.checked_in_at is None


# Cancelling one's registration asks first ---------------------------------------------------


def test_cancelling_ones_registration_asks_first(client, alice, event):
    registration = RegistrationFactory(event=event, user=alice)
    client.force_login(alice)
    url = reverse("events:cancel", args=[event.slug])
    assert "Cancel your registration?" in client.get(url).content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
