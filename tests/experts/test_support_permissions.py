"""Who may open each page of support requests, missions, offers and consultations: the
requester, the expert, another member, a coordinator (platform-wide, of the request's programme,
of another programme) and a visitor."""

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.experts.models import Mission
from atelier.experts.services import offers, support
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory
from tests.factories import UserFactory
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, cora, ezra):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    pia = UserFactory(email="pia@example.org", display_name="Pia Programme")
    assign_role(pia, "coordinator", scope=programme)
    otto = UserFactory(email="otto@example.org", display_name="Otto Other")
    assign_role(otto, "coordinator", scope=other)
    expert = ExpertProfileFactory(user=ezra, areas=["audience-development"])
    support_request = SupportRequestFactory(requester=alice, programme=programme)
    (mission,) = support.assign_experts(cora, support_request, [expert])
    Mission.objects.filter(pk=mission.pk).update(status="delivered")
    offer = offers.create_offer(
        bob,
        fields={
            "organisation": OrganisationFactory(),
            "title": MultilingualText("Advice", "en"),
            "topics": ["funding"],
        },
    )
    consultation = offers.request_consultation(alice, offer, message="Hello")
    return {
        "people": {
            "requester": alice,
            "expert": ezra,
            "other": UserFactory(email="olga@example.org"),
            "coordinator": cora,
            "programme coordinator": pia,
            "other coordinator": otto,
            "offerer": bob,
        },
        "request": support_request,
        "mission": mission,
        "offer": offer,
        "consultation": consultation,
    }


def _urls(world):
    r, m, o, c = (
        world["request"].pk,
        world["mission"].pk,
        world["offer"].pk,
        world["consultation"].pk,
    )
    return {
        "support-list": reverse("experts:support-list"),
        "support-new": reverse("experts:support-new"),
        "support-detail": reverse("experts:support-detail", args=[r]),
        "support-edit": reverse("experts:support-edit", args=[r]),
        "mission-list": reverse("experts:mission-list"),
        "mission-detail": reverse("experts:mission-detail", args=[m]),
        "mission-publish": reverse("experts:mission-publish", args=[m]),
        "offer-list": reverse("experts:offer-list"),
        "offer-new": reverse("experts:offer-new"),
        "offer-detail": reverse("experts:offer-detail", args=[o]),
        "offer-edit": reverse("experts:offer-edit", args=[o]),
        "consultation-list": reverse("experts:consultation-list"),
        "consultation-detail": reverse("experts:consultation-detail", args=[c]),
    }


# page -> who may open it (everyone else signed in gets 403; visitors log in, or see it).
MAY = {
    "support-list": "signed-in",
    "support-new": "signed-in",
    "support-detail": {"requester", "expert", "coordinator", "programme coordinator"},
    "support-edit": {"requester", "coordinator", "programme coordinator"},
    "mission-list": "signed-in",
    "mission-detail": {"requester", "expert", "coordinator", "programme coordinator"},
    "mission-publish": {"expert", "coordinator", "programme coordinator"},
    "offer-list": "everyone",
    "offer-new": "signed-in",
    "offer-detail": "everyone",
    "offer-edit": {"offerer", "coordinator"},
    "consultation-list": "signed-in",
    "consultation-detail": {"requester", "offerer", "coordinator"},
}
WHO = [
    "requester",
    "expert",
    "other",
    "coordinator",
    "programme coordinator",
    "other coordinator",
    "offerer",
]


@pytest.mark.parametrize("page", sorted(MAY))
@pytest.mark.parametrize("who", WHO)
def test_signed_in_people(client, world, page, who):
    allowed = MAY[page]
    client.force_login(world["people"][who])
    response = client.get(_urls(world)[page])
    expected = 200 if allowed in ("signed-in", "everyone") or who in allowed else 403
    assert response.status_code == expected, (page, who)


@pytest.mark.parametrize("page", sorted(MAY))
def test_visitors(client, world, page):
    response = client.get(_urls(world)[page])
    if MAY[page] == "everyone":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "login" in response.url


def test_programme_coordinators_list_their_programmes_requests(client, world):
    url = reverse("experts:support-list")
    client.force_login(world["people"]["programme coordinator"])
    assert list(client.get(url).context["requests"]) == [world["request"]]
    client.force_login(world["people"]["other coordinator"])
    assert list(client.get(url).context["requests"]) == []
    client.force_login(world["people"]["other"])
    assert list(client.get(url).context["requests"]) == []
