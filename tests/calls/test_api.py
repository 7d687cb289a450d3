"""The calls' API: open calls (public) and one's own applications (signed in)."""

from datetime import timedelta

from django.utils import timezone

from atelier.calls import services
from tests.queries import assert_same_queries

from .conftest import answer_keys
from .factories import ApplicationFactory, CallFactory

API = "/api/calls/"


def test_open_calls_are_public(client, call, programme):
    CallFactory(programme=programme, status="draft")
    CallFactory(
        programme=programme,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() - timedelta(days=1),
    )
    data = client.get(API).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["slug"] == call.slug
    assert item["title"] == "Call for consultants"
    assert item["is_open"] is True
    assert item["programme"] == programme.slug
    assert item["time_zone"] == "Europe/Sofia"


def test_ones_applications_need_a_session(client):
    assert client.get(f"{API}applications").status_code == 401


def test_ones_applications_are_ones_own_only(client, call, alice, bob):
    m, _c = answer_keys(call)
    mine = services.save_application(call, alice, answers={m: "Draft"})
    ApplicationFactory(call=CallFactory(programme=call.programme), applicant=bob)
    client.force_login(alice)
    data = client.get(f"{API}applications").json()
    assert [item["id"] for item in data["items"]] == [mine.pk]
    assert data["items"][0]["status"] == "draft"
    assert data["items"][0]["call"]["slug"] == call.slug
    assert "answers" not in data["items"][0]


def test_open_calls_query_count(client, programme):
    CallFactory(programme=programme)
    one, several = assert_same_queries(
        lambda: client.get(API), lambda: CallFactory.create_batch(3, programme=programme)
    )
    assert several.json()["count"] == 4
