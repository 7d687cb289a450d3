"""Inviting people into a programme's team by e-mail, with or without an account."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from atelier.accounts.rules import holds_role
from atelier.accounts.services import assign_role
from atelier.programmes import services
from atelier.programmes.models import Invitation
from tests.factories import PASSWORD, UserFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(alice):
    """A programme Alice coordinates."""
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    return programme


def team_url(programme):
    return reverse("programmes:team", args=[programme.slug])


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """``invite(client, programme, email, role)``: the team form sent, its mail sent too."""

    def send(client, programme, email, role="facilitator"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(team_url(programme), {"email": email, "role": role})

    return send


def link_in(message):
    return re.search(r"http://\S+/programmes/invitations/\S+/", message.body).group(0)


def path_of(link):
    return urlsplit(link).path


def fresh(user):
    user.__dict__.pop("_atelier_role_keys", None)
    return user


def test_someone_on_atelier_gets_the_role_at_once_and_is_told(
    client, programme, alice, bob, invite
):
    client.force_login(alice)
    response = invite(client, programme, "BOB@example.org")
    assert response.status_code == 302
    assert holds_role(fresh(bob), "facilitator", programme) is True
    assert Invitation.objects.count() == 0
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert "facilitator" in mail.outbox[0].subject


def test_an_unknown_address_gets_a_link_that_works_after_sign_up(client, programme, alice, invite):
    client.force_login(alice)
    response = invite(client, programme, "newcomer@example.org", role="reviewer")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "newcomer@example.org",
        "reviewer",
        alice,
    )
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.org"]
    link = link_in(message)
    client.logout()
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Sign up or log in with newcomer@example.org" in page.content.decode()
    # Signing up with the address and confirming it logs the newcomer in: the role is theirs.
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(newcomer)
    assert holds_role(fresh(newcomer), "reviewer", programme) is True
    invitation.refresh_from_db()
    assert (invitation.state, invitation.accepted_by) == ("accepted", newcomer)


def test_a_signed_in_person_accepts_through_the_link(client, programme, alice, invite):
    client.force_login(alice)
    invite(client, programme, "later@example.org")
    link = path_of(link_in(mail.outbox[0]))
    person = UserFactory(email="other@example.org")
    EmailAddress.objects.create(user=person, email="later@example.org", verified=True)
    client.force_login(person)  # logging in already accepts it
    assert holds_role(fresh(person), "facilitator", programme) is True
    response = client.post(link)
    assert response.status_code == 302


def test_the_link_does_not_give_the_role_to_someone_else(client, programme, alice, bob, invite):
    client.force_login(alice)
    invite(client, programme, "someone@example.org")
    link = path_of(link_in(mail.outbox[0]))
    client.force_login(bob)
    response = client.post(link)
    assert response.status_code == 400
    assert "This invitation was sent to someone@example.org." in response.content.decode()
    assert holds_role(fresh(bob), "facilitator", programme) is False


def test_an_unconfirmed_address_does_not_take_the_role(client, programme, alice, invite):
    client.force_login(alice)
    invite(client, programme, "squatter@example.org")
    squatter = UserFactory(email="other-squatter@example.org")
    EmailAddress.objects.create(user=squatter, email="squatter@example.org", verified=False)
    client.force_login(squatter)
    assert holds_role(fresh(squatter), "facilitator", programme) is False
    assert Invitation.objects.get().state == "pending"


def test_a_withdrawn_invitation_asks_first_then_stops_working(client, programme, alice, invite):
    client.force_login(alice)
    invite(client, programme, "gone@example.org")
    invitation = Invitation.objects.get()
    link = path_of(link_in(mail.outbox[0]))
    url = reverse("programmes:invitation-withdraw", args=[programme.slug, invitation.pk])
    assert "Withdraw the invitation" in client.get(url).content.decode()
    assert Invitation.objects.count() == 1
    assert client.post(url).status_code == 302
    assert Invitation.objects.count() == 0
    client.logout()
    page = client.get(link)
    assert page.status_code == 404
    assert "This invitation has been withdrawn." in page.content.decode()
    person = UserFactory(email="gone@example.org")
    client.force_login(person)
    assert holds_role(fresh(person), "facilitator", programme) is False


def test_a_tampered_or_expired_link_is_refused(client, programme, alice, settings, invite):
    client.force_login(alice)
    invite(client, programme, "late@example.org")
    link = path_of(link_in(mail.outbox[0]))
    assert client.get(link[:-3] + "xx/").status_code == 404
    Invitation.objects.update(created=timezone.now() - timedelta(days=40))
    settings.ATELIER_INVITATION_DAYS = 0
    page = client.get(link)
    assert page.status_code == 404
    assert "This invitation has expired." in page.content.decode()


def test_the_same_address_is_invited_once_per_role(client, programme, alice, invite):
    client.force_login(alice)
    invite(client, programme, "twice@example.org")
    response = invite(client, programme, "twice@example.org")
    assert response.status_code == 400
    assert "This address has already been invited into this role." in response.content.decode()
    assert Invitation.objects.count() == 1


def test_only_team_roles_are_given(client, programme, alice, invite):
    client.force_login(alice)
    response = invite(client, programme, "x@example.org", role="expert")
    assert response.status_code == 400
    assert Invitation.objects.count() == 0


def test_a_coordinator_of_another_programme_cannot_invite_or_withdraw(
    client, programme, bob, invite
):
    services.invite(programme, "pending@example.org", "moderator", actor=None)
    invitation = Invitation.objects.get()
    assign_role(bob, "coordinator", scope=ProgrammeFactory())
    client.force_login(bob)
    assert invite(client, programme, "mine@example.org").status_code == 403
    url = reverse("programmes:invitation-withdraw", args=[programme.slug, invitation.pk])
    assert client.post(url).status_code == 403
    assert list(Invitation.objects.values_list("email", flat=True)) == ["pending@example.org"]


def test_removing_a_role_asks_first(client, programme, alice, bob):
    assign_role(bob, "moderator", scope=programme)
    client.force_login(alice)
    url = reverse("programmes:team-revoke", args=[programme.slug])
    question = client.get(url, {"user": bob.pk, "role": "moderator"})
    assert "Remove the role" in question.content.decode()
    assert holds_role(fresh(bob), "moderator", programme) is True
    client.post(url, {"user": bob.pk, "role": "moderator"})
    assert holds_role(fresh(bob), "moderator", programme) is False


def test_a_real_sign_up_with_the_invited_address_gets_the_role(client, programme, alice, invite):
    client.force_login(alice)
    invite(client, programme, "signup@example.org", role="moderator")
    client.logout()
    mail.outbox.clear()
    client.post(
        reverse("account_signup"),
        {"email": "signup@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirmation = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    client.post(path_of(confirmation.group(0)))
    person = EmailAddress.objects.get(email="signup@example.org").user
    assert holds_role(fresh(person), "moderator", programme) is True
