"""The write path of programmes, a module per sub-domain; the verbs callers use are here."""

from .community import accept_member, join_community, leave_community
from .imports import confirm_import, execute_import, execute_preview, preview_import
from .partners import (
    add_new_organisation_as_partner,
    add_partner,
    move_partner,
    remove_partner,
    update_partner,
)
from .programmes import (
    allow_programme_creation,
    create_programme,
    end_programme,
    reopen_programme,
    update_programme,
    withdraw_programme_creation,
)
from .team import (
    TEAM_ROLES,
    accept_invitation,
    accept_pending_invitations,
    assign_team_role,
    invitation_from_token,
    invitation_url,
    invite,
    revoke_team_role,
    withdraw_invitation,
)

__all__ = [
    "TEAM_ROLES",
    "accept_invitation",
    "accept_member",
    "accept_pending_invitations",
    "add_new_organisation_as_partner",
    "add_partner",
    "allow_programme_creation",
    "assign_team_role",
    "confirm_import",
    "create_programme",
    "end_programme",
    "execute_import",
    "execute_preview",
    "invitation_from_token",
    "invitation_url",
    "invite",
    "join_community",
    "leave_community",
    "move_partner",
    "preview_import",
    "remove_partner",
    "reopen_programme",
    "revoke_team_role",
    "update_partner",
    "update_programme",
    "withdraw_invitation",
    "withdraw_programme_creation",
]
