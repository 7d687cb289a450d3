"""Organisers e-mail the people registered, chosen by status, each in their own language."""

import pytest
from django.core import mail
from django.urls import reverse

from atelier.events.models import EventMessage, Registration
from atelier.events.services import attendance
from tests.events.factories import RegistrationFactory
from tests.factories import UserFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def _url(event):
    return reverse("events:messages", args=[event.slug])


@pytest.fixture
def registrants(running_event, coordinator):
    confirmed = RegistrationFactory(
        event=running_event,
        user=UserFactory(email="ivana@example.org", preferred_language="bg"),
    )
    waiting = RegistrationFactory(
        event=running_event,
        user=UserFactory(email="wait@example.org", preferred_language="en"),
        status=Registration.Status.WAITLISTED,
    )
    attended = RegistrationFactory(
        event=running_event, user=UserFactory(email="came@example.org", preferred_language="en")
    )
    attendance.check_in(attended, actor=coordinator, event=running_event)
    RegistrationFactory(
        event=running_event,
        user=UserFactory(email="gone@example.org"),
        status=Registration.Status.CANCELLED,
    )
    return confirmed, waiting, attended


def _send(client, event, audiences, subject="Bring your laptop", body="Room 3, from 9:00."):
    return client.post(
        _url(event), {"audiences": audiences, "subject": subject, "body": body}, follow=True
    )


def test_the_waitlisted_alone_get_it_and_the_message_is_kept(
    client, coordinator, running_event, registrants, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, running_event, ["waitlisted"])
    assert [str(m) for m in response.context["messages"]] == [
        "The message is on its way to 1 people, each in their language."
    ]
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
    assert "Room 3, from 9:00." in mail.outbox[0].body
    message = EventMessage.objects.get()
    assert (message.audiences, message.recipients, message.sent_at is not None) == (
        ["waitlisted"],
        1,
        True,
    )
    assert "Bring your laptop" in client.get(_url(running_event)).content.decode()


def test_each_person_gets_the_frame_in_their_language_and_the_text_as_written(
    client, coordinator, running_event, registrants, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, running_event, ["confirmed", "attended"], body="Wir sehen uns.")
    by_address = {m.to[0]: m for m in mail.outbox}
    # Confirmed and checked in: the person who came is in both groups and gets one message.
    assert sorted(by_address) == ["came@example.org", "ivana@example.org"]
    assert len(mail.outbox) == 2
    assert all("Wir sehen uns." in m.body for m in mail.outbox)
    assert by_address["came@example.org"].body.startswith("Hello")
    assert not by_address["ivana@example.org"].body.startswith("Hello")


def test_a_message_without_recipients_or_text_is_refused_and_nothing_kept(
    client, coordinator, running_event, registrants
):
    client.force_login(coordinator)
    response = client.post(_url(running_event), {"audiences": [], "subject": "", "body": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"audiences", "subject", "body"}
    RegistrationFactory(event=running_event).delete()
    Registration.objects.filter(status=Registration.Status.WAITLISTED).delete()
    response = client.post(
        _url(running_event), {"audiences": ["waitlisted"], "subject": "Hi", "body": "Hello"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["audiences"] == [
        "Nobody registered is in the groups chosen: nothing was sent."
    ]
    assert EventMessage.objects.count() == 0
    assert mail.outbox == []


def test_the_programmes_coordinator_writes_and_another_programmes_may_not(
    client, coordinator, other_coordinator, alice, running_event, registrants
):
    for person in (other_coordinator, alice):
        client.force_login(person)
        assert client.get(_url(running_event)).status_code == 403
        assert _send(client, running_event, ["confirmed"]).status_code == 403
    assert EventMessage.objects.count() == 0
    client.force_login(coordinator)
    assert client.get(_url(running_event)).status_code == 200


def test_the_list_of_messages_runs_as_many_queries_for_one_as_for_several(
    client, coordinator, running_event, registrants
):
    def write(n):
        EventMessage.objects.create(
            event=running_event,
            subject=f"Note {n}",
            body="Text",
            audiences=["confirmed"],
            sent_by=coordinator,
            recipients=2,
        )

    write(0)
    client.force_login(coordinator)
    _one, several = assert_same_queries(
        lambda: client.get(_url(running_event)), lambda: [write(n) for n in range(1, 4)]
    )
    assert several.content.decode().count("<summary>Note") == 4
