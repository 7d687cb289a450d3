import rules

from atelier.accounts.rules import is_signed_in

rules.add_perm("notifications.view_own", is_signed_in)
