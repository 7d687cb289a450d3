"""Password reset by e-mail, from the request to logging in with the new password."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from atelier.accounts.models import User
from tests.accounts.conftest import link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase"


def request_reset(client, email="alice@example.org"):
    return client.post("/accounts/password/reset/", {"email": email})


def set_new_password_from_mail(client, password=NEW_PASSWORD):
    key_url = link_in(mail.outbox[-1])
    # allauth moves the key from the URL into the session, then shows the form.
    response = client.get(key_url)
    assert response.status_code == 302
    form_url = response.headers["location"]
    return client.post(form_url, {"password1": password, "password2": password})


def test_password_reset_request_sends_a_link_to_the_address(client, alice):
    response = request_reset(client)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert link_in(mail.outbox[0]).startswith("/accounts/password/reset/key/")


def test_password_reset_from_the_mail_link_sets_the_new_password(client, alice, password):
    request_reset(client)
    response = set_new_password_from_mail(client)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/password/reset/key/done/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD) is True
    assert alice.check_password(password) is False


def test_password_reset_then_login_with_the_new_password_works(client, alice, password):
    request_reset(client)
    set_new_password_from_mail(client)
    client.logout()
    refused = client.post("/accounts/login/", {"login": "alice@example.org", "password": password})
    assert refused.status_code == 200
    accepted = client.post(
        "/accounts/login/", {"login": "alice@example.org", "password": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    assert accepted.headers["location"] == "/me/"
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_password_reset_link_works_only_once(client, alice):
    request_reset(client)
    key_url = link_in(mail.outbox[0])
    set_new_password_from_mail(client)
    client.logout()
    response = client.get(key_url, follow=True)
    assert response.context["token_fail"] is True


def test_password_reset_with_a_weak_password_keeps_the_old_one(client, alice, password):
    request_reset(client)
    response = set_new_password_from_mail(client, password="password")
    assert response.status_code == 200
    assert response.context["form"].errors == {"password1": ["This password is too common."]}
    alice.refresh_from_db()
    assert alice.check_password(password) is True


def test_password_reset_with_a_forged_key_is_refused(client, alice, password):
    response = client.get(f"/accounts/password/reset/key/{alice.pk}-forged-key/", follow=True)
    assert response.context["token_fail"] is True
    alice.refresh_from_db()
    assert alice.check_password(password) is True


def test_password_reset_for_an_unknown_address_sends_no_link(client, db):
    response = request_reset(client, email="nobody@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["The email address is not assigned to any user account."]
    }
    assert mail.outbox == []


def test_password_reset_of_an_erased_account_sends_nothing(client, alice, password):
    client.force_login(alice)
    client.post("/me/delete/", {"password": password, "confirm": "on"})
    response = request_reset(client, email="alice@example.org")
    assert response.status_code == 200
    assert mail.outbox == []
    assert User.objects.get(pk=alice.pk).has_usable_password() is False
