"""Leaving a programme's community, or withdrawing a request to join, asks first."""

import pytest
from django.urls import reverse

from atelier.programmes import services
from atelier.programmes.models import Membership, Programme
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_member_is_asked_before_leaving(client, alice):
    programme = ProgrammeFactory()
    services.join_community(programme, alice)
    leave = reverse("programmes:leave", args=[programme.slug])
    client.force_login(alice)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert f'hx-get="{leave}"' in page
    html = client.get(leave).content.decode()
    assert f"Leave the community of {programme.title.text}?" in html
    assert "the coordinators are not told" in html
    assert Membership.objects.filter(user=alice, programme=programme).exists()
    response = client.post(leave)
    assert response["Location"] == programme.get_absolute_url()
    assert not Membership.objects.filter(user=alice, programme=programme).exists()


def test_a_pending_request_is_withdrawn_after_asking(client, alice):
    programme = ProgrammeFactory(community_access=Programme.CommunityAccess.REQUEST)
    services.join_community(programme, alice)
    leave = reverse("programmes:leave", args=[programme.slug])
    client.force_login(alice)
    assert (
        "Withdraw your request to join" in client.get(programme.get_absolute_url()).content.decode()
    )
    html = client.get(leave).content.decode()
    assert f"Withdraw your request to join {programme.title.text}?" in html
    assert Membership.objects.filter(user=alice, programme=programme).exists()
    client.post(leave)
    assert not Membership.objects.filter(user=alice, programme=programme).exists()


def test_someone_who_is_not_a_member_is_sent_back(client, alice):
    programme = ProgrammeFactory()
    client.force_login(alice)
    response = client.get(reverse("programmes:leave", args=[programme.slug]))
    assert response["Location"] == programme.get_absolute_url()


def test_a_visitor_may_not_leave(client):
    programme = ProgrammeFactory()
    response = client.get(reverse("programmes:leave", args=[programme.slug]))
    assert response.status_code in (302, 403)
    assert "confirm" not in response.content.decode()
