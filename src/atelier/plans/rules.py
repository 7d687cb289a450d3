"""Who may do what with action plans.

Editors of a plan are the coordinators of its programme (platform-wide coordinators when it has
none) and the people named as its managers. Owners of an action post its progress updates.
Everyone reads public plans; members-only plans are for signed-in members; drafts for editors.
"""

import rules

from atelier.accounts.roles import Role
from atelier.accounts.rules import is_coordinator, is_platform_admin, is_signed_in, role_keys


@rules.predicate
def is_plan_manager(user, plan):
    if plan is None or plan.pk is None or not user.is_authenticated:
        return False
    cache = getattr(plan, "_manager_ids", None)
    if cache is None:
        cache = set(plan.managers.values_list("pk", flat=True))
        plan._manager_ids = cache
    return user.pk in cache


edits_plan = is_coordinator | is_plan_manager


@rules.predicate
def is_published(user, plan):
    return plan is not None and plan.status != "draft"


@rules.predicate
def is_public(user, plan):
    return plan is not None and plan.visibility == "public"


@rules.predicate
def coordinates_anything(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return any(role == Role.COORDINATOR for role, _type, _id in role_keys(user))


can_view_plan = (is_published & (is_public | is_signed_in)) | edits_plan


@rules.predicate
def edits_actions_plan(user, action):
    return action is not None and edits_plan.test(user, action.goal.plan)


@rules.predicate
def views_actions_plan(user, action):
    return action is not None and can_view_plan.test(user, action.goal.plan)


@rules.predicate
def owns_action(user, action):
    if action is None or not user.is_authenticated or not user.is_active:
        return False
    cache = getattr(action, "_owner_ids", None)
    if cache is None:
        cache = set(action.owners.values_list("pk", flat=True))
        action._owner_ids = cache
    return user.pk in cache


rules.add_perm("plans.browse_plans", rules.always_allow)
rules.add_perm("plans.view_plan", can_view_plan)
rules.add_perm("plans.add_plan", coordinates_anything | is_platform_admin)
rules.add_perm("plans.change_plan", edits_plan)
rules.add_perm("plans.view_action", views_actions_plan | owns_action)
rules.add_perm("plans.change_action", edits_actions_plan)
rules.add_perm("plans.post_progress", edits_actions_plan | owns_action)
