import pytest
from django.core import mail
from django.urls import reverse

from atelier.core.models import Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("network:people-list")


def listed(response):
    return [p.display_name for p in response.context["people"]]


def test_people_list_shows_only_people_who_chose_to_be_listed(client):
    UserFactory(display_name="Listed", is_public=True)
    UserFactory(display_name="Private", is_public=False)
    UserFactory(display_name="Gone", is_public=True, is_active=False)
    assert listed(client.get(LIST)) == ["Listed"]


def test_people_list_never_shows_email_addresses(client):
    UserFactory(display_name="Listed", email="listed@example.org", is_public=True)
    assert "listed@example.org" not in client.get(LIST).content.decode()


def test_people_list_filters_by_country_language_and_interest(client):
    heritage = Theme.objects.get(slug="cultural-heritage")
    ana = UserFactory(display_name="Ana", is_public=True, country="SI", languages=["sl", "en"])
    ana.interests.set([heritage])
    UserFactory(display_name="Bo", is_public=True, country="SE", languages=["sv"])
    assert listed(client.get(LIST, {"country": "SE"})) == ["Bo"]
    assert listed(client.get(LIST, {"language": "sl"})) == ["Ana"]
    assert listed(client.get(LIST, {"language": "en"})) == ["Ana"]
    assert listed(client.get(LIST, {"interest": "cultural-heritage"})) == ["Ana"]


def test_people_list_links_to_profiles(client):
    person = UserFactory(display_name="Ana", is_public=True)
    assert f'href="/people/{person.pk}/"' in client.get(LIST).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_people_list_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    heritage = Theme.objects.get(slug="cultural-heritage")
    for n in range(count):
        UserFactory(display_name=f"P{n}", is_public=True).interests.set([heritage])
    # count, page, interests, interest choices
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert len(response.context["people"]) == count


# Contact form ----------------------------------------------------------------------------


def contact_url(person):
    return reverse("network:person-contact", args=[person.pk])


def test_contact_needs_a_signed_in_member(client):
    person = UserFactory(is_public=True)
    response = client.get(contact_url(person))
    assert response.status_code == 403


def test_contact_is_refused_for_a_private_profile(client, alice):
    person = UserFactory(is_public=False)
    client.force_login(alice)
    assert client.get(contact_url(person)).status_code == 403


def test_contact_is_refused_to_oneself(client, alice):
    alice.is_public = True
    alice.save()
    client.force_login(alice)
    assert client.get(contact_url(alice)).status_code == 403


def test_contact_sends_mail_without_showing_the_address(client, alice):
    person = UserFactory(display_name="Ana", email="ana@example.org", is_public=True)
    client.force_login(alice)
    page = client.get(contact_url(person)).content.decode()
    assert "ana@example.org" not in page
    response = client.post(contact_url(person), {"subject": "Hello", "message": "Shall we?"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert message.reply_to == ["alice@example.org"]
    assert message.subject == "[Atelier] Alice Member wrote to you: Hello"
    assert "Shall we?" in message.body
    assert "ana@example.org" not in client.get(response["Location"]).content.decode()


def test_contact_without_a_message_says_what_is_missing(client, alice):
    person = UserFactory(is_public=True)
    client.force_login(alice)
    response = client.post(contact_url(person), {"subject": "Hello", "message": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert mail.outbox == []


def test_contact_is_rate_limited(client, alice, settings):
    settings.ATELIER_CONTACT_RATE_LIMIT = "2/3600"
    person = UserFactory(is_public=True)
    client.force_login(alice)
    data = {"subject": "Hello", "message": "Again"}
    assert client.post(contact_url(person), data).status_code == 302
    assert client.post(contact_url(person), data).status_code == 302
    response = client.post(contact_url(person), data)
    assert response.status_code == 429
    assert "You have sent 2 messages in a short time. Please try again later." in (
        response.content.decode()
    )
    assert len(mail.outbox) == 2
