"""The experts' demo: the ECoC call for experts decided, a mission delivered and evaluated with
its output in the library, and Media Dizajn's consultation offer with a request."""

from io import StringIO

import pytest
from django.urls import reverse

from atelier.accounts import demo as accounts_demo
from atelier.calls.models import Application, Call
from atelier.experts import demo
from atelier.experts.models import (
    ConsultationOffer,
    ConsultationRequest,
    ExpertProfile,
    Mission,
    MissionOutput,
    SupportRequest,
)
from atelier.library.models import Resource
from atelier.programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()


def test_call_for_experts_is_decided_and_fills_the_pool(loaded):
    call = Call.objects.get(slug=demo.CALL_SLUG)
    assert call.programme.slug == "ecoc-capacity-building"
    assert call.type == "experts" and call.status == "published"
    statuses = dict(Application.objects.filter(call=call).values_list("applicant__email", "status"))
    assert statuses == {
        "expert@atelier.test": "accepted",
        "zsofia.expert@atelier.test": "accepted",
        "marek.expert@atelier.test": "rejected",
    }
    assert all(
        a.assignments.filter(submitted_at__isnull=False).exists()
        for a in Application.objects.filter(call=call)
    )
    listed = set(ExpertProfile.objects.filter(is_listed=True).values_list("user__email", flat=True))
    assert {"expert@atelier.test", "zsofia.expert@atelier.test"} <= listed
    assert "marek.expert@atelier.test" not in listed


def test_mission_is_evaluated_and_its_output_published(loaded, client):
    support_request = SupportRequest.objects.get(requester__email=demo.CITY_TEAM)
    assert support_request.organisation_name == "Timișoara 2023"
    assert support_request.status == "closed"
    mission = Mission.objects.get(support_request=support_request)
    assert mission.expert.user.email == "expert@atelier.test"
    assert (mission.status, mission.rating) == ("evaluated", 5)
    output = MissionOutput.objects.get(mission=mission).resource
    assert output.status == "published"
    assert output.files.count() == 1
    # Visible in the library.
    response = client.get(output.get_absolute_url())
    assert response.status_code == 200


def test_consultation_offer_in_polish_with_an_english_machine_translation(loaded, client):
    offer = ConsultationOffer.objects.get(offered_by__email=demo.OFFERER)
    assert offer.title.language == "pl"
    assert offer.title.text == "Oferta konsultacyjna dla sektora kreatywnego"
    assert offer.title.translations["en"]["by"] == "machine"
    assert str(offer.organisation.name) == "Stowarzyszenie Media Dizajn"
    assert offer.topics == ["working-structures", "project-planning", "organisational-questions"]
    assert offer.programme.slug == "south-baltic-creative-clusters"
    consultation = ConsultationRequest.objects.get(offer=offer)
    assert consultation.requester.email == "member@atelier.test"
    assert consultation.status == "accepted"
    html = client.get(reverse("experts:offer-list")).content.decode()
    # An English reader gets the machine translation, marked so.
    assert "Consultation offer for the creative sector" in html
    detail = client.get(reverse("experts:offer-detail", args=[offer.pk])).content.decode()
    assert "Machine translation into English; original in Polish." in detail
    html = client.get(reverse("experts:offer-detail", args=[offer.pk]), HTTP_ACCEPT_LANGUAGE="pl")
    assert "Oferta konsultacyjna dla sektora kreatywnego" in html.content.decode()


def test_loading_twice_duplicates_nothing(loaded, django_capture_on_commit_callbacks):
    counts = (
        Call.objects.count(),
        Application.objects.count(),
        SupportRequest.objects.count(),
        Mission.objects.count(),
        Resource.objects.count(),
        ConsultationOffer.objects.count(),
        ConsultationRequest.objects.count(),
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=out)
    assert "Experts:" in out.getvalue()
    assert counts == (
        Call.objects.count(),
        Application.objects.count(),
        SupportRequest.objects.count(),
        Mission.objects.count(),
        Resource.objects.count(),
        ConsultationOffer.objects.count(),
        ConsultationRequest.objects.count(),
    )
