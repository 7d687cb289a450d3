"""Certificates by the organiser's rule: only for attendees, never before the event, in bulk."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.events.models import Certificate, CertificateRule, SessionAttendance
from atelier.events.services import attendance, certificates
from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory
from tests.factories import UserFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def _attendee(event, actor, name="Ana", **fields):
    registration = RegistrationFactory(event=event, user=UserFactory(display_name=name), **fields)
    attendance.check_in(registration, actor=actor, event=event)
    return registration


def _list_url(event):
    return reverse("events:certificates", args=[event.slug])


# Never before the event ---------------------------------------------------------------------


def test_no_certificate_can_exist_for_an_event_that_has_not_started(coordinator, programme):
    event = EventFactory(programme=programme)  # In a month.
    registration = RegistrationFactory(event=event)
    # Even a check-in written straight to the row (as the admin could) gives no certificate.
    registration.checked_in_at = timezone.now()
    registration.attended_mode = "room"
    registration.save()
    with pytest.raises(ValidationError) as by_service:
        certificates.issue_certificate(registration, by_hand=True)
    with pytest.raises(ValidationError) as in_bulk:
        certificates.issue_certificates(event, actor=coordinator)
    with pytest.raises(ValidationError) as by_model:
        Certificate.objects.create(
            registration=registration, name="Ana", hours=Decimal("6"), language="en"
        )
    expected = ["No certificate can be issued for an event that has not started."]
    assert (by_service.value.messages, in_bulk.value.messages, by_model.value.messages) == (
        expected,
        expected,
        expected,
    )
    assert Certificate.objects.count() == 0


def test_the_model_refuses_a_certificate_for_someone_not_checked_in(running_event):
    registration = RegistrationFactory(event=running_event)
    with pytest.raises(ValidationError):
        Certificate.objects.create(
            registration=registration, name="Ana", hours=Decimal("6"), language="en"
        )
    assert Certificate.objects.count() == 0


def test_the_page_of_an_event_to_come_offers_no_issue(client, coordinator, programme):
    event = EventFactory(programme=programme)
    client.force_login(coordinator)
    response = client.get(_list_url(event))
    assert response.status_code == 200
    assert "The event has not started" in response.content.decode()
    response = client.post(_list_url(event), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "No certificate can be issued for an event that has not started."
    ]


# The rules ----------------------------------------------------------------------------------


def test_bulk_issue_gives_certificates_to_every_attendee_without_a_timetable(
    client, coordinator, running_event
):
    first = _attendee(running_event, coordinator, "Ana")
    second = _attendee(running_event, coordinator, "Boris")
    absent = RegistrationFactory(event=running_event)
    client.force_login(coordinator)
    response = client.post(_list_url(running_event), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "2 certificate(s) issued; their holders can download them."
    ]
    assert set(Certificate.objects.values_list("registration", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert not Certificate.objects.filter(registration=absent).exists()
    # Issuing again adds nobody.
    response = client.post(_list_url(running_event), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Nobody more may have a certificate now."
    ]
    assert Certificate.objects.count() == 2


def test_all_sessions_needs_presence_at_every_session(coordinator, running_event):
    running_event.certificate_rule = CertificateRule.ALL_SESSIONS
    running_event.save()
    start = running_event.starts_at
    morning = SessionFactory(
        event=running_event, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    afternoon = SessionFactory(
        event=running_event,
        starts_at=start + timedelta(hours=3),
        ends_at=start + timedelta(hours=5),
    )
    both = _attendee(running_event, coordinator, "Ana")
    one = _attendee(running_event, coordinator, "Boris")
    for registration, sessions in ((both, [morning, afternoon]), (one, [morning])):
        for session in sessions:
            SessionAttendance.objects.create(registration=registration, session=session)
    issued = certificates.issue_certificates(running_event, actor=coordinator)
    assert [c.registration_id for c in issued] == [both.pk]
    assert issued[0].hours == Decimal("4.00")
    with pytest.raises(ValidationError) as refused:
        certificates.issue_certificate(one)
    assert refused.value.messages == ["Present at 1 of the 2 sessions; all are needed."]


def test_a_share_of_the_hours_counts_the_sessions_attended(client, coordinator, running_event):
    running_event.certificate_share = 60
    running_event.save()
    start = running_event.starts_at
    long = SessionFactory(event=running_event, starts_at=start, ends_at=start + timedelta(hours=3))
    SessionFactory(
        event=running_event,
        starts_at=start + timedelta(hours=3),
        ends_at=start + timedelta(hours=4),
    )
    enough = _attendee(running_event, coordinator, "Ana")
    _attendee(running_event, coordinator, "Boris")  # At no session.
    client.force_login(coordinator)
    # Presence at the long session is taken on the check-in list.
    client.post(
        reverse("events:check-in-list", args=[running_event.slug]),
        {"session": long.pk, "shown": [enough.pk], "present": [enough.pk]},
    )
    assert SessionAttendance.objects.filter(registration=enough, session=long).exists()
    html = client.get(_list_url(running_event)).content.decode()
    assert "Present for 0% of the hours; 60% are needed." in html
    client.post(_list_url(running_event))
    certificate = Certificate.objects.get()
    assert (certificate.registration_id, certificate.hours) == (enough.pk, Decimal("3.00"))


def test_by_hand_the_organiser_chooses_among_the_attendees(client, coordinator, running_event):
    running_event.certificate_rule = CertificateRule.BY_HAND
    running_event.save()
    chosen = _attendee(running_event, coordinator, "Ana")
    _attendee(running_event, coordinator, "Boris")
    absent = RegistrationFactory(event=running_event)
    client.force_login(coordinator)
    # The attendee cannot make one by downloading.
    with pytest.raises(ValidationError):
        certificates.issue_certificate(chosen)
    response = client.post(_list_url(running_event), {"chosen": [absent.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Certificates go only to people checked in at this event."
    ]
    assert Certificate.objects.count() == 0
    client.post(_list_url(running_event), {"chosen": [chosen.pk]})
    assert list(Certificate.objects.values_list("registration", flat=True)) == [chosen.pk]


# Revoking -----------------------------------------------------------------------------------


def test_revoking_asks_first_then_the_verification_page_says_revoked(
    client, coordinator, running_event
):
    registration = _attendee(running_event, coordinator)
    certificate = certificates.issue_certificate(registration)
    client.force_login(coordinator)
    url = reverse("events:certificate-revoke", args=[certificate.code])
    question = client.get(url)
    assert question.status_code == 200
    assert "Its verification page will say that it is revoked" in question.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    client.post(url)
    client.logout()
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "it is not valid" in page


# Who may ------------------------------------------------------------------------------------


def test_the_programmes_coordinator_issues_and_another_programmes_may_not(
    client, coordinator, other_coordinator, alice, running_event
):
    registration = _attendee(running_event, coordinator)
    for person in (other_coordinator, alice):
        client.force_login(person)
        assert client.get(_list_url(running_event)).status_code == 403
        assert client.post(_list_url(running_event)).status_code == 403
    assert Certificate.objects.count() == 0
    certificate_url = None
    client.force_login(coordinator)
    assert client.get(_list_url(running_event)).status_code == 200
    client.post(_list_url(running_event))
    certificate = Certificate.objects.get(registration=registration)
    certificate_url = reverse("events:certificate-revoke", args=[certificate.code])
    client.force_login(other_coordinator)
    assert client.post(certificate_url).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_certificates_list_runs_as_many_queries_for_one_as_for_several(
    client, coordinator, running_event
):
    SessionFactory(event=running_event)
    first = _attendee(running_event, coordinator, "Ana")
    certificates.issue_certificate(first)
    client.force_login(coordinator)

    def more():
        for n in range(3):
            registration = _attendee(running_event, coordinator, f"Person {n}")
            certificates.issue_certificate(registration)

    one, several = assert_same_queries(lambda: client.get(_list_url(running_event)), more)
    assert several.content.decode().count("Issued") == 4
