"""Decisions: accept, reject, waitlist; places; experts into the pool; participants into events."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import Application, Call
from atelier.core.multilingual import MultilingualText
from atelier.events.models import Registration
from atelier.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import UserFactory

from .factories import ApplicationFactory, QuestionFactory


def _close(call):
    call.opens_at = timezone.now() - timedelta(days=10)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    return call


@pytest.mark.parametrize(
    ("decision", "status", "verb"),
    [
        ("accept", "accepted", "calls.accepted"),
        ("reject", "rejected", "calls.rejected"),
        ("waitlist", "waitlisted", "calls.waitlisted"),
    ],
)
def test_decisions_tell_the_applicant(call, pia, alice, mailoutbox, decision, status, verb):
    _close(call)
    application = ApplicationFactory(call=call, applicant=alice)
    services.decide(application, decision, actor=pia)
    application.refresh_from_db()
    assert application.status == status
    assert application.decided_at is not None
    assert Notification.objects.get(recipient=alice).verb == verb
    assert mailoutbox[-1].to == ["alice@example.org"]


def test_the_decision_reaches_the_applicant_in_their_language(call, pia, alice, mailoutbox):
    from django.utils import translation

    alice.preferred_language = "bg"
    alice.save()
    _close(call)
    application = ApplicationFactory(call=call, applicant=alice)
    services.decide(application, "accept", actor=pia)
    with translation.override("bg"):
        from django.utils.translation import gettext

        expected = gettext("Your application to “%(title)s” has been accepted") % {
            "title": "Call for consultants"
        }
    assert mailoutbox[-1].subject == expected


def test_no_decision_while_the_call_is_open(call, pia, alice):
    application = ApplicationFactory(call=call, applicant=alice)
    with pytest.raises(ValidationError) as caught:
        services.decide(application, "accept", actor=pia)
    assert caught.value.code == "still-open"


def test_drafts_and_withdrawn_applications_are_not_decided(call, pia, alice, bob):
    _close(call)
    for person, status in ((alice, "draft"), (bob, "withdrawn")):
        application = ApplicationFactory(call=call, applicant=person, status=status)
        with pytest.raises(ValidationError):
            services.decide(application, "accept", actor=pia)


def test_accepting_beyond_the_places_is_refused(call, pia, alice, bob):
    call.places = 1
    _close(call)
    first = ApplicationFactory(call=call, applicant=alice)
    second = ApplicationFactory(call=call, applicant=bob)
    services.decide(first, "accept", actor=pia)
    with pytest.raises(ValidationError) as caught:
        services.decide(second, "accept", actor=pia)
    assert "places" in " ".join(caught.value.messages)
    second.refresh_from_db()
    assert second.status == "submitted"
    services.decide(second, "waitlist", actor=pia)


def test_deciding_through_the_ranking_page(client, call, pia, alice):
    _close(call)
    application = ApplicationFactory(call=call, applicant=alice)
    client.force_login(pia)
    response = client.post(reverse("calls:decide", args=[call.slug, application.pk, "reject"]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"


def test_only_the_calls_coordinators_decide(client, call, otto, ria, alice, bob):
    _close(call)
    application = ApplicationFactory(call=call, applicant=bob)
    url = reverse("calls:decide", args=[call.slug, application.pk, "accept"])
    assert client.post(url).status_code == 302  # to log in
    for person in (otto, ria, alice, bob):
        client.force_login(person)
        assert client.post(url).status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"


# Calls for experts --------------------------------------------------------------------------


def _experts_call(programme):
    call = _close(
        Call.objects.create(
            programme=programme,
            type=Call.Type.EXPERTS,
            slug="experts",
            title=MultilingualText("Call for experts", "en"),
            opens_at=timezone.now() - timedelta(days=10),
            closes_at=timezone.now() + timedelta(days=1),
            status="published",
        )
    )
    questions = {
        kind: QuestionFactory(call=call, kind=kind)
        for kind in ("long-text", "areas", "languages", "country")
    }
    return call, questions


def test_accepting_an_expert_puts_them_in_the_pool(programme, pia, alice):
    from atelier.experts.models import ExpertProfile

    call, q = _experts_call(programme)
    application = ApplicationFactory(
        call=call,
        applicant=alice,
        answers={
            q["long-text"].key: "Twenty years of audience work.",
            q["areas"].key: ["audience-development", "evaluation-impact"],
            q["languages"].key: ["bg", "en"],
            q["country"].key: "BG",
        },
    )
    services.decide(application, "accept", actor=pia)
    profile = ExpertProfile.objects.get(user=alice)
    assert profile.areas == ["audience-development", "evaluation-impact"]
    assert [entry["code"] for entry in profile.languages] == ["bg", "en"]
    assert profile.countries == ["BG"]
    assert profile.bio.text == "Twenty years of audience work."
    alice.__dict__.pop("_atelier_role_keys", None)
    assert alice.role_assignments.filter(role="expert").exists()


def test_rejecting_an_expert_makes_no_profile(programme, pia, alice):
    from atelier.experts.models import ExpertProfile

    call, _q = _experts_call(programme)
    services.decide(ApplicationFactory(call=call, applicant=alice), "reject", actor=pia)
    assert not ExpertProfile.objects.filter(user=alice).exists()


# Calls for participants ---------------------------------------------------------------------


def _participants_call(programme, **event_fields):
    event = EventFactory(programme=programme, **event_fields)
    call = _close(
        Call.objects.create(
            programme=programme,
            type=Call.Type.PARTICIPANTS,
            event=event,
            slug="participants",
            title=MultilingualText("Call for camp participants", "en"),
            opens_at=timezone.now() - timedelta(days=10),
            closes_at=timezone.now() + timedelta(days=1),
            status="published",
        )
    )
    QuestionFactory(call=call)
    return call, event


def test_accepting_a_participant_registers_them_to_the_event(programme, pia, alice):
    call, event = _participants_call(programme, room_capacity=2)
    application = ApplicationFactory(call=call, applicant=alice)
    services.decide(application, "accept", actor=pia)
    registration = Registration.objects.get(event=event, user=alice)
    assert registration.status == Registration.Status.CONFIRMED


def test_accepting_into_an_application_event_selects_them(programme, pia, alice):
    call, event = _participants_call(programme, room_capacity=2, registration_mode="application")
    services.decide(ApplicationFactory(call=call, applicant=alice), "accept", actor=pia)
    assert Registration.objects.get(event=event, user=alice).status == Registration.Status.ACCEPTED


def test_a_full_event_refuses_the_acceptance_and_nothing_is_written(programme, pia, alice, bob):
    call, event = _participants_call(programme, room_capacity=1)
    Registration.objects.create(event=event, user=bob, attendance_mode="room", status="confirmed")
    application = ApplicationFactory(call=call, applicant=alice)
    with pytest.raises(ValidationError) as caught:
        services.decide(application, "accept", actor=pia)
    assert caught.value.code == "event-full"
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Registration.objects.filter(user=alice).exists()
    assert not Notification.objects.filter(recipient=alice).exists()


def test_a_full_event_is_said_on_the_page(client, programme, pia, alice, bob):
    call, event = _participants_call(programme, room_capacity=1)
    Registration.objects.create(event=event, user=bob, attendance_mode="room", status="confirmed")
    application = ApplicationFactory(call=call, applicant=alice)
    client.force_login(pia)
    response = client.post(
        reverse("calls:decide", args=[call.slug, application.pk, "accept"]), follow=True
    )
    assert "is full" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_an_already_registered_participant_is_not_registered_twice(programme, pia, alice):
    call, event = _participants_call(programme, room_capacity=5)
    Registration.objects.create(event=event, user=alice, attendance_mode="room", status="confirmed")
    services.decide(ApplicationFactory(call=call, applicant=alice), "accept", actor=pia)
    assert Registration.objects.filter(event=event, user=alice).count() == 1


def test_people_are_told_nothing_about_others(call, pia, alice, bob, mailoutbox):
    _close(call)
    services.decide(ApplicationFactory(call=call, applicant=alice), "accept", actor=pia)
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    assert UserFactory(email="nobody@example.org").notifications.count() == 0


def test_people_on_the_events_waitlist_go_first(programme, pia, alice, bob):
    call, event = _participants_call(programme, room_capacity=2)
    Registration.objects.create(event=event, user=bob, attendance_mode="room", status="confirmed")
    Registration.objects.create(
        event=event, user=UserFactory(), attendance_mode="room", status="waitlisted"
    )
    application = ApplicationFactory(call=call, applicant=alice)
    with pytest.raises(ValidationError) as caught:
        services.decide(application, "accept", actor=pia)
    assert caught.value.code == "event-full"
    assert not Registration.objects.filter(user=alice).exists()
    assert not Notification.objects.filter(recipient=alice).exists()
