"""Who may do what in the network."""

import rules

from atelier.accounts.rules import is_platform_admin, is_public_profile, is_self, is_signed_in

# Organisations and the directory of people who chose to be listed are public.
rules.add_perm("network.view_organisations", rules.always_allow)
rules.add_perm("network.view_people", rules.always_allow)
rules.add_perm("network.change_organisation", is_platform_admin)
# Only a signed-in member may write to a listed person, and never to themselves.
rules.add_perm("network.contact_person", is_signed_in & is_public_profile & ~is_self)
