"""Open registration: first come, a waitlist at capacity, freed seats offered with a deadline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.events import services
from atelier.events.models import Event, Format, Registration, RegistrationMode
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def test_register_confirms_while_seats_are_free(alice, mailoutbox):
    event = EventFactory(room_capacity=2)
    registration = services.register(event, alice)
    assert registration.status == Status.CONFIRMED
    assert registration.attendance_mode == "room"
    assert Notification.objects.get(recipient=alice).verb == "events.registered"
    assert mailoutbox[0].to == ["alice@example.org"]
    assert mailoutbox[0].subject == f"You are registered for “{event.title.text}”"


def test_register_at_capacity_goes_to_the_waitlist(alice, bob):
    event = EventFactory(room_capacity=1)
    assert services.register(event, alice).status == Status.CONFIRMED
    assert services.register(event, bob).status == Status.WAITLISTED
    assert services.seats_left(event, "room") == 0
    assert Notification.objects.get(recipient=bob).verb == "events.waitlisted"


def test_cancelling_offers_the_seat_to_the_first_waiting(alice, bob, people):
    event = EventFactory(room_capacity=1, offer_hours=24)
    first = services.register(event, alice)
    waiting = [services.register(event, person) for person in (bob, people[0])]
    services.cancel_registration(first, actor=alice)
    waiting = [Registration.objects.get(pk=r.pk) for r in waiting]
    assert [r.status for r in waiting] == [Status.OFFERED, Status.WAITLISTED]
    offer = waiting[0]
    assert timezone.now() + timedelta(hours=23) < offer.offer_expires_at
    assert offer.offer_expires_at <= timezone.now() + timedelta(hours=24)
    told = Notification.objects.get(recipient=bob, verb="events.seat_offered")
    assert told.title == f"A seat is free for you at “{event.title.text}”"
    assert "Confirm it on the event page by" in told.body


def test_an_offered_seat_is_held_until_it_is_confirmed(alice, bob, people):
    event = EventFactory(room_capacity=1)
    first = services.register(event, alice)
    offered = services.register(event, bob)
    services.cancel_registration(first, actor=alice)
    # A newcomer cannot take the seat that is offered to someone else.
    assert services.register(event, people[0]).status == Status.WAITLISTED
    confirmed = services.confirm_offer(Registration.objects.get(pk=offered.pk), actor=bob)
    assert confirmed.status == Status.CONFIRMED
    assert confirmed.offer_expires_at is None


def test_an_expired_offer_passes_to_the_next_person(alice, bob, people):
    event = EventFactory(room_capacity=1, offer_hours=12)
    first = services.register(event, alice)
    services.register(event, bob)
    third = services.register(event, people[0])
    services.cancel_registration(first, actor=alice)
    assert services.expire_offers() == 0
    later = timezone.now() + timedelta(hours=13)
    assert services.expire_offers(now=later) == 1
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses[bob.pk] == Status.CANCELLED
    assert statuses[people[0].pk] == Status.OFFERED
    assert Registration.objects.get(user=bob).cancel_reason == "offer-expired"
    assert Notification.objects.filter(recipient=bob, verb="events.offer_expired").count() == 1
    assert Notification.objects.filter(recipient=people[0], verb="events.seat_offered").count() == 1
    with pytest.raises(ValidationError) as error:
        services.confirm_offer(Registration.objects.get(user=bob, event=event), actor=bob)
    assert error.value.messages == ["No seat is offered to you for this event."]
    assert Registration.objects.get(pk=third.pk).status == Status.OFFERED


def test_confirming_after_the_deadline_fails_and_passes_the_seat_on(alice, bob, people):
    event = EventFactory(room_capacity=1, offer_hours=1)
    first = services.register(event, alice)
    offered = services.register(event, bob)
    services.register(event, people[0])
    services.cancel_registration(first, actor=alice)
    with pytest.raises(ValidationError) as error:
        services.confirm_offer(offered, actor=bob, now=timezone.now() + timedelta(hours=2))
    assert error.value.messages == [
        "The offer has expired and the seat has passed to the next person."
    ]
    assert Registration.objects.get(pk=offered.pk).status == Status.CANCELLED
    assert Registration.objects.get(user=people[0]).status == Status.OFFERED


def test_room_and_online_places_are_counted_apart(alice, bob, people):
    event = EventFactory(
        format=Format.HYBRID, online_url="https://meet.example.org/x", room_capacity=1,
        online_capacity=1,
    )  # fmt: skip
    assert services.register(event, alice, attendance_mode="room").status == Status.CONFIRMED
    assert services.register(event, bob, attendance_mode="online").status == Status.CONFIRMED
    assert services.register(event, people[0], attendance_mode="online").status == (
        Status.WAITLISTED
    )


def test_hybrid_events_ask_how_one_takes_part(alice):
    event = EventFactory(format=Format.HYBRID, online_url="https://meet.example.org/x")
    with pytest.raises(ValidationError) as error:
        services.register(event, alice)
    assert error.value.message_dict == {
        "attendance_mode": ["Choose how you will take part in this event."]
    }
    assert not Registration.objects.exists()


def test_one_active_registration_per_person(alice):
    event = EventFactory()
    services.register(event, alice)
    with pytest.raises(ValidationError) as error:
        services.register(event, alice)
    assert error.value.messages == ["You are already registered for this event (Confirmed)."]
    assert Registration.objects.count() == 1


def test_a_person_who_cancelled_may_register_again(alice):
    event = EventFactory()
    services.cancel_registration(services.register(event, alice), actor=alice)
    assert services.register(event, alice).status == Status.CONFIRMED
    assert Registration.objects.filter(event=event, user=alice).count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.DRAFT}, "This event is not open for registration."),
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        (
            {"registration_deadline": timezone.now() - timedelta(minutes=1)},
            "Registration for this event has closed.",
        ),
        (
            {"registration_mode": RegistrationMode.INVITATION},
            "This event is by invitation only. Use the link in your invitation.",
        ),
        (
            {"registration_mode": RegistrationMode.APPLICATION},
            "This event selects its participants: apply instead.",
        ),
    ],
)
def test_register_refuses_with_a_clear_reason(alice, changes, message):
    event = EventFactory(**changes)
    with pytest.raises(ValidationError) as error:
        services.register(event, alice)
    assert error.value.messages == [message]
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_gender_and_age_group_need_consent(alice):
    event = EventFactory()
    with pytest.raises(ValidationError) as error:
        services.register(event, alice, details={"gender": "woman", "age_group": "25-34"})
    assert "recorded only with your consent" in error.value.message_dict["demographics_consent"][0]
    assert not Registration.objects.exists()
    registration = services.register(
        event,
        alice,
        details={
            "country": "BG",
            "organisation": "Chitalishte",
            "sector": "heritage",
            "demographics_consent": True,
            "gender": "woman",
            "age_group": "25-34",
        },
    )
    registration.refresh_from_db()
    assert (registration.country.code, registration.organisation, registration.sector) == (
        "BG",
        "Chitalishte",
        "heritage",
    )
    assert (registration.gender, registration.age_group) == ("woman", "25-34")
    assert registration.demographics_consent_at is not None


def test_the_database_refuses_demographics_without_consent(alice):
    from django.db import IntegrityError, transaction

    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=alice, attendance_mode="room", status="confirmed", gender="man"
        )


def test_raising_the_capacity_offers_seats_to_the_waitlist(alice, bob, cora):
    event = EventFactory(room_capacity=1)
    services.register(event, alice)
    waiting = services.register(event, bob)
    event.room_capacity = 2
    services.update_event(event, actor=cora)
    assert Registration.objects.get(pk=waiting.pk).status == Status.OFFERED


def test_registration_pages_need_a_signed_in_person(client, alice):
    event = EventFactory()
    for name in ("register", "cancel", "confirm"):
        url = reverse(f"events:{name}", args=[event.slug])
        response = client.post(url)
        assert response.status_code == 302
        assert response.headers["location"] == f"/accounts/login/?next={url}"
    # Signed in without a registration: nothing to cancel or confirm.
    client.force_login(alice)
    assert client.post(reverse("events:cancel", args=[event.slug])).status_code == 403
    assert client.post(reverse("events:confirm", args=[event.slug])).status_code == 403


def test_registration_page_registers_and_then_cancels(client, alice, bob):
    event = EventFactory(room_capacity=1)
    services.register(event, bob)
    client.force_login(alice)
    url = reverse("events:register", args=[event.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"attendance_mode": "room", "sector": "music"}, follow=True)
    assert "The event is full: you are on the waitlist." in response.content.decode()
    assert Registration.objects.get(user=alice).sector == "music"
    client.post(reverse("events:cancel", args=[event.slug]))
    assert Registration.objects.get(user=alice).status == Status.CANCELLED


def test_a_draft_cannot_be_registered_for_over_http(client, alice):
    event = EventFactory(status=Event.Status.DRAFT)
    client.force_login(alice)
    assert client.post(reverse("events:register", args=[event.slug])).status_code == 403
    assert not Registration.objects.exists()


def test_the_periodic_command_passes_expired_offers_on(alice, bob, people):
    from django.core.management import call_command

    from atelier.events import tasks

    event = EventFactory(room_capacity=1, offer_hours=1)
    first = services.register(event, alice)
    services.register(event, bob)
    services.register(event, people[0])
    services.cancel_registration(first, actor=alice)
    Registration.objects.filter(user=bob).update(offer_expires_at=timezone.now())
    assert tasks.expire_event_offers.enqueue().return_value == 1
    assert Registration.objects.get(user=people[0]).status == Status.OFFERED
    Registration.objects.filter(user=people[0]).update(offer_expires_at=timezone.now())
    call_command("run_periodic", "--enqueue")
    assert Registration.objects.get(user=people[0]).status == Status.CANCELLED


def test_the_event_page_tells_one_ones_place_on_the_waitlist(client, alice, bob, people):
    event = EventFactory(room_capacity=1)
    services.register(event, people[0])
    services.register(event, alice)
    services.register(event, bob)
    client.force_login(bob)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Your registration: On the waitlist (In the room)." in html
    assert "You are number 2 on the waitlist." in html


def test_a_closed_registration_sends_one_back_to_the_event(client, alice):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(hours=1))
    client.force_login(alice)
    url = reverse("events:register", args=[event.slug])
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "Registration for this event is closed." in response.content.decode()
    response = client.post(url, {"attendance_mode": "room"})
    assert response.status_code == 400
    assert "Registration for this event has closed." in response.content.decode()
    assert not Registration.objects.exists()
