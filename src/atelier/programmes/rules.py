"""Who may do what with programmes: coordinators run them, members join their community."""

import rules

from atelier.accounts.rules import is_coordinator, is_platform_admin, is_signed_in


@rules.predicate
def community_is_open_or_on_request(user, programme):
    return programme is not None and programme.community_access in ("open", "request")


rules.add_perm("programmes.view_programme", rules.always_allow)
rules.add_perm("programmes.change_programme", is_coordinator)
rules.add_perm("programmes.manage_team", is_coordinator)
rules.add_perm("programmes.manage_community", is_coordinator)
rules.add_perm("programmes.see_funding_warnings", is_coordinator)
rules.add_perm("programmes.join_community", is_signed_in & community_is_open_or_on_request)
rules.add_perm("programmes.leave_community", is_signed_in)
# Importing the Commission's exports creates programmes: coordinators platform-wide, or admins.
rules.add_perm("programmes.import_projects", is_coordinator | is_platform_admin)
