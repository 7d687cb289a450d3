"""GDPR export at /me/export/: everything held about a person, as a JSON download."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atelier.accounts.services import assign_role
from atelier.core.models import Theme

pytestmark = pytest.mark.django_db

URL = reverse("accounts:export")


def test_export_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/me/export/"


def test_export_is_a_json_attachment(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    today = timezone.now().strftime("%Y-%m-%d")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="atelier-data-{today}.json"'
    )


def test_export_is_never_kept_by_a_browser_or_proxy(client, alice):
    client.force_login(alice)
    assert client.get(URL).headers["cache-control"] == "no-store"


def test_export_holds_account_profile_addresses_and_roles(client, alice):
    theme = Theme.objects.get(slug="cultural-heritage")
    alice.organisation = "Community centre Sofia"
    alice.languages = ["bg"]
    alice.bio = "Читалище"
    alice.preferred_language = "bg"
    alice.save()
    alice.interests.set([theme])
    EmailAddress.objects.create(user=alice, email="alice.new@example.org", verified=False)
    assign_role(alice, "coordinator", scope=theme)
    client.force_login(alice)
    data = json.loads(client.get(URL).content)
    assert sorted(data) == [
        "account",
        "action_plans",
        "call_applications",
        "consultations",
        "email_addresses",
        "event_attendance",
        "event_registrations",
        "expert_profile",
        "exported_at",
        "lab_participations",
        "library_contributions",
        "notifications",
        "profile",
        "roles",
        "support_requests_and_missions",
    ]
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["preferred_language"] == "bg"
    assert data["profile"] == {
        "display_name": "Alice Member",
        "country": "BG",
        "organisation": "Community centre Sofia",
        "languages": ["bg"],
        "interests": ["cultural-heritage"],
        "bio": "Читалище",
        "avatar": None,
        "is_public": False,
    }
    assert data["email_addresses"] == [
        {"email": "alice.new@example.org", "verified": False, "primary": False},
        {"email": "alice@example.org", "verified": True, "primary": True},
    ]
    roles = sorted((role["role"], role["scope"]) for role in data["roles"])
    assert roles == [("coordinator", "Cultural heritage"), ("member", None)]


def test_export_keeps_non_latin_text_readable(client, alice):
    alice.bio = "Читалище"
    alice.save()
    client.force_login(alice)
    assert "Читалище" in client.get(URL).content.decode()


def test_export_names_the_avatar(client, alice, png_bytes):
    client.force_login(alice)
    client.post(
        reverse("accounts:edit-profile"),
        {
            "display_name": "Alice Member",
            "preferred_language": "en",
            "avatar": SimpleUploadedFile("me.png", png_bytes, "image/png"),
        },
    )
    alice.refresh_from_db()
    data = json.loads(client.get(URL).content)
    assert data["profile"]["avatar"] == f"/media/{alice.avatar.name}"


def test_export_holds_only_the_signed_in_persons_data(client, alice, bob):
    client.force_login(alice)
    content = client.get(URL).content.decode()
    assert "bob@example.org" not in content
    assert "Bob Member" not in content


def test_export_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(URL).status_code == 405
