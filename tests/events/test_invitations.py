"""Invitation mode: personal links that register their holder once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atelier.events import services
from atelier.events.models import Invitation, Registration, RegistrationMode
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(registration_mode=RegistrationMode.INVITATION, room_capacity=1)


def test_invite_sends_personal_links_once_per_address(event, alice, cora, mailoutbox):
    created = services.invite(
        event, ["Alice@example.org", "newcomer@example.org", "alice@example.org"], actor=cora
    )
    assert [i.email for i in created] == ["alice@example.org", "newcomer@example.org"]
    assert created[0].user == alice
    assert Notification.objects.get(recipient=alice).url == created[0].get_absolute_url()
    by_address = {m.to[0]: m for m in mailoutbox}
    assert created[1].token in by_address["newcomer@example.org"].body
    assert services.invite(event, ["alice@example.org"], actor=cora) == []
    assert Invitation.objects.count() == 2


def test_tokens_are_long_and_unique(event, cora):
    first, second = services.invite(event, ["a@example.org", "b@example.org"], actor=cora)
    assert first.token != second.token
    assert len(first.token) >= 40


def test_an_invitation_to_an_account_is_for_that_account_only(event, alice, bob, cora):
    (invitation,) = services.invite(event, ["alice@example.org"], actor=cora)
    with pytest.raises(ValidationError) as error:
        services.accept_invitation(invitation, bob)
    assert error.value.code == "other-account"
    assert not Registration.objects.exists()


def test_an_invitation_registers_once(event, alice, bob, cora):
    (invitation,) = services.invite(event, ["newcomer@example.org"], actor=cora)
    registration = services.accept_invitation(invitation, alice)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.invitation == invitation
    assert Invitation.objects.get(pk=invitation.pk).user == alice
    with pytest.raises(ValidationError) as error:
        services.accept_invitation(Invitation.objects.get(pk=invitation.pk), bob)
    assert error.value.messages == ["This invitation has already been used."]
    assert Registration.objects.count() == 1


def test_invitation_page_registers_the_signed_in_holder(client, event, alice, cora):
    (invitation,) = services.invite(event, ["alice@example.org"], actor=cora)
    url = invitation.get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert "This link is personal." in client.get(url).content.decode()
    response = client.post(url, {"attendance_mode": "room", "country": "BG"})
    assert response.status_code == 302
    assert Registration.objects.get(user=alice).country.code == "BG"
    assert "This invitation has already been used." in client.get(url).content.decode()


def test_an_unknown_token_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get(reverse("events:invitation", args=["nope"])).status_code == 404


def test_invitations_page_is_for_those_who_run_the_event(client, event, alice, cora):
    url = reverse("events:invitations", args=[event.slug])
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert client.post(url, {"emails": "x@example.org"}).status_code == 403
    assert not Invitation.objects.exists()
    client.force_login(cora)
    response = client.post(url, {"emails": "x@example.org\nnot-an-address"})
    assert response.status_code == 400
    assert "These are not e-mail addresses: not-an-address. Nothing was sent." in (
        response.content.decode()
    )
    assert not Invitation.objects.exists()
    assert client.post(url, {"emails": "x@example.org, y@example.org"}).status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "x@example.org",
        "y@example.org",
    ]
