"""Account deletion at /me/delete/: the password confirms it, then personal data is erased."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.accounts.models import RoleAssignment, User
from atelier.core.models import AuditLogEntry, Theme
from tests.accounts.conftest import stored_files

pytestmark = pytest.mark.django_db

URL = reverse("accounts:delete")


@pytest.fixture
def full_alice(client, alice, png_bytes, django_capture_on_commit_callbacks):
    """Alice with every kind of personal data, signed in."""
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:edit-profile"),
            {
                "display_name": "Alice Ivanova",
                "country": "BG",
                "organisation": "Community centre Sofia",
                "languages": ["bg"],
                "interests": [Theme.objects.get(slug="cultural-heritage").pk],
                "bio": "I run a chitalishte.",
                "preferred_language": "bg",
                "is_public": "on",
                "avatar": SimpleUploadedFile("me.png", png_bytes, "image/png"),
            },
            follow=True,
        )
    alice.refresh_from_db()
    assert alice.avatar.name != ""
    return alice


def delete(client, password, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(URL, data)


@pytest.fixture
def erase(client, password, django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, {"password": password, "confirm": "on"})

    return run


def test_delete_page_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/me/delete/"


def test_delete_page_asks_for_password_and_confirmation(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["password", "confirm"]


def test_delete_with_a_wrong_password_changes_nothing(client, full_alice, media_root):
    response = delete(client, "not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["The password is not correct."]}
    html = response.content.decode()
    assert "Your account was not deleted. Please correct the fields marked below." in html
    assert "The password is not correct." in html
    alice = User.objects.get(pk=full_alice.pk)
    assert (alice.email, alice.display_name, alice.is_active) == (
        "alice@example.org",
        "Alice Ivanova",
        True,
    )
    assert alice.erased_at is None
    assert stored_files(media_root) == [alice.avatar.name]
    assert EmailAddress.objects.filter(user=alice).count() == 1
    assert RoleAssignment.objects.filter(user=alice).count() == 1
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert not AuditLogEntry.objects.filter(action="accounts.account.erase").exists()


def test_delete_without_confirmation_changes_nothing(client, full_alice, password):
    response = delete(client, password, confirm=False)
    assert response.status_code == 200
    assert response.context["form"].errors == {"confirm": ["This field is required."]}
    alice = User.objects.get(pk=full_alice.pk)
    assert (alice.email, alice.is_active, alice.erased_at) == ("alice@example.org", True, None)


def test_delete_erases_the_personal_data(full_alice, erase):
    response = erase()
    assert response.status_code == 302
    assert response.headers["location"] == "/"
    alice = User.objects.get(pk=full_alice.pk)
    assert alice.email == f"former-member-{alice.pk}@erased.invalid"
    assert (alice.display_name, alice.organisation, alice.bio) == ("", "", "")
    assert (alice.country.code, alice.languages, alice.avatar.name) == ("", [], "")
    assert list(alice.interests.all()) == []
    assert alice.is_public is False
    assert alice.is_active is False
    assert alice.erased_at is not None
    assert alice.has_usable_password() is False


def test_delete_removes_the_avatar_file_from_disk(full_alice, erase, media_root):
    assert stored_files(media_root) == [full_alice.avatar.name]
    erase()
    assert stored_files(media_root) == []


def test_delete_removes_email_addresses_and_roles(full_alice, erase):
    erase()
    assert EmailAddress.objects.filter(user=full_alice).count() == 0
    assert EmailAddress.objects.filter(email="alice@example.org").count() == 0
    assert RoleAssignment.objects.filter(user=full_alice).count() == 0


def test_delete_signs_the_person_out(client, full_alice, erase):
    erase()
    assert SESSION_KEY not in client.session
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302


def test_delete_ends_the_persons_other_sessions(client, full_alice, erase):
    from django.test import Client

    other_device = Client()
    other_device.force_login(full_alice)
    erase()
    assert other_device.get(reverse("accounts:me")).status_code == 302


def test_delete_says_the_account_was_deleted(client, full_alice, password):
    response = client.post(URL, {"password": password, "confirm": "on"}, follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Your account has been deleted and your data erased."
    ]


def test_deleted_account_cannot_log_in_again(client, full_alice, erase, password):
    erase()
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": password})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_deleted_account_is_shown_as_former_member(full_alice, erase):
    erase()
    assert str(User.objects.get(pk=full_alice.pk)) == "former member"


def test_deleted_address_can_sign_up_again(client, full_alice, erase):
    erase()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "alice@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="alice@example.org").count() == 1


def test_delete_leaves_an_audit_entry_without_personal_data(full_alice, erase):
    erase()
    entry = AuditLogEntry.objects.get(action="accounts.account.erase")
    assert (entry.object_id, entry.actor) == (str(full_alice.pk), None)
    assert entry.data == {}
    every_entry = json.dumps(
        list(AuditLogEntry.objects.values("action", "data", "object_id")), ensure_ascii=False
    )
    for personal in ["alice@example.org", "Alice", "Sofia", "chitalishte"]:
        assert personal not in every_entry


def test_delete_keeps_the_user_row_for_what_they_contributed(full_alice, erase):
    erase()
    assert User.objects.filter(pk=full_alice.pk).count() == 1
