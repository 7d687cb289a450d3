"""Editing one's own profile at /me/profile/: every field is saved, bad values are refused."""

import pytest
from django.urls import reverse

from atelier.core.models import AuditLogEntry, Theme

pytestmark = pytest.mark.django_db

URL = reverse("accounts:edit-profile")


def profile_post(**changes):
    data = {
        "display_name": "Alice Ivanova",
        "country": "BG",
        "organisation": "Community centre Sofia",
        "languages": ["bg", "en"],
        "interests": [],
        "bio": "I run a chitalishte.",
        "preferred_language": "bg",
        "is_public": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_profile_edit_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/me/profile/"


def test_profile_edit_shows_the_form_with_the_current_values(client, alice):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["display_name"].value() == "Alice Member"
    assert form["country"].value() == "BG"


def test_profile_edit_saves_every_field(client, alice):
    themes = list(Theme.objects.order_by("slug")[:2])
    client.force_login(alice)
    response = client.post(URL, profile_post(interests=[theme.pk for theme in themes]))
    assert response.status_code == 302
    assert response.headers["location"] == "/me/"
    alice.refresh_from_db()
    assert alice.display_name == "Alice Ivanova"
    assert alice.country.code == "BG"
    assert alice.organisation == "Community centre Sofia"
    assert alice.languages == ["bg", "en"]
    assert list(alice.interests.order_by("slug")) == themes
    assert alice.bio == "I run a chitalishte."
    assert alice.preferred_language == "bg"
    assert alice.is_public is True


def test_profile_edit_unticking_public_makes_the_profile_private(client, alice):
    alice.is_public = True
    alice.save()
    client.force_login(alice)
    client.post(URL, profile_post(is_public=None))
    alice.refresh_from_db()
    assert alice.is_public is False


def test_profile_edit_can_clear_interests(client, alice):
    alice.interests.set(Theme.objects.all()[:3])
    client.force_login(alice)
    client.post(URL, profile_post())
    assert list(alice.interests.all()) == []


def test_profile_edit_says_it_was_saved(client, alice):
    client.force_login(alice)
    response = client.post(URL, profile_post(), follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Your profile has been saved."
    ]


def test_profile_edit_writes_an_audit_entry(client, alice):
    client.force_login(alice)
    client.post(URL, profile_post())
    entry = AuditLogEntry.objects.get(action="accounts.profile.update")
    assert (entry.actor, entry.object_id) == (alice, str(alice.pk))


def test_profile_edit_changes_only_the_signed_in_person(client, alice, bob):
    client.force_login(alice)
    client.post(URL, profile_post(display_name="Changed"))
    bob.refresh_from_db()
    assert bob.display_name == "Bob Member"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"country": "XX"}, "country",
         "Select a valid choice. XX is not one of the available choices."),
        ({"languages": ["xx"]}, "languages",
         "Select a valid choice. xx is not one of the available choices."),
        ({"interests": ["999999"]}, "interests",
         "Select a valid choice. 999999 is not one of the available choices."),
        ({"preferred_language": "de"}, "preferred_language",
         "Select a valid choice. de is not one of the available choices."),
        ({"bio": "x" * 1001}, "bio",
         "Ensure this value has at most 1000 characters (it has 1001)."),
        ({"display_name": "x" * 101}, "display_name",
         "Ensure this value has at most 100 characters (it has 101)."),
    ],
)  # fmt: skip
def test_profile_edit_with_a_bad_value_saves_nothing(client, alice, changes, field, error):
    client.force_login(alice)
    response = client.post(URL, profile_post(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    html = response.content.decode()
    assert "The profile was not saved. Please correct the fields marked below." in html
    alice.refresh_from_db()
    assert (alice.display_name, alice.organisation, alice.bio) == ("Alice Member", "", "")
    assert alice.is_public is False
    assert not AuditLogEntry.objects.filter(action="accounts.profile.update").exists()


def test_profile_edit_public_without_a_display_name_is_refused(client, alice):
    # Otherwise the public page would show a name made from the e-mail address.
    client.force_login(alice)
    response = client.post(URL, profile_post(display_name="  "))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "display_name": ["Give a display name to make your profile public."]
    }
    alice.refresh_from_db()
    assert (alice.display_name, alice.is_public) == ("Alice Member", False)


def test_profile_edit_private_without_a_display_name_is_saved(client, alice):
    client.force_login(alice)
    response = client.post(URL, profile_post(display_name="", is_public=None))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.display_name, alice.is_public) == ("", False)
