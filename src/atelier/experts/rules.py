"""Who may do what in the expert pool."""

import rules

from atelier.accounts.rules import is_coordinator, is_expert


@rules.predicate
def owns_profile(user, profile):
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def coordinates_experts_programme(user, profile):
    """The expert applied to a call, or has a mission, in a programme the person coordinates:
    its coordinators choose and follow experts as platform coordinators do."""
    if profile is None or not user.is_authenticated:
        return False
    from atelier.calls import queries as call_queries
    from atelier.programmes import queries as programme_queries

    programme_ids = programme_queries.coordinated_programme_ids(user)
    if not programme_ids:
        return False
    if profile.missions.filter(support_request__programme_id__in=programme_ids).exists():
        return True
    return call_queries.applied_in_programmes(profile.user_id, programme_ids)


@rules.predicate
def has_profile(user):
    return user.is_authenticated and hasattr(user, "expert_profile")


rules.add_perm("experts.browse_experts", rules.always_allow)
# Experts keep a profile: the role comes with an accepted call or from a coordinator; someone
# whose role was withdrawn can still correct or unlist the profile they have.
rules.add_perm("experts.edit_own_profile", is_expert | has_profile)
# Everything an expert wrote, hidden fields and unlisted profiles included, and the CV:
# the expert and the coordinators who pick experts, no one else.
rules.add_perm(
    "experts.view_full_profile", owns_profile | is_coordinator | coordinates_experts_programme
)
rules.add_perm("experts.download_cv", owns_profile | is_coordinator | coordinates_experts_programme)

from . import rules_support  # noqa: E402, F401  (support requests, missions, consultations)
