"""Withdrawing a resource from its history page: contributor and moderators may, others not."""

import pytest
from django.urls import reverse

from atelier.library.models import ModerationEvent, Status
from atelier.search.models import Facet
from tests.library.factories import PublishedResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource(alice):
    return PublishedResourceFactory(contributor=alice)


def test_contributor_withdraws_with_a_reason_and_it_leaves_the_library(client, alice, resource):
    client.force_login(alice)
    url = reverse("library:withdraw", args=[resource.pk])
    assert "Withdraw" in client.get(url).content.decode()
    response = client.post(url, {"reason": "Superseded by the 2024 edition."})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == Status.WITHDRAWN
    step = resource.history.get(action=ModerationEvent.Action.WITHDRAWN)
    assert (step.actor, step.message) == (alice, "Superseded by the 2024 edition.")
    assert not Facet.objects.filter(entry__kind="resource", entry__object_id=resource.pk).exists()
    assert client.get(reverse("library:resource", args=[resource.pk])).status_code in (200, 404)
    anonymous = client.__class__()
    assert anonymous.get(reverse("library:resource", args=[resource.pk])).status_code == 404


def test_moderator_may_withdraw_anothers_resource(client, mona, resource):
    client.force_login(mona)
    client.post(reverse("library:withdraw", args=[resource.pk]), {"reason": ""})
    resource.refresh_from_db()
    assert resource.status == Status.WITHDRAWN


def test_another_member_may_not_and_anonymous_is_sent_to_log_in(client, bob, resource):
    url = reverse("library:withdraw", args=[resource.pk])
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(bob)
    assert client.post(url).status_code == 403
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED


def test_withdrawing_twice_says_so(client, alice, resource):
    client.force_login(alice)
    url = reverse("library:withdraw", args=[resource.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already withdrawn" in response.content.decode()
    assert resource.history.filter(action=ModerationEvent.Action.WITHDRAWN).count() == 1
