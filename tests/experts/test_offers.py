"""Consultation offers and the requests people send them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.experts.models import ConsultationOffer, ConsultationRequest
from atelier.experts.services import offers
from atelier.notifications.models import Notification
from tests.network.factories import OrganisationFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def offer_fields(organisation, **overrides):
    data = {
        "organisation": organisation,
        "title": "Oferta konsultacyjna",
        "description": "Struktury pracy, planowanie projektów.",
        "topics": ["working-structures", "project-planning"],
        "format": "online",
        "languages": ["pl", "en"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation():
    return OrganisationFactory(name=MultilingualText("Stowarzyszenie Media Dizajn", "pl"))


@pytest.fixture
def offer(bob, organisation):
    return offers.create_offer(bob, fields=offer_fields(organisation))


def test_member_publishes_an_offer_for_a_directory_organisation(bob, organisation):
    offer = offers.create_offer(
        bob, fields=offer_fields(organisation, topics=["project-planning", "working-structures"])
    )
    assert offer.offered_by == bob and offer.is_active
    assert offer.topics == ["working-structures", "project-planning"]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"title": ""}, "title"),
        ({"topics": ["astrology"]}, "topics"),
        ({"areas": ["nope"]}, "areas"),
        ({"organisation": None}, "organisation"),
    ],
)
def test_bad_offers_are_refused(bob, organisation, bad, field):
    with pytest.raises(ValidationError) as error:
        offers.create_offer(bob, fields={**offer_fields(organisation), **bad})
    assert field in error.value.message_dict
    assert not ConsultationOffer.objects.exists()


def test_only_the_offerer_and_coordinators_edit(offer, alice, bob, cora):
    with pytest.raises(PermissionDenied):
        offers.update_offer(alice, offer, fields={"is_active": False})
    offers.update_offer(cora, offer, fields={"conditions": "Free of charge."})
    offers.update_offer(bob, offer, fields={"title": "Nowy tytuł"})
    offer.refresh_from_db()
    assert offer.conditions == "Free of charge." and offer.title.text == "Nowy tytuł"


def test_consultation_cycle(offer, alice, bob, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        offers.request_consultation(bob, offer, message="My own offer")
    with pytest.raises(ValidationError):
        offers.request_consultation(alice, offer, message="  ")
    with django_capture_on_commit_callbacks(execute=True):
        consultation = offers.request_consultation(
            alice, offer, message="How do you plan projects?"
        )
    assert Notification.objects.filter(
        recipient=bob, verb="experts.consultation.requested"
    ).exists()
    with pytest.raises(ValidationError, match="already have an open request"):
        offers.request_consultation(alice, offer, message="Again")
    with pytest.raises(PermissionDenied):
        offers.offerer_step(alice, consultation, "accept")
    with pytest.raises(ValidationError):
        offers.offerer_step(bob, consultation, "answer", answer="")
    with pytest.raises(ValidationError):
        offers.offerer_step(bob, consultation, "deliver")
    with django_capture_on_commit_callbacks(execute=True):
        offers.offerer_step(bob, consultation, "accept", answer="Gladly, next Tuesday.")
    assert Notification.objects.filter(recipient=alice, verb="experts.consultation.accept").exists()
    offers.offerer_step(bob, consultation, "start")
    with pytest.raises(ValidationError):
        offers.close_consultation(alice, consultation, feedback="Good", rating=5)
    offers.offerer_step(bob, consultation, "deliver")
    with pytest.raises(PermissionDenied):
        offers.close_consultation(bob, consultation, feedback="Good", rating=5)
    with pytest.raises(ValidationError) as error:
        offers.close_consultation(alice, consultation, feedback="", rating=0)
    assert set(error.value.message_dict) == {"feedback", "rating"}
    with django_capture_on_commit_callbacks(execute=True):
        offers.close_consultation(alice, consultation, feedback="Very practical.", rating=5)
    consultation.refresh_from_db()
    assert (consultation.status, consultation.rating) == ("closed", 5)
    assert consultation.answered_at and consultation.started_at and consultation.delivered_at
    assert Notification.objects.filter(recipient=bob, verb="experts.consultation.closed").exists()
    # Closed, a new request may be sent.
    offers.request_consultation(alice, offer, message="A follow-up question")


def test_inactive_offers_take_no_requests(offer, alice, bob):
    stale = ConsultationOffer.objects.get(pk=offer.pk)
    offer = offers.update_offer(bob, offer, fields={"is_active": False})
    with pytest.raises(PermissionDenied):
        offers.request_consultation(alice, offer, message="Hello")
    # Closed while the page was open: refused with a message, under the row's lock.
    with pytest.raises(ValidationError, match="no longer active"):
        offers.request_consultation(alice, stale, message="Hello")
    assert not ConsultationRequest.objects.exists()


def test_list_filters_and_hides_inactive(client, offer, organisation, bob):
    other = offers.create_offer(
        bob,
        fields=offer_fields(
            organisation, title="Funding advice", topics=["funding"], format="on-site"
        ),
    )
    hidden = offers.create_offer(
        bob, fields=offer_fields(organisation, title="Hidden offer", is_active=False)
    )
    html = client.get(reverse("experts:offer-list")).content.decode()
    assert (
        "Oferta konsultacyjna" in html and "Funding advice" in html and "Hidden offer" not in html
    )
    html = client.get(reverse("experts:offer-list"), {"topic": "funding"}).content.decode()
    assert "Funding advice" in html and "Oferta konsultacyjna" not in html
    html = client.get(reverse("experts:offer-list"), {"q": "FUNDING"}).content.decode()
    assert "Funding advice" in html and "Oferta konsultacyjna" not in html
    html = client.get(reverse("experts:offer-list"), {"language": "pl"}).content.decode()
    assert "Funding advice" in html and "Oferta konsultacyjna" in html
    html = client.get(reverse("experts:offer-list"), {"format": "online"}).content.decode()
    assert "Funding advice" not in html
    assert other.pk and hidden.pk


def test_offer_list_query_count(client, bob, organisation):
    def add_offers(first, n):
        for number in range(first, first + n):
            offers.create_offer(bob, fields=offer_fields(organisation, title=f"Offer {number}"))

    add_offers(0, 1)
    one, several = assert_same_queries(
        lambda: client.get(reverse("experts:offer-list")), lambda: add_offers(1, 3)
    )
    assert len(several.context["offers"]) == 4


def test_consultation_list_query_count(client, alice, bob, organisation):
    def add_consultations(first, n):
        for number in range(first, first + n):
            offer = offers.create_offer(
                bob, fields=offer_fields(organisation, title=f"Offer {number}")
            )
            offers.request_consultation(alice, offer, message="Hi")

    add_consultations(0, 1)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(reverse("experts:consultation-list")),
        lambda: add_consultations(1, 3),
    )
    assert len(several.context["consultations"]) == 4


def test_inactive_offer_page_only_for_offerer_and_coordinators(client, offer, alice, bob, cora):
    offers.update_offer(bob, offer, fields={"is_active": False})
    url = reverse("experts:offer-detail", args=[offer.pk])
    assert client.get(url).status_code == 302  # visitors log in
    client.force_login(alice)
    assert client.get(url).status_code == 403
    for person in (bob, cora):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_visitor_sees_an_offer_and_is_asked_to_log_in(client, offer):
    html = client.get(reverse("experts:offer-detail", args=[offer.pk])).content.decode()
    assert "Log in to ask for this consultation" in html
    response = client.post(reverse("experts:offer-detail", args=[offer.pk]), {"message": "Hi"})
    assert response.status_code == 302
    assert not ConsultationRequest.objects.exists()


def test_offer_pages_create_edit_and_request(client, alice, bob, cora, organisation):
    assert client.get(reverse("experts:offer-new")).status_code == 302
    client.force_login(bob)
    response = client.post(
        reverse("experts:offer-new"),
        {
            "organisation": organisation.pk,
            "title": "",
            "description": "d",
            "topics": ["funding"],
            "format": "online",
        },
    )
    assert response.status_code == 200 and not ConsultationOffer.objects.exists()
    response = client.post(
        reverse("experts:offer-new"),
        {
            "organisation": organisation.pk,
            "title": "Advice",
            "description": "d",
            "topics": ["funding"],
            "format": "online",
            "is_active": "on",
        },
    )
    offer = ConsultationOffer.objects.get()
    assert response.status_code == 302
    edit = reverse("experts:offer-edit", args=[offer.pk])
    client.force_login(alice)
    assert client.get(edit).status_code == 403
    client.force_login(cora)
    assert client.get(edit).status_code == 200
    client.force_login(alice)
    url = reverse("experts:offer-detail", args=[offer.pk])
    response = client.post(url, {"message": ""})
    assert response.status_code == 200 and not ConsultationRequest.objects.exists()
    response = client.post(url, {"message": "Please advise."})
    consultation = ConsultationRequest.objects.get()
    assert response.url == reverse("experts:consultation-detail", args=[consultation.pk])
    # The offerer cannot ask for their own offer.
    client.force_login(bob)
    assert client.post(url, {"message": "me"}).status_code == 403


@pytest.mark.parametrize(
    "who, status", [("alice", 200), ("bob", 200), ("cora", 200), ("ezra", 403)]
)
def test_consultation_page_permissions(client, request, offer, alice, who, status):
    consultation = offers.request_consultation(alice, offer, message="Hi")
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("experts:consultation-detail", args=[consultation.pk])).status_code
        == status
    )


def test_consultation_page_steps(client, offer, alice, bob):
    consultation = offers.request_consultation(alice, offer, message="Hi")
    url = reverse("experts:consultation-detail", args=[consultation.pk])
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.post(url, {"action": "step", "step-step": "accept"}).status_code == 403
    client.force_login(bob)
    response = client.post(url, {"action": "step", "step-step": "answer", "step-answer": ""})
    assert response.status_code == 200 and "Write your answer." in response.content.decode()
    for step in ("accept", "start", "deliver"):
        assert client.post(url, {"action": "step", "step-step": step}).status_code == 302
    assert (
        client.post(
            url, {"action": "close", "close-rating": "5", "close-feedback": "x"}
        ).status_code
        == 403
    )
    client.force_login(alice)
    assert (
        client.post(
            url, {"action": "close", "close-rating": "4", "close-feedback": "Helpful."}
        ).status_code
        == 302
    )
    consultation.refresh_from_db()
    assert consultation.status == "closed" and consultation.rating == 4


def test_export_holds_offers_and_requests(offer, alice, bob):
    offers.request_consultation(alice, offer, message="Hello there")
    assert (
        offers.export_consultations(bob)["offers"][0]["organisation"]
        == "Stowarzyszenie Media Dizajn"
    )
    assert offers.export_consultations(alice)["requests"][0]["message"] == "Hello there"
    assert offers.export_consultations(alice)["offers"] == []
