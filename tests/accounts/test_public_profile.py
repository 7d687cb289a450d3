"""Profiles at /people/<pk>/: public ones for everyone, private ones for their owner and admins."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("accounts:profile", args=[person.pk])


@pytest.fixture
def public_alice(alice):
    alice.is_public = True
    alice.organisation = "Community centre Sofia"
    alice.languages = ["bg", "en"]
    alice.bio = "I run a chitalishte."
    alice.save()
    return alice


def test_public_profile_is_visible_to_anonymous_visitors(client, public_alice):
    response = client.get(url(public_alice))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Alice Member</h1>" in html
    assert "<dd>Community centre Sofia</dd>" in html
    assert "<dd>Bulgarian, English</dd>" in html
    assert "<p>I run a chitalishte.</p>" in html


def test_public_profile_is_visible_to_another_member(client, public_alice, bob):
    client.force_login(bob)
    assert client.get(url(public_alice)).status_code == 200


def test_public_profile_never_shows_the_email_address(client, public_alice):
    assert "alice@example.org" not in client.get(url(public_alice)).content.decode()


def test_private_profile_is_forbidden_to_anonymous_visitors(client, alice):
    response = client.get(url(alice))
    assert response.status_code == 403
    assert "Alice Member" not in response.content.decode()


def test_private_profile_is_forbidden_to_another_member(client, alice, bob):
    client.force_login(bob)
    assert client.get(url(alice)).status_code == 403


@pytest.mark.parametrize("viewer", ["mona", "cora", "fay", "rey", "ezra"])
def test_private_profile_is_forbidden_to_other_roles(client, alice, viewer, request):
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(url(alice)).status_code == 403


def test_private_profile_is_visible_to_its_owner(client, alice):
    client.force_login(alice)
    response = client.get(url(alice))
    assert response.status_code == 200
    assert "<h1>Alice Member</h1>" in response.content.decode()


def test_private_profile_is_visible_to_a_platform_admin(client, alice, ada):
    client.force_login(ada)
    response = client.get(url(alice))
    assert response.status_code == 200
    assert "<h1>Alice Member</h1>" in response.content.decode()


def test_profile_of_an_unknown_person_is_not_found(client, db):
    assert client.get(reverse("accounts:profile", args=[999999])).status_code == 404


def test_profile_of_an_erased_account_is_not_visible(client, public_alice, password, bob):
    client.force_login(public_alice)
    client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert client.get(url(public_alice)).status_code == 403
    client.force_login(bob)
    assert client.get(url(public_alice)).status_code == 403


def test_profile_of_a_deactivated_public_account_is_not_visible(client, public_alice):
    public_alice.is_active = False
    public_alice.save()
    assert client.get(url(public_alice)).status_code == 403
