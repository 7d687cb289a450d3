"""The read path of action plans: which plans a person may see, and a plan's tracking data."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from atelier.accounts.roles import Role
from atelier.accounts.rules import is_platform_admin, role_keys

from .models import Action, Goal, Indicator, Plan, ProgressUpdate


def _coordination(user):
    """(platform-wide coordinator?, ids of coordinated programmes)."""
    from django.contrib.contenttypes.models import ContentType

    from atelier.programmes.models import Programme

    if not user.is_authenticated or not user.is_active:
        return False, set()
    if is_platform_admin.test(user):
        return True, set()
    keys = role_keys(user)
    if (Role.COORDINATOR, None, None) in keys:
        return True, set()
    programme_type = ContentType.objects.get_for_model(Programme).pk
    ids = {i for role, t, i in keys if role == Role.COORDINATOR and t == programme_type}
    return False, ids


def visible_plans(user):
    """Plans ``user`` may read, matching the ``plans.view_plan`` rule."""
    plans = Plan.objects.all()
    if not user.is_authenticated or not user.is_active:
        return plans.filter(visibility=Plan.Visibility.PUBLIC).exclude(status=Plan.Status.DRAFT)
    platform, programme_ids = _coordination(user)
    if platform:
        return plans
    editable = Q(programme_id__in=programme_ids) | Q(pk__in=user.managed_plans.values("pk"))
    return plans.filter(~Q(status=Plan.Status.DRAFT) | editable)


def plan_list(user, programme=""):
    plans = visible_plans(user)
    if programme:
        plans = plans.filter(programme__slug=programme)
    return (
        plans.select_related("programme", "organisation")
        .annotate(action_count=Count("goals__actions", distinct=True))
        .order_by("-status", "-updated_at", "pk")
    )


def overall_progress(actions):
    """The mean progress of the actions, each weighing the same; cancelled ones do not count.

    Equal weights keep the figure readable (no budget or effort is known for most actions);
    a cancelled action will never progress, so counting it would hold the plan back forever.
    None when no action counts.
    """
    values = [a.progress for a in actions if a.status != "cancelled"]
    if not values:
        return None
    return round(sum(values) / len(values))


def plan_detail():
    return Plan.objects.select_related("programme", "organisation")


def tracking(plan):
    """Goals with their actions (owners, partners), indicators and the update timeline."""
    actions = Action.objects.prefetch_related("owners", "partners").order_by("position", "pk")
    goals = list(
        Goal.objects.filter(plan=plan)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("position", "pk")
    )
    all_actions = []
    for goal in goals:
        goal.action_list = list(goal.actions.all())
        goal.overall = overall_progress(goal.action_list)
        all_actions.extend(goal.action_list)
    indicators = list(
        Indicator.objects.filter(plan=plan).select_related("goal").order_by("position", "pk")
    )
    timeline = (
        ProgressUpdate.objects.filter(action__goal__plan=plan)
        .select_related("action", "author")
        .order_by("-date", "-pk")
    )
    return {
        "goals": goals,
        "actions": all_actions,
        "overall": overall_progress(all_actions),
        "indicators": indicators,
        "timeline": timeline,
    }


def action_detail():
    return Action.objects.select_related("goal__plan__programme", "goal__plan__organisation")


def action_updates(action):
    return action.updates.select_related("author").order_by("-date", "-pk")


def indicator_history(indicator):
    return indicator.measurements.select_related("recorded_by").order_by("-measured_on", "-pk")


def json_ld(plan, url):
    """schema.org description of the plan for search engines, as a JSON-safe dict."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": plan.title.text,
        "inLanguage": plan.title.language,
        "url": url,
        "dateModified": plan.updated_at.isoformat(),
        "genre": "action plan",
    }
    if plan.description:
        data["description"] = plan.description.text
    if plan.starts_on or plan.ends_on:
        start = plan.starts_on.isoformat() if plan.starts_on else ".."
        end = plan.ends_on.isoformat() if plan.ends_on else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    if plan.owner_name:
        data["author"] = {"@type": "Organization", "name": plan.owner_name}
    if plan.programme_id:
        data["isPartOf"] = {
            "@type": "Project",
            "name": plan.programme.title.text,
            "url": plan.programme.get_absolute_url(),
        }
    return data


def editable_plans(user):
    """Plans ``user`` may edit (the ``plans.change_plan`` rule) that are not closed."""
    platform, programme_ids = _coordination(user)
    plans = Plan.objects.exclude(status=Plan.Status.CLOSED)
    if platform:
        return plans
    if not user.is_authenticated or not user.is_active:
        return plans.none()
    return plans.filter(Q(programme_id__in=programme_ids) | Q(managers=user)).distinct()


def editable_goals(user):
    """The goals of the plans ``user`` may edit, by plan, for choosing where an action goes."""
    return (
        Goal.objects.filter(plan__in=editable_plans(user).values("pk"))
        .select_related("plan")
        .order_by("plan__slug", "position", "pk")
    )


# Other apps say where an action came from (labs: "comes from the lab theme ..."). A provider
# takes the actions and the reader and answers ``{action id: ActionOrigin}`` in a fixed number
# of queries; plans never imports the apps that feed it.
@dataclass
class ActionOrigin:
    template: str  # renders ``origin`` on the plan's and the action's page
    context: dict = field(default_factory=dict)


_ORIGIN_PROVIDERS = []


def register_action_origins(provider):
    if provider not in _ORIGIN_PROVIDERS:
        _ORIGIN_PROVIDERS.append(provider)


def action_origins(actions, user):
    """Sets ``origin`` (an ``ActionOrigin`` or None) on each action; returns the actions."""
    actions = list(actions)
    found = {}
    if actions:
        for provider in _ORIGIN_PROVIDERS:
            found.update(provider(actions, user))
    for action in actions:
        action.origin = found.get(action.pk)
    return actions


def plan_actions(slug):
    """The actions of the plan with this address name, with their goals."""
    return Action.objects.filter(goal__plan__slug=slug).select_related("goal__plan")
