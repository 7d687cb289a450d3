"""Numbers and dates of an event are refused with a message when they are out of any sane
range, so nothing computed from them later (a waitlist offer's deadline, a time in UTC) fails."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from atelier.events import services
from atelier.events.models import Event, Registration
from tests.events.factories import EventFactory
from tests.events.test_organising import _form

pytestmark = pytest.mark.django_db

CREATE = reverse("events:create")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"offer_hours": "9999999999"}, "offer_hours", "less than or equal to 720"),
        ({"offer_hours": "721"}, "offer_hours", "less than or equal to 720"),
        ({"offer_hours": "0"}, "offer_hours", "Give people at least one hour to confirm a seat."),
        ({"room_capacity": "9999999999"}, "room_capacity", "less than or equal to 100000"),
        ({"online_capacity": "100001"}, "online_capacity", "less than or equal to 100000"),
        (
            {"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-02T00:00"},
            "starts_at",
            "Give a date between the years 2000 and 2100.",
        ),
        ({"starts_at": "0001-01-01T00:00"}, "starts_at", "between the years 2000 and 2100"),
        ({"ends_at": "9999-12-31T23:59"}, "ends_at", "between the years 2000 and 2100"),
        (
            {"registration_deadline": "1999-12-31T23:00"},
            "registration_deadline",
            "between the years 2000 and 2100",
        ),
    ],
)
def test_out_of_range_values_are_refused_with_a_message(client, cora, changes, field, message):
    client.force_login(cora)
    response = client.post(CREATE, _form(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Event.objects.exists()


def test_the_date_inputs_say_the_range_to_the_browser(client, cora):
    client.force_login(cora)
    html = client.get(CREATE).content.decode()
    assert 'min="2000-01-01T00:00"' in html and 'max="2100-12-31T23:59"' in html


def test_the_longest_offer_still_makes_a_deadline(alice, bob):
    event = EventFactory(
        room_capacity=1, offer_hours=720, starts_at=timezone.now() + timedelta(days=60)
    )
    first = services.register(event, alice, attendance_mode="room")
    waiting = services.register(event, bob, attendance_mode="room")
    assert waiting.status == Registration.Status.WAITLISTED
    services.cancel_registration(first, actor=alice)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED
    assert waiting.offer_expires_at <= event.starts_at
