"""Who may do what with programmes: coordinators run them (platform-wide, or within their own
programmes), members join their community, and whom a platform admin allows creates them."""

import rules
from django.contrib.contenttypes.models import ContentType

from atelier.accounts.roles import Role
from atelier.accounts.rules import (
    has_role,
    is_coordinator,
    is_platform_admin,
    is_signed_in,
    role_keys,
    role_scope,
)

TEAM_ROLE_NAMES = {Role.COORDINATOR, Role.MODERATOR, Role.FACILITATOR, Role.REVIEWER}


@rules.predicate
def community_is_open_or_on_request(user, programme):
    return programme is not None and programme.community_access in ("open", "request")


def _state(obj):
    """The state of the programme ``obj`` is (or belongs to: a partner, an invitation)."""
    programme = role_scope(obj)
    return getattr(programme, "state", None)


@rules.predicate
def is_draft(user, obj):
    return _state(obj) == "draft"


@rules.predicate
def is_published(user, obj):
    return _state(obj) == "published"


@rules.predicate
def is_ended(user, obj):
    return _state(obj) == "ended"


@rules.predicate
def in_team(user, obj):
    """Holds any role of the programme's team within it."""
    programme = role_scope(obj)
    if programme is None or programme.pk is None or not user.is_authenticated:
        return False
    scope_type = ContentType.objects.get_for_model(programme).pk
    return any(
        role in TEAM_ROLE_NAMES and type_id == scope_type and scope_id == programme.pk
        for role, type_id, scope_id in role_keys(user)
    )


may_create_programmes = is_coordinator | is_platform_admin | has_role(Role.PROGRAMME_CREATOR)
runs_open_programme = is_coordinator & ~is_ended

rules.add_perm("programmes.browse_programmes", rules.always_allow)
# A draft is its team's; published and ended programmes are everyone's.
rules.add_perm("programmes.view_programme", ~is_draft | is_coordinator | in_team)
# Without a programme, ``is_coordinator`` means platform-wide: a coordinator of one programme
# does not create others unless a platform admin allows it.
rules.add_perm("programmes.add_programme", may_create_programmes)
rules.add_perm("programmes.change_programme", runs_open_programme)
rules.add_perm("programmes.view_history", is_coordinator)
rules.add_perm("programmes.manage_partners", runs_open_programme)
rules.add_perm("programmes.view_team", is_coordinator)
rules.add_perm("programmes.manage_team", runs_open_programme)
rules.add_perm("programmes.manage_community", runs_open_programme)
rules.add_perm("programmes.see_funding_warnings", is_coordinator)
rules.add_perm("programmes.end_programme", is_coordinator & is_published)
rules.add_perm("programmes.reopen_programme", is_platform_admin & is_ended)
rules.add_perm("programmes.manage_creators", is_platform_admin)
rules.add_perm(
    "programmes.join_community", is_signed_in & ~is_ended & community_is_open_or_on_request
)
rules.add_perm("programmes.leave_community", is_signed_in)
# An invitation's link is its key: anyone holding it sees what it invites to; accepting it
# needs an account, and the service checks the invited address is confirmed on it.
rules.add_perm("programmes.open_invitation", rules.always_allow)
rules.add_perm("programmes.accept_invitation", is_signed_in & ~is_ended)
# Importing the Commission's exports creates programmes: coordinators platform-wide, or admins.
rules.add_perm("programmes.import_projects", is_coordinator | is_platform_admin)
