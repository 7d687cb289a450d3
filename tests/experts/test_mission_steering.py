"""Coordinators follow the missions of their programmes (a list with a status filter) and
call one off from its page, after being asked; a programme's coordinator only in their own
programmes. Withdrawing a consultation request asks first too."""

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.experts.models import ConsultationRequest, Mission, SupportRequest
from atelier.experts.services import offers, support
from atelier.notifications.models import Notification
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory
from tests.factories import UserFactory
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def other_programme():
    return ProgrammeFactory()


@pytest.fixture
def pia(programme):
    """The programme's coordinator."""
    person = UserFactory(email="pia@example.org", display_name="Pia Programme")
    assign_role(person, "coordinator", scope=programme)
    return person


@pytest.fixture
def otto(other_programme):
    """The coordinator of another programme."""
    person = UserFactory(email="otto@example.org", display_name="Otto Other")
    assign_role(person, "coordinator", scope=other_programme)
    return person


def _mission(programme, requester, cora, title="Help with our audience survey", expert=None):
    support_request = SupportRequestFactory(
        requester=requester, programme=programme, title=MultilingualText(title, "en")
    )
    expert = expert or ExpertProfileFactory()
    (mission,) = support.assign_experts(cora, support_request, [expert])
    return mission


def test_a_programme_coordinator_lists_the_missions_of_their_programme_only(
    client, programme, other_programme, pia, otto, alice, cora
):
    ours = _mission(programme, alice, cora, "Volunteers for Plovdiv")
    theirs = _mission(other_programme, alice, cora, "Audiences in Gdańsk")
    unattached = _mission(None, alice, cora, "A request of no programme")
    url = reverse("experts:mission-list")
    listed = {}
    for person in (pia, otto, cora, alice):
        client.force_login(person)
        listed[person.email] = {m.pk for m in client.get(url).context["page"].paginator.object_list}
    assert listed == {
        "pia@example.org": {ours.pk},
        "otto@example.org": {theirs.pk},
        "cora@example.org": {ours.pk, theirs.pk, unattached.pk},
        "alice@example.org": {ours.pk, theirs.pk, unattached.pk},
    }
    client.force_login(pia)
    html = client.get(url).content.decode()
    assert "Volunteers for Plovdiv" in html
    assert "Audiences in Gdańsk" not in html
    assert "Missions of the programmes you coordinate" in html


def test_the_missions_list_filters_by_state(client, programme, pia, alice, cora):
    proposed = _mission(programme, alice, cora, "Still proposed")
    accepted = _mission(programme, alice, cora, "Under way")
    support.answer_mission(accepted.expert.user, accepted, accept=True)
    client.force_login(pia)
    url = reverse("experts:mission-list")
    response = client.get(url, {"status": "accepted"})
    assert [m.pk for m in response.context["missions"]] == [accepted.pk]
    assert response.context["status"] == "accepted"
    assert "1 mission" in response.content.decode()
    assert [m.pk for m in client.get(url, {"status": "proposed"}).context["missions"]] == [
        proposed.pk
    ]
    # An unknown state filters nothing.
    assert len(client.get(url, {"status": "nonsense"}).context["missions"]) == 2


def test_the_missions_list_query_count(client, programme, pia, alice, cora):
    _mission(programme, alice, cora, "Mission 0")
    client.force_login(pia)

    def add_more():
        for n in range(1, 4):
            _mission(programme, UserFactory(), cora, f"Mission {n}")

    one, several = assert_same_queries(
        lambda: client.get(reverse("experts:mission-list")), add_more
    )
    assert len(several.context["missions"]) == 4


def test_a_programme_coordinator_cancels_a_mission_of_their_programme_after_being_asked(
    client, programme, pia, alice, cora, django_capture_on_commit_callbacks
):
    mission = _mission(programme, alice, cora)
    support.answer_mission(mission.expert.user, mission, accept=True)
    assert SupportRequest.objects.get(pk=mission.support_request_id).status == "matched"
    client.force_login(pia)
    page = client.get(reverse("experts:mission-detail", args=[mission.pk])).content.decode()
    url = reverse("experts:mission-cancel", args=[mission.pk])
    assert f'hx-get="{url}"' in page
    question = client.get(url).content.decode()
    assert "The mission stops" in question
    mission.refresh_from_db()
    assert mission.status == "accepted"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    mission.refresh_from_db()
    assert mission.status == Mission.Status.CANCELLED
    assert mission.cancelled_at is not None
    # No expert is left on the request: it is open for another.
    assert SupportRequest.objects.get(pk=mission.support_request_id).status == "open"
    told = set(
        Notification.objects.filter(verb="experts.mission.cancelled").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {alice.pk, mission.expert.user_id}


def test_who_may_not_cancel_a_mission(client, programme, pia, otto, alice, cora):
    mission = _mission(programme, alice, cora)
    url = reverse("experts:mission-cancel", args=[mission.pk])
    for person in (otto, alice, mission.expert.user):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.post(url)["Location"]
    mission.refresh_from_db()
    assert mission.status == "proposed"
    client.force_login(otto)
    assert client.get(reverse("experts:mission-detail", args=[mission.pk])).status_code == 403


def test_a_delivered_mission_is_not_cancelled(client, programme, pia, alice, cora):
    mission = _mission(programme, alice, cora)
    support.answer_mission(mission.expert.user, mission, accept=True)
    support.deliver_mission(mission.expert.user, mission, deliverables="A plan.")
    client.force_login(pia)
    page = client.get(reverse("experts:mission-detail", args=[mission.pk])).content.decode()
    assert "Cancel the mission" not in page
    response = client.post(reverse("experts:mission-cancel", args=[mission.pk]), follow=True)
    assert "This mission is delivered: that step is not possible now." in response.content.decode()
    mission.refresh_from_db()
    assert mission.status == "delivered"


def test_withdrawing_a_consultation_request_asks_first(client, alice, bob):
    organisation = OrganisationFactory(name=MultilingualText("Media Dizajn", "pl"))
    offer = offers.create_offer(
        bob, fields={"organisation": organisation, "title": "Advice", "format": "online"}
    )
    consultation = offers.request_consultation(alice, offer, message="Can you help us?")
    url = reverse("experts:consultation-withdraw", args=[consultation.pk])
    client.force_login(bob)
    assert client.post(url).status_code == 403
    client.force_login(alice)
    page = client.get(reverse("experts:consultation-detail", args=[consultation.pk]))
    assert f'hx-get="{url}"' in page.content.decode()
    assert "Media Dizajn is no longer asked" in client.get(url).content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationRequest.Status.SENT
    assert client.post(url).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationRequest.Status.CLOSED
