"""Sign-up with e-mail and password: verification by e-mail, weak passwords, taken addresses."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from atelier.accounts.models import User
from tests.accounts.conftest import link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-unusual-passphrase"


def sign_up(client, email="new@example.org", password=NEW_PASSWORD, prefix=""):
    return client.post(
        f"{prefix}/accounts/signup/",
        {"email": email, "password1": password, "password2": password},
    )


def test_signup_creates_an_unverified_user(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    assert user.is_active is True
    assert user.check_password(NEW_PASSWORD) is True
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("new@example.org", False, True)


def test_signup_sends_one_verification_mail_to_the_address(client):
    sign_up(client)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert message.subject.startswith("[Atelier] ")
    assert link_in(message).startswith("/accounts/confirm-email/")


def test_signup_link_from_the_mail_verifies_the_address(client):
    sign_up(client)
    confirm_url = link_in(mail.outbox[0])
    response = client.post(confirm_url)
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="new@example.org")
    assert address.verified is True


def test_signup_link_from_the_mail_signs_the_person_in(client):
    sign_up(client)
    client.post(link_in(mail.outbox[0]))
    response = client.get("/me/")
    assert response.status_code == 200
    assert response.context["user"].email == "new@example.org"


def test_signup_link_opened_by_get_does_not_verify(client):
    # Mail scanners follow links; only the person's POST from the page confirms.
    sign_up(client)
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 200
    assert EmailAddress.objects.get(email="new@example.org").verified is False


def test_login_before_verification_is_sent_to_the_verification_page(client):
    sign_up(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/confirm-email/"
    assert client.get("/me/").status_code == 302


def test_signup_with_a_taken_email_shows_an_error_and_creates_nobody(client, alice):
    response = sign_up(client, email="alice@example.org")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["A user is already registered with this email address."]
    }
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_signup_with_a_taken_email_in_other_case_creates_nobody(client, alice):
    response = sign_up(client, email="ALICE@example.org")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("weak_password", "errors"),
    [
        ("12345678", ["This password is too common.", "This password is entirely numeric."]),
        ("password", ["This password is too common."]),
        ("short1!", [
            "This password is too short. It must contain at least 8 characters.",
        ]),
    ],
)  # fmt: skip
def test_signup_with_a_weak_password_shows_why_and_creates_nobody(client, weak_password, errors):
    response = sign_up(client, password=weak_password)
    assert response.status_code == 200
    assert response.context["form"].errors == {"password1": errors}
    html = response.content.decode()
    for error in errors:
        assert error in html
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_with_mismatched_passwords_creates_nobody(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["You must type the same password each time."]
    }
    assert User.objects.count() == 0


@pytest.mark.parametrize("language", ["bg", "pl", "ro", "sl"])
def test_signup_keeps_the_language_of_the_signup_page(client, language):
    response = sign_up(client, prefix=f"/{language}")
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").preferred_language == language


def test_signup_without_a_prefix_follows_the_browser_language(client):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        headers={"accept-language": "ro"},
    )
    assert User.objects.get(email="new@example.org").preferred_language == "ro"


def test_signup_in_english_keeps_english(client):
    sign_up(client)
    assert User.objects.get(email="new@example.org").preferred_language == "en"


def test_signup_verification_link_keeps_the_signup_language(client):
    sign_up(client, prefix="/bg")
    assert len(mail.outbox) == 1
    assert link_in(mail.outbox[0]).startswith("/bg/accounts/confirm-email/")


def test_signup_verification_mail_greets_from_atelier(client):
    sign_up(client)
    body = mail.outbox[0].body
    assert body.startswith("Hello from Atelier!")
    assert "example.com" not in body
