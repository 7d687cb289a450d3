"""Who may do what in the library.

Roles held in a resource's programme govern it (``Resource.role_scope``); platform-wide roles
govern everything. Moderators review contributions; coordinators and moderators curate
collections and publish their own items at once.
"""

import rules

from atelier.accounts.roles import Role
from atelier.accounts.rules import is_coordinator, is_moderator, is_platform_admin, is_signed_in

from .models import Status


@rules.predicate
def is_published(user, resource):
    return resource is not None and resource.status == Status.PUBLISHED


@rules.predicate
def is_contributor(user, resource):
    return (
        resource is not None
        and user.is_authenticated
        and resource.contributor_id is not None
        and resource.contributor_id == user.pk
    )


@rules.predicate
def is_editable_by_contributor(user, resource):
    return resource is not None and resource.status in (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.CHANGES_REQUESTED,
        Status.PUBLISHED,
    )


@rules.predicate
def is_waiting_for_review(user, resource):
    return resource is not None and resource.status == Status.SUBMITTED


@rules.predicate
def moderates_somewhere(user):
    """Holds the moderator role platform-wide or in at least one programme."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(role=Role.MODERATOR).exists()


@rules.predicate
def curates_somewhere(user):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role_assignments.filter(role__in=[Role.MODERATOR, Role.COORDINATOR]).exists()


publishes_directly = is_coordinator | is_moderator

rules.add_perm("library.view_library", rules.always_allow)
rules.add_perm(
    "library.view_resource", is_published | is_contributor | is_moderator | is_coordinator
)
rules.add_perm("library.download_file", is_published | is_contributor | is_moderator)
rules.add_perm("library.submit_resource", is_signed_in)
rules.add_perm(
    "library.change_resource",
    (is_signed_in & is_contributor & is_editable_by_contributor) | is_moderator,
)
rules.add_perm("library.withdraw_resource", (is_signed_in & is_contributor) | is_moderator)
rules.add_perm("library.view_history", (is_signed_in & is_contributor) | is_moderator)
rules.add_perm("library.moderate_resource", is_signed_in & is_moderator & is_waiting_for_review)
rules.add_perm("library.view_moderation_queue", moderates_somewhere)
rules.add_perm("library.view_own_contributions", is_signed_in)

rules.add_perm("library.view_collection", rules.always_allow)
rules.add_perm("library.add_collection", curates_somewhere)
rules.add_perm("library.change_collection", is_coordinator | is_moderator)

rules.add_perm("library.view_podcast", rules.always_allow)
rules.add_perm("library.add_podcast", curates_somewhere)
rules.add_perm("library.change_podcast", is_coordinator | is_moderator | is_platform_admin)
