"""A person's own page at /me/: only for the signed-in person, showing their own data."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from atelier.core.models import Theme
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

URL = reverse("accounts:me")


def test_me_page_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["location"] == "/accounts/login/?next=/me/"


def test_me_page_shows_the_persons_profile(client, alice):
    alice.organisation = "Community centre Sofia"
    alice.save()
    alice.interests.set([Theme.objects.get(slug="cultural-heritage")])
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome, Alice Member" in html
    assert "<dd>Bulgaria</dd>" in html
    assert "<dd>Community centre Sofia</dd>" in html
    assert "<dd>Cultural heritage</dd>" in html
    assert "Private: only you can see your profile." in html


def test_me_page_lists_the_persons_email_addresses(client, alice):
    EmailAddress.objects.create(user=alice, email="alice.new@example.org", verified=False)
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "<li>alice@example.org (primary)</li>" in html
    assert "<li>alice.new@example.org — not verified</li>" in html


def test_me_page_shows_only_the_signed_in_persons_data(client, alice, bob):
    client.force_login(alice)
    response = client.get(URL)
    html = response.content.decode()
    assert response.context["person"] == alice
    assert "bob@example.org" not in html
    assert "Bob Member" not in html


def test_me_page_links_a_public_profile_only_when_it_is_public(client, alice):
    client.force_login(alice)
    profile_url = reverse("accounts:profile", args=[alice.pk])
    assert profile_url not in client.get(URL).content.decode()
    alice.is_public = True
    alice.save()
    html = client.get(URL).content.decode()
    assert f'<a href="{profile_url}">See your public profile</a>' in html
    assert "Public: anyone can see your profile." in html


def test_me_page_queries_do_not_grow_with_ones_applications_and_registrations(client, alice):
    from atelier.events import services as events
    from tests.calls.factories import ApplicationFactory
    from tests.events.factories import EventFactory

    def add_each(n):
        # The calls' section of one's applications reads them in one query; the events'
        # section reads registrations, certificates and organised events in one query each.
        for _ in range(n):
            ApplicationFactory(applicant=alice)
            events.register(EventFactory(), alice)

    add_each(1)
    client.force_login(alice)
    one, several = assert_same_queries(lambda: client.get(URL), lambda: add_each(3))
    html = several.content.decode()
    assert html.count("Event ") >= 4


def test_account_menu_links_a_person_without_a_display_name_to_their_page(client, db):
    from tests.factories import UserFactory

    person = UserFactory(email="nameless@example.org", display_name="")
    client.force_login(person)
    html = client.get(URL).content.decode()
    expected = '<a href="/me/">Your page<span class="visually-hidden">: Unnamed member</span></a>'
    assert expected in html
    # The address never stands in for a name.
    assert ">nameless<" not in html
