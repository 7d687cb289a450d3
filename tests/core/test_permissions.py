"""The views' permission decorators: visitors asked to log in, the signed-in without the right
refused, the allowed let in; a view's object looked up once and handed to the view."""

import pytest
import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.test import RequestFactory

from atelier.accounts.models import RoleAssignment
from atelier.accounts.roles import Role
from atelier.core.permissions import object_permission, permission_required
from tests.queries import queries_of

User = get_user_model()


@pytest.fixture(autouse=True)
def test_rules():
    rules.add_perm("core_tests.see_person", rules.predicate(lambda user, person: user == person))
    rules.add_perm("core_tests.sign_in", rules.is_authenticated)
    yield
    rules.remove_perm("core_tests.see_person")
    rules.remove_perm("core_tests.sign_in")


def person_by_pk(request, pk):
    return get_object_or_404(User, pk=pk)


@object_permission("core_tests.see_person", person_by_pk)
def person_page(request, person, tab):
    return HttpResponse(f"{person.email} {tab}")


@object_permission("core_tests.see_person", person_by_pk, login=False)
def private_person_page(request, person):
    return HttpResponse(person.email)


def role_by_pk(request, pk):
    return get_object_or_404(RoleAssignment.objects.select_related("user"), pk=pk)


@object_permission("core_tests.see_person", role_by_pk, of=lambda role: role.user)
def role_page(request, role):
    return HttpResponse(role.role)


@permission_required("core_tests.sign_in")
def signed_in_page(request):
    return HttpResponse("in")


def _request(user, path="/people/1/?tab=x"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


def test_object_permission_hands_the_object_and_the_other_arguments_to_the_view(alice):
    response = person_page(_request(alice), pk=alice.pk, tab="notes")
    assert response.content.decode() == "alice@example.org notes"


def test_object_permission_looks_the_object_up_once(alice):
    def visit():
        return person_page(_request(alice), pk=alice.pk, tab="notes")

    assert queries_of(visit) == 1


def test_object_permission_sends_a_visitor_to_log_in(alice):
    response = person_page(_request(None), pk=alice.pk, tab="notes")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/people/1/%3Ftab%3Dx"


def test_object_permission_refuses_the_signed_in_without_the_right(alice, bob):
    with pytest.raises(PermissionDenied):
        person_page(_request(bob), pk=alice.pk, tab="notes")


def test_object_permission_without_login_refuses_visitors_too(alice):
    with pytest.raises(PermissionDenied):
        private_person_page(_request(None), pk=alice.pk)
    assert private_person_page(_request(alice), pk=alice.pk).status_code == 200


def test_object_permission_answers_not_found_for_a_missing_object(alice):
    with pytest.raises(Http404):
        person_page(_request(alice), pk=alice.pk + 1000, tab="notes")


def test_object_permission_checks_the_rule_against_what_of_gives(alice, bob):
    role = RoleAssignment.objects.create(user=alice, role=Role.EXPERT)
    assert role_page(_request(alice), pk=role.pk).content == Role.EXPERT.encode()
    with pytest.raises(PermissionDenied):
        role_page(_request(bob), pk=role.pk)


def test_permission_required_sends_a_visitor_to_log_in_and_lets_the_signed_in_in(alice):
    response = signed_in_page(_request(None, "/in/"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/in/"
    assert signed_in_page(_request(alice, "/in/")).content == b"in"


def test_permission_required_refuses_the_signed_in_without_the_right(alice):
    @permission_required("core_tests.see_person")
    def page(request):
        return HttpResponse("never")

    with pytest.raises(PermissionDenied):
        page(_request(alice))
