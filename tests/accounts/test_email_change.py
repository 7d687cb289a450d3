"""Changing one's e-mail address: add it, verify it by the mailed link, make it primary."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.accounts.conftest import link_in

pytestmark = pytest.mark.django_db


def addresses(user):
    return [
        (address.email, address.verified, address.primary)
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_email_page_requires_sign_in(client, db):
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/accounts/email/"


def test_email_add_creates_an_unverified_address_and_mails_a_link(signed_in, alice):
    response = signed_in.post(
        "/accounts/email/", {"action_add": "", "email": "alice.new@example.org"}
    )
    assert response.status_code == 302
    assert addresses(alice) == [
        ("alice.new@example.org", False, False),
        ("alice@example.org", True, True),
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice.new@example.org"]
    assert link_in(mail.outbox[0]).startswith("/accounts/confirm-email/")


def test_email_verifying_the_new_address_makes_it_primary_and_drops_the_old(signed_in, alice):
    # ACCOUNT_CHANGE_EMAIL: a person has one address; a verified new one replaces it.
    signed_in.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    response = signed_in.post(link_in(mail.outbox[0]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    assert addresses(alice) == [("alice.new@example.org", True, True)]


def test_email_make_primary_keeps_the_verified_address_primary(signed_in, alice):
    signed_in.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    signed_in.post(link_in(mail.outbox[0]))
    response = signed_in.post(
        "/accounts/email/", {"action_primary": "", "email": "alice.new@example.org"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    assert addresses(alice) == [("alice.new@example.org", True, True)]


def test_email_change_lets_the_person_log_in_with_the_new_address_only(client, alice, password):
    client.force_login(alice)
    client.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    client.post(link_in(mail.outbox[0]))
    client.logout()
    old = client.post("/accounts/login/", {"login": "alice@example.org", "password": password})
    assert old.status_code == 200
    new = client.post("/accounts/login/", {"login": "alice.new@example.org", "password": password})
    assert new.status_code == 302
    assert new.headers["location"] == "/me/"


def test_email_unverified_address_cannot_become_primary(signed_in, alice):
    signed_in.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    signed_in.post("/accounts/email/", {"action_primary": "", "email": "alice.new@example.org"})
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert addresses(alice) == [
        ("alice.new@example.org", False, False),
        ("alice@example.org", True, True),
    ]


def test_email_add_of_another_persons_address_is_refused(signed_in, alice, bob):
    response = signed_in.post("/accounts/email/", {"action_add": "", "email": "bob@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["A user is already registered with this email address."]
    }
    assert addresses(alice) == [("alice@example.org", True, True)]
    assert mail.outbox == []


def test_email_link_verifies_only_for_the_right_key(signed_in, alice):
    signed_in.post("/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    response = signed_in.post("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 404
    assert EmailAddress.objects.get(email="alice.new@example.org").verified is False
