"""Who may see and edit plans, tested both ways on every page."""

import pytest
from django.urls import reverse

from atelier.plans.models import Plan

pytestmark = pytest.mark.django_db

ALLOWED, FORBIDDEN, LOGIN = 200, 403, 302


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def who(alice, bob, cora, pia, otto, max_):
    return {
        "visitor": None,
        "owner": alice,
        "member": bob,
        "platform": cora,
        "coordinator": pia,
        "other_coordinator": otto,
        "manager": max_,
    }


EDITOR_PAGES = ["edit", "csv", "import", "goal-create", "goal-edit", "action-create",
                "action-edit", "indicator-create", "indicator-edit", "measure"]  # fmt: skip
EXPECTED_EDITOR = {
    "visitor": LOGIN,
    "owner": FORBIDDEN,
    "member": FORBIDDEN,
    "other_coordinator": FORBIDDEN,
    "platform": ALLOWED,
    "coordinator": ALLOWED,
    "manager": ALLOWED,
}


def _url(name, plan, goal, action, indicator):
    args = {
        "goal-edit": [plan.slug, goal.pk],
        "action-edit": [plan.slug, action.pk],
        "action": [plan.slug, action.pk],
        "progress": [plan.slug, action.pk],
        "indicator-edit": [plan.slug, indicator.pk],
        "measure": [plan.slug, indicator.pk],
    }.get(name, [plan.slug])
    return reverse(f"plans:{name}", args=args)


@pytest.mark.parametrize("page", EDITOR_PAGES)
@pytest.mark.parametrize("person", list(EXPECTED_EDITOR))
def test_editor_pages_only_for_editors(client, who, plan, goal, action, indicator, page, person):
    response = _get(client, who[person], _url(page, plan, goal, action, indicator))
    assert response.status_code == EXPECTED_EDITOR[person]
    if person == "visitor":
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "person,expected",
    [("visitor", LOGIN), ("member", FORBIDDEN), ("other_coordinator", FORBIDDEN),
     ("owner", ALLOWED), ("manager", ALLOWED), ("coordinator", ALLOWED), ("platform", ALLOWED)],
)  # fmt: skip
def test_progress_page_for_owners_and_editors(
    client, who, plan, goal, action, indicator, person, expected
):
    response = _get(client, who[person], _url("progress", plan, goal, action, indicator))
    assert response.status_code == expected


@pytest.mark.parametrize("person", ["visitor", "member", "owner", "manager"])
def test_public_plan_is_read_by_everyone(client, who, plan, goal, action, indicator, person):
    for name in ("list", "detail", "action"):
        url = reverse("plans:list") if name == "list" else _url(name, plan, goal, action, indicator)
        assert _get(client, who[person], url).status_code == ALLOWED


@pytest.mark.parametrize(
    "person,expected", [("visitor", LOGIN), ("member", ALLOWED), ("owner", ALLOWED)]
)
def test_members_plan_is_for_signed_in_members(
    client, who, plan, goal, action, indicator, person, expected
):
    plan.visibility = Plan.Visibility.MEMBERS
    plan.save()
    assert (
        _get(client, who[person], _url("detail", plan, goal, action, indicator)).status_code
        == expected
    )
    client.logout()
    assert (
        _get(client, who[person], _url("action", plan, goal, action, indicator)).status_code
        == expected
    )


@pytest.mark.parametrize(
    "person,expected",
    [("visitor", LOGIN), ("member", FORBIDDEN), ("other_coordinator", FORBIDDEN),
     ("manager", ALLOWED), ("coordinator", ALLOWED)],
)  # fmt: skip
def test_draft_plan_only_for_its_editors(
    client, who, plan, goal, action, indicator, person, expected
):
    plan.status = Plan.Status.DRAFT
    plan.save()
    assert (
        _get(client, who[person], _url("detail", plan, goal, action, indicator)).status_code
        == expected
    )


def test_draft_and_members_plans_are_left_out_of_lists(client, bob, max_, plan):
    plan.status = Plan.Status.DRAFT
    plan.save()
    assert plan.slug not in client.get(reverse("plans:list")).content.decode()
    client.force_login(bob)
    assert plan.slug not in client.get(reverse("plans:list")).content.decode()
    client.force_login(max_)
    assert plan.slug in client.get(reverse("plans:list")).content.decode()
    plan.status = Plan.Status.ACTIVE
    plan.visibility = Plan.Visibility.MEMBERS
    plan.save()
    client.logout()
    assert plan.slug not in client.get(reverse("plans:list")).content.decode()
    client.force_login(bob)
    assert plan.slug in client.get(reverse("plans:list")).content.decode()


@pytest.mark.parametrize(
    "person,expected",
    [("visitor", LOGIN), ("member", FORBIDDEN), ("manager", FORBIDDEN), ("owner", FORBIDDEN),
     ("coordinator", ALLOWED), ("other_coordinator", ALLOWED), ("platform", ALLOWED)],
)  # fmt: skip
def test_creating_a_plan_needs_a_coordinator(client, who, person, expected):
    assert _get(client, who[person], reverse("plans:create")).status_code == expected


def test_owner_cannot_post_on_someone_elses_action(client, alice, plan, goal):
    from .factories import ActionFactory

    other = ActionFactory(goal=goal)
    client.force_login(alice)
    response = client.post(
        reverse("plans:progress", args=[plan.slug, other.pk]),
        {"date": "2025-04-01", "progress": "50", "status": "in-progress"},
    )
    assert response.status_code == FORBIDDEN
    other.refresh_from_db()
    assert other.progress == 0
    assert other.updates.count() == 0
