"""Who may open what, role by role: visitor, applicant, another member, the assigned and an
unassigned reviewer, the coordinator of another programme, the programme's coordinator."""

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from tests.factories import UserFactory

from .factories import ApplicationFactory, AssignmentFactory

LOGIN = "login"


@pytest.fixture
def cast(call, programme, alice, bob, ria, otto, pia):
    unassigned = UserFactory(email="una@example.org", display_name="Una Unassigned")
    assign_role(unassigned, "reviewer", scope=programme)
    application = ApplicationFactory(call=call, applicant=alice)
    assignment = AssignmentFactory(application=application, reviewer=ria)
    people = {
        "visitor": None,
        "applicant": alice,
        "other member": bob,
        "assigned reviewer": ria,
        "unassigned reviewer": unassigned,
        "other programme's coordinator": otto,
        "programme coordinator": pia,
    }
    return people, application, assignment


def _status(client, person, url, method="get"):
    client.logout()
    if person is not None:
        client.force_login(person)
    response = getattr(client, method)(url)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


EXPECTED = {
    # role: (call page, apply page, application, review, applications list, ranking, export)
    "visitor": (200, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    # A submitted application is changed on the apply page until the deadline.
    "applicant": (200, 200, 200, 404, 403, 403, 403),
    "other member": (200, 200, 404, 404, 403, 403, 403),
    "assigned reviewer": (200, 200, 200, 200, 403, 403, 403),
    "unassigned reviewer": (200, 200, 404, 404, 403, 403, 403),
    "other programme's coordinator": (200, 200, 404, 404, 403, 403, 403),
    "programme coordinator": (200, 200, 200, 404, 200, 200, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_what_it_may_and_nothing_else(client, call, cast, role):
    people, application, assignment = cast
    urls = (
        call.get_absolute_url(),
        reverse("calls:apply", args=[call.slug]),
        application.get_absolute_url(),
        reverse("calls:review", args=[assignment.pk]),
        reverse("calls:applications", args=[call.slug]),
        reverse("calls:ranking", args=[call.slug]),
        reverse("calls:export", args=[call.slug, "csv"]),
    )
    assert [_status(client, people[role], url) for url in urls] == list(EXPECTED[role])


@pytest.mark.parametrize("role", list(EXPECTED))
def test_only_the_assigned_reviewer_scores(client, call, cast, role):
    people, _application, assignment = cast
    url = reverse("calls:review", args=[assignment.pk])
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
    response = client.post(url, {"action": "save"})
    if role == "assigned reviewer":
        assert response.status_code in (200, 302)
    elif role == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
