"""Application mode: applicants answer the coordinators' questions; coordinators select."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.events import services
from atelier.events.models import Registration, RegistrationMode
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory, QuestionFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def event():
    event = EventFactory(registration_mode=RegistrationMode.APPLICATION, room_capacity=1)
    QuestionFactory(event=event, text__text="Why do you want to come?")
    QuestionFactory(event=event, text__text="Anything else?", required=False)
    return event


def _answers(event, *texts):
    return {str(q.pk): text for q, text in zip(event.questions.all(), texts, strict=False)}


def test_apply_records_the_answers_and_tells_the_applicant(event, alice, mailoutbox):
    registration = services.apply(event, alice, answers=_answers(event, "To learn.", ""))
    assert registration.status == Status.APPLIED
    assert registration.answers == {str(event.questions.first().pk): "To learn."}
    assert mailoutbox[-1].subject == f"Your application for “{event.title.text}” has been received"


def test_a_required_answer_is_required_and_nothing_is_written(event, alice):
    with pytest.raises(ValidationError) as error:
        services.apply(event, alice, answers={})
    key = f"question_{event.questions.first().pk}"
    assert error.value.message_dict == {key: ["This question needs an answer."]}
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()


def test_apply_is_refused_for_open_events(alice):
    with pytest.raises(ValidationError) as error:
        services.apply(EventFactory(), alice)
    assert error.value.messages == ["This event takes no applications."]


def test_accept_reject_and_waitlist_tell_the_applicants(event, alice, bob, people, cora):
    first = services.apply(event, alice, answers=_answers(event, "a"))
    second = services.apply(event, bob, answers=_answers(event, "b"))
    third = services.apply(event, people[0], answers=_answers(event, "c"))
    services.accept_application(first, actor=cora)
    services.waitlist_application(second, actor=cora)
    services.reject_application(third, actor=cora)
    verbs = dict(
        Notification.objects.exclude(verb="events.applied").values_list("recipient_id", "verb")
    )
    assert verbs == {
        alice.pk: "events.accepted",
        bob.pk: "events.application_waitlisted",
        people[0].pk: "events.rejected",
    }
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {alice.pk: "accepted", bob.pk: "waitlisted", people[0].pk: "rejected"}


def test_accepting_beyond_capacity_is_refused(event, alice, bob, cora):
    services.accept_application(
        services.apply(event, alice, answers=_answers(event, "a")), actor=cora
    )
    second = services.apply(event, bob, answers=_answers(event, "b"))
    with pytest.raises(ValidationError) as error:
        services.accept_application(second, actor=cora)
    assert error.value.code == "full"
    assert Registration.objects.get(pk=second.pk).status == Status.APPLIED


def test_a_waitlisted_applicant_is_offered_the_seat_an_accepted_one_frees(event, alice, bob, cora):
    accepted = services.accept_application(
        services.apply(event, alice, answers=_answers(event, "a")), actor=cora
    )
    waiting = services.waitlist_application(
        services.apply(event, bob, answers=_answers(event, "b")), actor=cora
    )
    services.cancel_registration(accepted, actor=alice)
    offered = Registration.objects.get(pk=waiting.pk)
    assert offered.status == Status.OFFERED
    assert services.confirm_offer(offered, actor=bob).status == Status.ACCEPTED


def test_a_rejected_applicant_cannot_apply_again(event, alice, cora):
    services.reject_application(
        services.apply(event, alice, answers=_answers(event, "a")), actor=cora
    )
    with pytest.raises(ValidationError) as error:
        services.apply(event, alice, answers=_answers(event, "again"))
    assert error.value.messages == ["You are already registered for this event (Not selected)."]


def test_application_page_shows_the_questions_and_keeps_bad_input(client, event, alice):
    client.force_login(alice)
    url = reverse("events:register", args=[event.slug])
    page = client.get(url).content.decode()
    assert "Why do you want to come?" in page
    response = client.post(url, {"attendance_mode": "room", "gender": "woman"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "recorded only with your consent" in html
    assert not Registration.objects.exists()
    key = f"question_{event.questions.first().pk}"
    response = client.post(url, {"attendance_mode": "room", key: "I run a community centre."})
    assert response.status_code == 302
    assert Registration.objects.get(user=alice).answers == {
        str(event.questions.first().pk): "I run a community centre."
    }


def test_only_those_who_run_the_event_decide(client, event, alice, bob, cora):
    registration = services.apply(event, alice, answers=_answers(event, "a"))
    url = reverse("events:decide", args=[event.slug, registration.pk, "accept"])
    client.force_login(bob)
    assert client.post(url).status_code == 403
    client.force_login(alice)
    assert client.post(url).status_code == 403
    assert Registration.objects.get(pk=registration.pk).status == Status.APPLIED
    client.force_login(cora)
    assert client.post(url).status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Status.ACCEPTED


def test_a_programme_coordinator_decides_only_in_their_programme(client, alice, bob):
    programme = ProgrammeFactory()
    assign_role(bob, "coordinator", scope=programme)
    own = EventFactory(registration_mode=RegistrationMode.APPLICATION, programme=programme)
    other = EventFactory(
        registration_mode=RegistrationMode.APPLICATION, programme=ProgrammeFactory()
    )
    client.force_login(bob)
    assert client.get(reverse("events:manage", args=[own.slug])).status_code == 200
    assert client.get(reverse("events:manage", args=[other.slug])).status_code == 403


def test_manage_page_lists_applicants_with_answers(client, event, alice, cora):
    services.apply(event, alice, answers=_answers(event, "I run a community centre."))
    client.force_login(cora)
    html = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    assert "Alice Member" in html
    assert "I run a community centre." in html
    assert "Accept<span" in html
