"""Who may do what in the expert pool."""

import rules

from atelier.accounts.rules import is_coordinator, is_expert


@rules.predicate
def owns_profile(user, profile):
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def has_profile(user):
    return user.is_authenticated and hasattr(user, "expert_profile")


rules.add_perm("experts.browse_experts", rules.always_allow)
# Experts keep a profile: the role comes with an accepted call or from a coordinator; someone
# whose role was withdrawn can still correct or unlist the profile they have.
rules.add_perm("experts.edit_own_profile", is_expert | has_profile)
# Everything an expert wrote, hidden fields and unlisted profiles included, and the CV:
# the expert and the coordinators who pick experts, no one else.
rules.add_perm("experts.view_full_profile", owns_profile | is_coordinator)
rules.add_perm("experts.download_cv", owns_profile | is_coordinator)

from . import rules_support  # noqa: E402, F401  (support requests, missions, consultations)
