"""The moderation queue, the review page, a resource's history and "My contributions"."""

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.library import services
from atelier.library.models import ModerationEvent, Resource, Status
from atelier.notifications.models import Notification
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

QUEUE = "/library/moderation/"
MINE = "/library/mine/"


def submit(contributor, title="Audience development toolkit", **extra):
    return services.submit_resource(
        contributor,
        fields={
            "kind": "toolkit",
            "title": MultilingualText(title, "en"),
            "licence": "cc-by",
            "external_url": "https://example.org/toolkit",
            "languages": ["en"],
            **extra,
        },
    )


def review_url(resource):
    return reverse("library:review", args=[resource.pk])


def history_url(resource):
    return reverse("library:history", args=[resource.pk])


def test_urls_are_where_the_issue_says():
    assert reverse("library:moderation") == QUEUE
    assert reverse("library:review", args=[7]) == "/library/moderation/7/"
    assert reverse("library:history", args=[7]) == "/library/7/history/"
    assert reverse("library:mine") == MINE


# The queue ----------------------------------------------------------------------------------


def test_queue_lists_what_the_moderator_may_decide_on(client, alice, mona):
    programme = ProgrammeFactory(acronym="CE+")
    resource = submit(alice, programme=programme)
    published = submit(mona, title="Already published")
    client.force_login(mona)
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audience development toolkit" in html
    assert "Alice Member" in html
    assert "CE+" in html
    assert "Toolkit" in html
    assert f'href="{review_url(resource)}"' in html
    assert "Already published" not in html
    assert published.status == Status.PUBLISHED


def test_programme_moderator_sees_only_their_programme_in_the_queue(client, alice, bob):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(bob, "moderator", scope=programme)
    submit(alice, title="In my programme", programme=programme)
    submit(alice, title="In another programme", programme=other)
    submit(alice, title="On the platform")
    client.force_login(bob)
    html = client.get(QUEUE).content.decode()
    assert "In my programme" in html
    assert "In another programme" not in html
    assert "On the platform" not in html


def test_queue_is_closed_to_members(client, alice, cora):
    for person in (alice, cora):
        client.force_login(person)
        assert client.get(QUEUE).status_code == 403


def test_queue_sends_visitors_to_log_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_queue_says_when_nothing_waits(client, mona):
    client.force_login(mona)
    assert "Nothing is waiting for your review." in client.get(QUEUE).content.decode()


def test_queue_paginates(client, alice, mona):
    for number in range(21):
        submit(alice, title=f"Item {number:02d}")
    client.force_login(mona)
    first = client.get(QUEUE).content.decode()
    second = client.get(QUEUE, {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    assert "Item 00" in first and "Item 20" not in first
    assert "Item 20" in second


def test_queue_queries_do_not_grow_with_items(client, alice, mona):
    programme = ProgrammeFactory()

    def add_items(first, n):
        for number in range(first, first + n):
            submit(alice, title=f"Item {number}", programme=programme)

    add_items(0, 1)
    client.force_login(mona)
    one, several = assert_same_queries(lambda: client.get(QUEUE), lambda: add_items(1, 3))
    assert several.content.decode().count('class="visually-hidden"> Item ') == 4


# The review page ----------------------------------------------------------------------------


def test_review_page_shows_metadata_history_and_decisions(client, alice, mona):
    resource = submit(
        alice,
        abstract=MultilingualText("How to <b>reach</b> new audiences.", "en"),
        body=MultilingualText("<p>Step one.</p><script>alert(1)</script>", "en"),
    )
    client.force_login(mona)
    response = client.get(review_url(resource))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Audience development toolkit" in html
    assert "How to &lt;b&gt;reach&lt;/b&gt; new audiences." in html
    assert "<p>Step one.</p>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Submitted for review" in html
    assert 'name="decision" value="approve"' in html
    assert 'name="decision" value="changes"' in html
    assert 'name="decision" value="reject"' in html
    assert "https://example.org/toolkit" in html


def test_review_page_is_closed_to_members_and_the_contributor(client, alice, bob):
    resource = submit(alice)
    for person in (alice, bob):
        client.force_login(person)
        assert client.get(review_url(resource)).status_code == 403
        response = client.post(review_url(resource), {"decision": "approve"})
        assert response.status_code == 403
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED


def test_review_page_sends_visitors_to_log_in(client, alice):
    response = client.get(review_url(submit(alice)))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_programme_moderator_may_not_review_another_programmes_item(client, alice, bob):
    programme = ProgrammeFactory()
    assign_role(bob, "moderator", scope=programme)
    elsewhere = submit(alice, programme=ProgrammeFactory())
    client.force_login(bob)
    assert client.get(review_url(elsewhere)).status_code == 403
    assert client.post(review_url(elsewhere), {"decision": "approve"}).status_code == 403
    assert Resource.objects.get(pk=elsewhere.pk).status == Status.SUBMITTED
    theirs = submit(alice, programme=programme)
    assert client.get(review_url(theirs)).status_code == 200


def test_approve_from_the_review_page(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    response = client.post(
        review_url(resource), {"decision": "approve", "approve-message": "Welcome!"}
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED
    assert resource.history.last().message == "Welcome!"
    followed = client.get(QUEUE).content.decode()
    assert "The resource is published and its contributor has been told." in followed


def test_ask_for_changes_needs_a_message(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    response = client.post(review_url(resource), {"decision": "changes", "changes-message": ""})
    assert response.status_code == 400
    assert "Tell the contributor what to change." in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    assert not Notification.objects.filter(recipient=alice).exists()


def test_ask_for_changes_from_the_review_page(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    response = client.post(
        review_url(resource), {"decision": "changes", "changes-message": "Add a licence."}
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == Status.CHANGES_REQUESTED
    assert Notification.objects.get(recipient=alice).body == "Add a licence."


def test_reject_needs_a_reason(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    response = client.post(review_url(resource), {"decision": "reject", "reject-message": "  "})
    assert response.status_code == 400
    assert "Give the reason for the rejection." in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED


def test_reject_from_the_review_page(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    client.post(review_url(resource), {"decision": "reject", "reject-message": "Spam."})
    resource.refresh_from_db()
    assert resource.status == Status.REJECTED
    assert resource.history.last().message == "Spam."


def test_an_unknown_decision_changes_nothing(client, alice, mona):
    resource = submit(alice)
    client.force_login(mona)
    response = client.post(review_url(resource), {"decision": "publish-twice"})
    assert response.status_code == 302
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED


def test_deciding_on_a_decided_item_says_so_and_changes_nothing(client, alice, mona, ada):
    resource = submit(alice)
    services.reject(ada, resource, "Off topic.")
    client.force_login(mona)
    response = client.post(review_url(resource), {"decision": "approve"}, follow=True)
    assert Resource.objects.get(pk=resource.pk).status == Status.REJECTED
    assert response.redirect_chain[-1][0] == history_url(resource)
    assert "This resource is not waiting for a decision any more." in response.content.decode()
    assert list(resource.history.values_list("action", flat=True)) == [
        ModerationEvent.Action.SUBMITTED,
        ModerationEvent.Action.REJECTED,
    ]


def test_review_of_an_unknown_resource_is_not_found(client, mona):
    client.force_login(mona)
    assert client.get(reverse("library:review", args=[999999])).status_code == 404


# History ------------------------------------------------------------------------------------


def test_history_shows_every_step_to_the_contributor(client, alice, mona):
    resource = submit(alice)
    services.request_changes(mona, resource, "Please add the authors.")
    client.force_login(alice)
    response = client.get(history_url(resource))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Submitted for review" in html
    assert "Changes requested" in html
    assert "Please add the authors." in html
    assert "Mona Moderator" in html
    assert "Alice Member" in html


def test_history_is_open_to_the_resources_moderators(client, alice, bob, mona):
    programme = ProgrammeFactory()
    resource = submit(alice, programme=programme)
    client.force_login(mona)
    assert client.get(history_url(resource)).status_code == 200
    assign_role(bob, "moderator", scope=programme)
    client.force_login(bob)
    assert client.get(history_url(resource)).status_code == 200


def test_history_is_closed_to_other_members(client, alice, bob):
    resource = submit(alice)
    client.force_login(bob)
    assert client.get(history_url(resource)).status_code == 403


def test_history_sends_visitors_to_log_in(client, alice):
    response = client.get(history_url(submit(alice)))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_history_queries_do_not_grow_with_steps(client, alice, mona):
    resource = submit(alice)

    def add_rounds(first, n):
        for number in range(first, first + n):
            services.request_changes(mona, resource, f"Round {number}.")
            services.update_resource(alice, resource, fields={"languages": ["en"]})

    add_rounds(0, 1)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(history_url(resource)), lambda: add_rounds(1, 3)
    )
    assert several.content.decode().count("Round ") == 4


# My contributions ---------------------------------------------------------------------------


def test_my_contributions_lists_status_and_last_message(client, alice, bob, mona):
    waiting = submit(alice, title="Waiting one")
    asked = submit(alice, title="Asked one")
    services.request_changes(mona, asked, "Add a Bulgarian abstract.")
    submit(bob, title="Bob's own")
    client.force_login(alice)
    response = client.get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waiting one" in html and "Asked one" in html
    assert "Bob&#x27;s own" not in html and "Bob's own" not in html
    assert "Waiting for review" in html
    assert "Changes requested" in html
    assert "Add a Bulgarian abstract." in html
    assert f'href="{reverse("library:edit", args=[asked.pk])}"' in html
    assert f'href="{reverse("library:edit", args=[waiting.pk])}"' not in html
    assert f'href="{history_url(waiting)}"' in html


def test_my_contributions_sends_visitors_to_log_in(client):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_contributions_says_when_there_are_none(client, alice):
    client.force_login(alice)
    assert "You have not contributed anything yet." in client.get(MINE).content.decode()


def test_my_contributions_paginates(client, alice):
    for number in range(21):
        submit(alice, title=f"Mine {number:02d}")
    client.force_login(alice)
    assert "Page 1 of 2" in client.get(MINE).content.decode()
    second = client.get(MINE, {"page": 2}).content.decode()
    assert second.count('<h2 class="card-title">') == 1


def test_my_contributions_queries_do_not_grow_with_items(client, alice, mona):
    def add_items(first, n):
        for number in range(first, first + n):
            resource = submit(alice, title=f"Mine {number}")
            services.request_changes(mona, resource, f"Change {number}.")

    add_items(0, 1)
    client.force_login(alice)
    one, several = assert_same_queries(lambda: client.get(MINE), lambda: add_items(1, 3))
    assert several.content.decode().count("Change ") == 4


def test_me_page_links_to_contributions_notifications_and_queue(client, alice, mona):
    submit(alice)
    client.force_login(alice)
    html = client.get("/me/").content.decode()
    assert f'href="{MINE}"' in html
    assert f'href="{QUEUE}"' not in html
    client.force_login(mona)
    html = client.get("/me/").content.decode()
    assert f'href="{QUEUE}"' in html
    assert "Notifications (1 unread)" in html
