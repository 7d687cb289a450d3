import pytest
from django.urls import reverse

from atelier.accounts.rules import holds_role
from atelier.accounts.services import assign_role
from atelier.programmes.models import Invitation, Membership, Programme
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def team_url(programme):
    return reverse("programmes:team", args=[programme.slug])


def test_team_page_is_for_the_programmes_coordinators(client, alice, bob):
    programme = ProgrammeFactory()
    other = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    assert client.get(team_url(programme)).status_code == 200
    assert client.get(team_url(other)).status_code == 403
    client.force_login(bob)
    assert client.get(team_url(programme)).status_code == 403


def test_team_page_is_closed_to_visitors(client):
    assert client.get(team_url(ProgrammeFactory())).status_code == 403


def test_platform_coordinator_and_admin_may_manage_any_team(client, cora, ada):
    programme = ProgrammeFactory()
    for person in (cora, ada):
        client.force_login(person)
        assert client.get(team_url(programme)).status_code == 200


def test_coordinator_gives_a_role_scoped_to_the_programme(client, alice, bob):
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    response = client.post(team_url(programme), {"email": bob.email, "role": "moderator"})
    assert response.status_code == 302
    bob.__dict__.pop("_atelier_role_keys", None)
    assert holds_role(bob, "moderator", programme) is True
    assert holds_role(bob, "moderator", ProgrammeFactory()) is False


def test_giving_a_role_to_an_unknown_address_sends_an_invitation(client, cora):
    programme = ProgrammeFactory()
    client.force_login(cora)
    response = client.post(
        team_url(programme), {"email": "Nobody@Example.org", "role": "moderator"}
    )
    assert response.status_code == 302
    invitation = programme.invitations.get()
    assert (invitation.email, invitation.role, invitation.state) == (
        "nobody@example.org",
        "moderator",
        "pending",
    )


def test_member_cannot_give_roles(client, alice, bob):
    programme = ProgrammeFactory()
    client.force_login(alice)
    response = client.post(team_url(programme), {"email": bob.email, "role": "coordinator"})
    assert response.status_code == 403
    assert holds_role(bob, "coordinator", programme) is False


def test_coordinator_removes_a_role(client, cora, bob):
    programme = ProgrammeFactory()
    assign_role(bob, "facilitator", scope=programme)
    client.force_login(cora)
    url = reverse("programmes:team-revoke", args=[programme.slug])
    assert client.post(url, {"user": bob.pk, "role": "facilitator"}).status_code == 302
    bob.__dict__.pop("_atelier_role_keys", None)
    assert holds_role(bob, "facilitator", programme) is False


def join(client, programme):
    return client.post(reverse("programmes:join", args=[programme.slug]))


def test_member_joins_an_open_community(client, alice):
    programme = ProgrammeFactory(community_access=Programme.CommunityAccess.OPEN)
    client.force_login(alice)
    assert join(client, programme).status_code == 302
    assert Membership.objects.get(programme=programme, user=alice).state == "active"


def test_joining_a_community_on_request_waits_for_a_coordinator(client, alice, cora):
    programme = ProgrammeFactory(community_access=Programme.CommunityAccess.REQUEST)
    client.force_login(alice)
    join(client, programme)
    membership = Membership.objects.get(programme=programme, user=alice)
    assert membership.state == "requested"
    accept = reverse("programmes:community-accept", args=[programme.slug, membership.pk])
    assert client.post(accept).status_code == 403
    client.force_login(cora)
    assert client.post(accept).status_code == 302
    membership.refresh_from_db()
    assert membership.state == "active"


def test_invitation_only_community_cannot_be_joined(client, alice):
    programme = ProgrammeFactory(community_access=Programme.CommunityAccess.INVITATION)
    client.force_login(alice)
    assert join(client, programme).status_code == 403
    assert Membership.objects.count() == 0


def test_visitor_is_sent_to_log_in_to_join(client):
    programme = ProgrammeFactory()
    response = join(client, programme)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Membership.objects.count() == 0


def test_member_leaves_a_community(client, alice):
    programme = ProgrammeFactory()
    client.force_login(alice)
    join(client, programme)
    client.post(reverse("programmes:leave", args=[programme.slug]))
    assert Membership.objects.count() == 0


def test_team_page_queries_do_not_grow_with_people(client, cora):
    from tests.factories import UserFactory
    from tests.queries import assert_same_queries

    programme = ProgrammeFactory(community_access=Programme.CommunityAccess.REQUEST)

    def add(count):
        for _ in range(count):
            assign_role(UserFactory(), "moderator", scope=programme)
            Membership.objects.create(programme=programme, user=UserFactory(), state="requested")
            Invitation.objects.create(
                programme=programme, email=f"{UserFactory.build().email}", role="reviewer"
            )

    add(1)
    client.force_login(cora)
    one, several = assert_same_queries(lambda: client.get(team_url(programme)), lambda: add(2))
    assert len(several.context["team"]) == 3
    assert len(several.context["invitations"]) == 3
    assert len(several.context["requests"]) == 3
