"""Notifications: written in the recipient's language, listed, paginated, marked read."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from atelier.notifications import services
from atelier.notifications.models import Notification
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

LIST = "/me/notifications/"
READ = "/me/notifications/read/"
UNREAD = "/me/notifications/unread/"


def tell(user, title="Something happened", **kwargs):
    return services.notify(user, "test.happened", title=title, **kwargs)


def test_urls():
    assert reverse("notifications:list") == LIST
    assert reverse("notifications:mark-read") == READ
    assert reverse("notifications:unread") == UNREAD


# The service --------------------------------------------------------------------------------


def test_notify_writes_in_the_recipients_language(alice, bob, mailoutbox):
    alice.preferred_language = "bg"
    alice.save()
    to_alice = tell(alice, title=lambda: gettext("Privacy"), body=lambda: gettext("Log out"))
    to_bob = tell(bob, title=lambda: gettext("Privacy"))
    assert (to_alice.title, to_alice.body) == ("Поверителност", "Изход")
    assert to_bob.title == "Privacy"
    assert {m.to[0]: m.subject for m in mailoutbox} == {
        "alice@example.org": "Поверителност",
        "bob@example.org": "Privacy",
    }


def test_notify_falls_back_to_the_site_language_for_an_unknown_one(alice):
    alice.preferred_language = "xx"
    alice.save()
    assert tell(alice, title=lambda: gettext("Privacy")).title == "Privacy"


def test_email_carries_an_absolute_link(alice, mailoutbox, settings):
    settings.SITE_URL = "https://atelier.example.eu"
    tell(alice, body="Look.", url="/library/mine/")
    assert "https://atelier.example.eu/library/mine/" in mailoutbox[0].body
    assert "Look." in mailoutbox[0].body
    assert "Alice Member" in mailoutbox[0].body


def test_in_app_only_sends_no_email(alice, mailoutbox):
    tell(alice, email=False)
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert mailoutbox == []


def test_inactive_and_erased_people_are_not_told(alice, bob, mailoutbox):
    from django.utils import timezone

    alice.is_active = False
    alice.save()
    bob.erased_at = timezone.now()
    bob.save()
    assert tell(alice) is None
    assert tell(bob) is None
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_mark_read_touches_only_the_persons_own(alice, bob):
    mine = tell(alice)
    theirs = tell(bob)
    assert services.mark_read(alice, [mine.pk, theirs.pk]) == 1
    assert services.unread_count(alice) == 0
    assert services.unread_count(bob) == 1


# The list page ------------------------------------------------------------------------------


def test_list_sends_visitors_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_list_shows_only_ones_own_newest_first(client, alice, bob):
    tell(alice, title="First for Alice")
    tell(alice, title="Second for Alice", body="With a body.", url="/library/mine/")
    tell(bob, title="For Bob")
    client.force_login(alice)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Second for Alice") < html.index("First for Alice")
    assert "For Bob" not in html
    assert '<a href="/library/mine/">Second for Alice</a>' in html
    assert "With a body." in html
    assert "You have 2 unread notifications." in html


def test_opening_the_list_keeps_notifications_unread(client, alice):
    tell(alice)
    client.force_login(alice)
    client.get(LIST)
    assert services.unread_count(alice) == 1


def test_list_says_when_there_are_none(client, alice):
    client.force_login(alice)
    assert "No notifications yet." in client.get(LIST).content.decode()


def test_list_paginates(client, alice):
    for number in range(26):
        tell(alice, title=f"Notice {number:02d}")
    client.force_login(alice)
    first = client.get(LIST).content.decode()
    assert "Page 1 of 2" in first
    assert "Notice 25" in first and "Notice 00" not in first
    assert "Notice 00" in client.get(LIST, {"page": 2}).content.decode()


def test_list_queries_do_not_grow_with_notifications(client, alice):
    def add_notices(first, n):
        for number in range(first, first + n):
            tell(alice, title=f"Notice {number}")

    add_notices(0, 1)
    client.force_login(alice)
    one, several = assert_same_queries(lambda: client.get(LIST), lambda: add_notices(1, 3))
    assert several.content.decode().count('<h2 class="card-title">') == 4


# Marking read -------------------------------------------------------------------------------


def test_mark_all_read(client, alice, bob):
    tell(alice)
    tell(alice)
    tell(bob)
    client.force_login(alice)
    response = client.post(READ)
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert services.unread_count(alice) == 0
    assert services.unread_count(bob) == 1


def test_mark_one_read_and_come_back_to_the_same_page(client, alice):
    first = tell(alice)
    second = tell(alice)
    client.force_login(alice)
    response = client.post(READ, {"id": first.pk, "next": f"{LIST}?page=1"})
    assert response["Location"] == f"{LIST}?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_read_cannot_touch_another_persons_notification(client, alice, bob):
    theirs = tell(bob)
    client.force_login(alice)
    client.post(READ, {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_ignores_an_outside_next_address(client, alice):
    tell(alice)
    client.force_login(alice)
    response = client.post(READ, {"next": "https://evil.example.com/"})
    assert response["Location"] == LIST


def test_mark_read_with_a_bad_id_changes_nothing(client, alice):
    tell(alice)
    client.force_login(alice)
    response = client.post(READ, {"id": "all-of-them"}, follow=True)
    assert "Choose a notification." in response.content.decode()
    assert services.unread_count(alice) == 1


def test_mark_read_needs_post_and_a_signed_in_person(client, alice):
    tell(alice)
    assert client.post(READ)["Location"].startswith("/accounts/login/")
    client.force_login(alice)
    assert client.get(READ).status_code == 405
    assert services.unread_count(alice) == 1


# The header's count -------------------------------------------------------------------------


def test_header_links_to_notifications_and_loads_the_count(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert f'<a href="{LIST}" hx-get="{UNREAD}" hx-trigger="load"' in html


def test_header_has_no_notifications_link_for_visitors(client, db):
    assert f'href="{LIST}"' not in client.get("/").content.decode()


def test_unread_count_fragment(client, alice):
    tell(alice)
    client.force_login(alice)
    one, several = assert_same_queries(lambda: client.get(UNREAD), lambda: tell(alice))
    assert several.content.decode().strip() == (
        'Notifications <strong class="badge">(2 unread)</strong>'
    )


def test_unread_count_fragment_is_refused_to_visitors(client, db):
    assert client.get(UNREAD).status_code == 403
