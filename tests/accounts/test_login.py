"""Log-in and log-out with e-mail and password, and the limit on failed attempts."""

import pytest
from django.contrib.auth import SESSION_KEY

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_with_the_right_password_signs_in_and_goes_to_me(client, alice, password):
    response = log_in(client, "alice@example.org", password)
    assert response.status_code == 302
    assert response.headers["location"] == "/me/"
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_login_ignores_the_case_of_the_email(client, alice, password):
    response = log_in(client, "Alice@Example.org", password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_login_with_a_wrong_password_is_refused_with_a_clear_error(client, alice):
    response = log_in(client, "alice@example.org", "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert SESSION_KEY not in client.session


def test_login_with_an_unknown_email_is_refused(client, db):
    response = log_in(client, "nobody@example.org", "whatever-password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_login_of_an_inactive_account_is_refused(client, alice, password):
    alice.is_active = False
    alice.save()
    response = log_in(client, "alice@example.org", password)
    assert response.headers["location"] == "/accounts/inactive/"
    assert SESSION_KEY not in client.session


def test_login_redirects_to_the_next_page(client, alice, password):
    response = client.post(
        "/accounts/login/?next=/me/profile/",
        {"login": "alice@example.org", "password": password, "next": "/me/profile/"},
    )
    assert response.headers["location"] == "/me/profile/"


def test_login_does_not_redirect_to_another_site(client, alice, password):
    response = client.post(
        "/accounts/login/",
        {"login": "alice@example.org", "password": password, "next": "https://evil.example/"},
    )
    assert response.headers["location"] == "/me/"


def test_logout_by_post_ends_the_session(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.headers["location"] == "/"
    assert SESSION_KEY not in client.session
    assert client.get("/me/").status_code == 302


def test_logout_by_get_asks_for_confirmation_and_keeps_the_session(client, alice):
    # A link or image cannot sign a person out; only the form's POST does.
    client.force_login(alice)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_login_after_five_wrong_passwords_answers_429_even_with_the_right_one(
    client, alice, password
):
    for _attempt in range(5):
        assert log_in(client, "alice@example.org", "wrong-password").status_code == 200
    response = log_in(client, "alice@example.org", password)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_login_limit_counts_per_address_so_others_can_still_log_in(client, alice, bob, password):
    for _attempt in range(5):
        log_in(client, "alice@example.org", "wrong-password")
    response = log_in(client, "bob@example.org", password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(bob.pk)


def test_login_limit_per_ip_stops_guessing_across_addresses(client, db):
    for number in range(10):
        log_in(client, f"guess{number}@example.org", "wrong-password")
    response = log_in(client, "guess10@example.org", "wrong-password")
    assert response.status_code == 429


def test_login_limit_page_is_atelier_s_own_429_page(client, alice):
    for _attempt in range(5):
        log_in(client, "alice@example.org", "wrong-password")
    response = log_in(client, "alice@example.org", "wrong-password")
    assert response.status_code == 429
    assert [template.name for template in response.templates][0] == "429.html"
