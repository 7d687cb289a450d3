"""Who may do what with calls: coordinators run them, members apply, reviewers score."""

import rules

from atelier.accounts.roles import Role
from atelier.accounts.rules import is_coordinator, is_platform_admin, is_signed_in, role_keys


@rules.predicate
def coordinates_anything(user):
    """Holds the coordinator role somewhere: platform-wide or within some programme."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(role == Role.COORDINATOR for role, _type, _id in role_keys(user))


@rules.predicate
def reviews_anything(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return any(role == Role.REVIEWER for role, _type, _id in role_keys(user))


@rules.predicate
def is_published(user, call):
    return call is not None and call.status == "published"


@rules.predicate
def runs_applications_call(user, application):
    return application is not None and is_coordinator.test(user, application.call)


@rules.predicate
def is_own_application(user, application):
    return application is not None and user.is_authenticated and application.applicant_id == user.pk


@rules.predicate
def is_submitted(user, application):
    return application is not None and application.is_submitted


@rules.predicate
def is_assigned(user, application):
    if application is None or not user.is_authenticated:
        return False
    return application.assignments.filter(reviewer=user, conflict_declared=False).exists()


@rules.predicate
def is_own_assignment(user, assignment):
    return assignment is not None and user.is_authenticated and assignment.reviewer_id == user.pk


runs_call = is_coordinator

rules.add_perm("calls.browse_calls", rules.always_allow)
rules.add_perm("calls.view_call", is_published | runs_call)
rules.add_perm("calls.add_call", coordinates_anything | is_platform_admin)
rules.add_perm("calls.change_call", runs_call)
rules.add_perm("calls.manage_applications", runs_call)
rules.add_perm("calls.apply", is_signed_in & is_published)
rules.add_perm("calls.view_own_applications", is_signed_in)
# Drafts are their author's alone; submitted applications are read by the call's
# coordinators and the reviewers assigned to them.
rules.add_perm(
    "calls.view_application",
    is_own_application | (is_submitted & (runs_applications_call | is_assigned)),
)
rules.add_perm("calls.change_application", is_own_application)
rules.add_perm("calls.view_own_reviews", is_signed_in)
rules.add_perm("calls.review", is_own_assignment)
rules.add_perm("calls.declare_conflicts", reviews_anything | is_platform_admin)
