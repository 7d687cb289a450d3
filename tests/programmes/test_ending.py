"""Ending a programme: its pages stay, read-only, saying who keeps them."""

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.models import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.programmes.models import Programme
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(alice):
    """A published programme Alice coordinates, led by Fundacja Porty."""
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    PartnerFactory(
        programme=programme,
        role="lead",
        organisation=OrganisationFactory(name=MultilingualText("Fundacja Porty", "pl")),
    )
    return programme


def url(name, programme):
    return reverse(f"programmes:{name}", args=[programme.slug])


def test_ending_asks_who_keeps_the_pages_and_says_what_happens(client, programme, alice):
    client.force_login(alice)
    page = client.get(url("end", programme))
    text = page.content.decode()
    assert page.status_code == 200
    assert "its pages stay for everyone to read" in text
    assert 'value="Fundacja Porty"' in text  # the lead is offered as the keeper
    assert Programme.objects.get().state == "published"


def test_a_coordinator_ends_their_programme(client, programme, alice):
    client.force_login(alice)
    response = client.post(url("end", programme), {"kept_by": "Fundacja Porty, info@porty.pl"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.state, programme.ended_by, programme.kept_by) == (
        "ended",
        alice,
        "Fundacja Porty, info@porty.pl",
    )
    assert programme.ended_at is not None
    assert AuditLogEntry.objects.filter(action="programmes.programme.end").count() == 1
    detail = client.get(programme.get_absolute_url())
    assert "read-only, kept by Fundacja Porty, info@porty.pl" in detail.content.decode()
    client.logout()
    assert client.get(programme.get_absolute_url()).status_code == 200


def test_ending_needs_a_keeper(client, programme, alice):
    client.force_login(alice)
    assert client.post(url("end", programme), {"kept_by": " "}).status_code == 400
    assert Programme.objects.get().state == "published"


def test_others_may_not_end_a_programme(client, programme, bob):
    client.force_login(bob)
    assert client.post(url("end", programme), {"kept_by": "x"}).status_code == 403
    assign_role(bob, "coordinator", scope=ProgrammeFactory())
    assert client.post(url("end", programme), {"kept_by": "x"}).status_code == 403
    assert Programme.objects.get(pk=programme.pk).state == "published"


def test_an_ended_programme_is_read_only(client, programme, alice, bob):
    Programme.objects.filter(pk=programme.pk).update(state="ended")
    client.force_login(alice)
    assert client.get(url("edit", programme)).status_code == 403
    assert client.get(url("partners", programme)).status_code == 403
    assert client.get(url("end", programme)).status_code == 403
    team = client.get(url("team", programme))
    assert team.status_code == 200  # the team is still listed
    assert "Invite someone into the team" not in team.content.decode()
    invite = client.post(url("team", programme), {"email": "x@example.org", "role": "reviewer"})
    assert invite.status_code == 403
    assert client.get(url("history", programme)).status_code == 200
    client.force_login(bob)
    assert client.post(url("join", programme)).status_code == 403


def test_a_platform_admin_reopens_an_ended_programme_after_asking(client, programme, alice, ada):
    Programme.objects.filter(pk=programme.pk).update(state="ended")
    client.force_login(alice)
    assert client.post(url("reopen", programme)).status_code == 403
    client.force_login(ada)
    assert "Reopen the programme" in client.get(url("reopen", programme)).content.decode()
    assert Programme.objects.get().state == "ended"
    assert client.post(url("reopen", programme)).status_code == 302
    assert Programme.objects.get().state == "published"


def test_a_draft_cannot_be_ended(client, alice):
    draft = ProgrammeFactory(state="draft")
    assign_role(alice, "coordinator", scope=draft)
    client.force_login(alice)
    assert client.post(url("end", draft), {"kept_by": "x"}).status_code == 403
