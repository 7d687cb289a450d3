"""Roles and the accounts permissions: who holds what, where, and who may do what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from atelier.accounts.roles import Role
from atelier.accounts.rules import (
    has_role,
    is_coordinator,
    is_expert,
    is_facilitator,
    is_moderator,
    is_platform_admin,
    is_reviewer,
    is_signed_in,
)
from atelier.accounts.services import assign_role, revoke_role
from atelier.core.models import Theme
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_PERMISSIONS = [
    "accounts.view_own_page",
    "accounts.change_own_profile",
    "accounts.export_own_data",
    "accounts.delete_own_account",
]
EVERYONE = ["alice", "bob", "mona", "cora", "fay", "rey", "ezra", "ada"]


@pytest.fixture
def scope_a(db):
    return Theme.objects.get(slug="cultural-heritage")


@pytest.fixture
def scope_b(db):
    return Theme.objects.get(slug="cultural-policy")


@pytest.fixture
def scoped_coordinator(scope_a):
    person = UserFactory(email="sam@example.org")
    assign_role(person, Role.COORDINATOR, scope=scope_a)
    return person


def fresh(user):
    """The user as loaded by a new request, so no role cache is carried over."""
    return type(user).objects.get(pk=user.pk)


def test_has_role_scoped_holds_in_its_scope(scoped_coordinator, scope_a):
    assert has_role(Role.COORDINATOR).test(scoped_coordinator, scope_a) is True
    assert is_coordinator.test(scoped_coordinator, scope_a) is True


def test_has_role_scoped_does_not_hold_in_another_scope(scoped_coordinator, scope_b):
    assert has_role(Role.COORDINATOR).test(scoped_coordinator, scope_b) is False
    assert is_coordinator.test(scoped_coordinator, scope_b) is False


def test_has_role_scoped_does_not_hold_platform_wide(scoped_coordinator):
    assert is_coordinator.test(scoped_coordinator) is False


def test_has_role_scoped_to_an_unsaved_object_does_not_hold(scoped_coordinator):
    assert is_coordinator.test(scoped_coordinator, Theme(slug="unsaved")) is False


def test_has_role_scope_is_matched_by_type_as_well_as_id(scoped_coordinator, scope_a):
    # A user row with the same pk as the theme is another object.
    other = UserFactory(email="same-pk@example.org")
    other.pk = scope_a.pk
    assert is_coordinator.test(scoped_coordinator, other) is False


def test_has_role_follows_the_objects_role_scope(scoped_coordinator, scope_a, scope_b):
    class Session:
        role_scope = scope_a

    class OtherSession:
        def role_scope(self):
            return scope_b

    assert is_coordinator.test(scoped_coordinator, Session()) is True
    assert is_coordinator.test(scoped_coordinator, OtherSession()) is False


def test_has_role_platform_wide_holds_everywhere(cora, scope_a, scope_b):
    assert is_coordinator.test(cora) is True
    assert is_coordinator.test(cora, scope_a) is True
    assert is_coordinator.test(cora, scope_b) is True


def test_platform_admin_passes_every_role_predicate_but_expert(ada, scope_a):
    assert is_platform_admin.test(ada) is True
    assert is_coordinator.test(ada, scope_a) is True
    assert is_moderator.test(ada) is True
    assert is_facilitator.test(ada) is True
    assert is_reviewer.test(ada) is True
    # Being an expert is a matter of expertise, not of power.
    assert is_expert.test(ada) is False


@pytest.mark.parametrize(
    ("person", "predicate"),
    [
        ("mona", is_moderator),
        ("cora", is_coordinator),
        ("fay", is_facilitator),
        ("rey", is_reviewer),
        ("ezra", is_expert),
    ],
)
def test_each_role_holder_passes_their_own_predicate(person, predicate, request, scope_a):
    user = request.getfixturevalue(person)
    assert predicate.test(user) is True
    assert predicate.test(user, scope_a) is True


@pytest.mark.parametrize(
    ("person", "predicate"),
    [
        ("alice", is_moderator),
        ("alice", is_coordinator),
        ("mona", is_coordinator),
        ("cora", is_moderator),
        ("fay", is_reviewer),
        ("rey", is_facilitator),
        ("ezra", is_coordinator),
        ("cora", is_platform_admin),
    ],
)
def test_role_holders_do_not_pass_other_roles(person, predicate, request):
    assert predicate.test(request.getfixturevalue(person)) is False


@pytest.mark.parametrize(
    "predicate",
    [is_signed_in, is_platform_admin, is_moderator, is_coordinator, is_facilitator,
     is_reviewer, is_expert],
)  # fmt: skip
def test_anonymous_passes_no_predicate(predicate, scope_a):
    assert predicate.test(AnonymousUser()) is False
    assert predicate.test(AnonymousUser(), scope_a) is False


def test_inactive_role_holder_passes_nothing(cora, ada, scope_a):
    for person in (cora, ada):
        person.is_active = False
        person.save()
        person = fresh(person)
        assert is_coordinator.test(person, scope_a) is False
        assert is_platform_admin.test(person) is False


def test_revoked_role_no_longer_holds(cora):
    assert is_coordinator.test(cora) is True
    revoke_role(cora, Role.COORDINATOR)
    assert is_coordinator.test(cora) is False


def test_revoking_a_scoped_role_leaves_other_scopes(scoped_coordinator, scope_a, scope_b):
    assign_role(scoped_coordinator, Role.COORDINATOR, scope=scope_b)
    revoke_role(scoped_coordinator, Role.COORDINATOR, scope=scope_a)
    person = fresh(scoped_coordinator)
    assert is_coordinator.test(person, scope_a) is False
    assert is_coordinator.test(person, scope_b) is True


def test_assigning_a_role_twice_keeps_one_assignment(alice, scope_a):
    first = assign_role(alice, Role.REVIEWER, scope=scope_a)
    second = assign_role(alice, Role.REVIEWER, scope=scope_a)
    assert first.pk == second.pk
    assert alice.role_assignments.filter(role=Role.REVIEWER).count() == 1


def test_role_predicates_load_roles_once_per_user(
    cora, scope_a, scope_b, django_assert_num_queries
):
    person = fresh(cora)
    with django_assert_num_queries(1):
        for _round in range(3):
            assert is_coordinator.test(person, scope_a) is True
            assert is_moderator.test(person, scope_b) is False


@pytest.mark.parametrize("permission", ACCOUNT_PERMISSIONS)
@pytest.mark.parametrize("person", EVERYONE)
def test_own_account_permissions_are_granted_to_every_signed_in_person(permission, person, request):
    assert request.getfixturevalue(person).has_perm(permission) is True


@pytest.mark.parametrize("permission", ACCOUNT_PERMISSIONS)
def test_own_account_permissions_are_refused_to_anonymous(permission, db):
    assert AnonymousUser().has_perm(permission) is False


@pytest.mark.parametrize("permission", ACCOUNT_PERMISSIONS)
def test_own_account_permissions_are_refused_to_inactive_people(permission, alice):
    alice.is_active = False
    alice.save()
    assert alice.has_perm(permission) is False


@pytest.mark.parametrize("viewer", EVERYONE)
def test_view_profile_of_a_public_profile_is_granted_to_everyone(viewer, request, bob):
    bob.is_public = True
    bob.save()
    assert request.getfixturevalue(viewer).has_perm("accounts.view_profile", bob) is True
    assert AnonymousUser().has_perm("accounts.view_profile", bob) is True


@pytest.mark.parametrize("viewer", ["alice", "mona", "cora", "fay", "rey", "ezra"])
def test_view_profile_of_a_private_profile_is_refused_to_others(viewer, request, bob):
    assert request.getfixturevalue(viewer).has_perm("accounts.view_profile", bob) is False


def test_view_profile_of_a_private_profile_is_refused_to_anonymous(bob):
    assert AnonymousUser().has_perm("accounts.view_profile", bob) is False


def test_view_profile_of_a_private_profile_is_granted_to_its_owner(bob):
    assert bob.has_perm("accounts.view_profile", bob) is True


def test_view_profile_of_a_private_profile_is_granted_to_a_platform_admin(ada, bob):
    assert ada.has_perm("accounts.view_profile", bob) is True


def test_view_profile_of_an_erased_public_profile_is_refused_to_others(alice, bob):
    from django.utils import timezone

    bob.is_public = True
    bob.erased_at = timezone.now()
    bob.save()
    assert alice.has_perm("accounts.view_profile", bob) is False
    assert AnonymousUser().has_perm("accounts.view_profile", bob) is False
