"""The plans' API router: public action plans, and one plan with goals, actions, indicators."""

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from atelier.core.api import Pagination

from . import queries
from .models import Plan

router = Router(tags=["plans"])


def _text(value):
    return value.text if value else ""


class PlanOut(Schema):
    slug: str
    title: str
    title_language: str
    status: str
    visibility: str
    owner: str
    programme: str | None
    starts_on: date | None
    ends_on: date | None
    url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_owner(obj):
        return obj.owner_name or ""

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug if obj.programme_id else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ActionOut(Schema):
    id: int
    title: str
    description: str
    language: str
    owners: list[str]
    partners: list[str]
    starts_on: date | None
    due_on: date | None
    status: str
    progress: int
    budget: Decimal | None
    funding_source: str
    source_label: str
    source_url: str


class GoalOut(Schema):
    id: int
    title: str
    description: str
    language: str
    progress: int | None
    actions: list[ActionOut]


class IndicatorOut(Schema):
    id: int
    name: str
    goal: int | None
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    current_value: Decimal | None
    measured_on: date | None


class PlanDetailOut(PlanOut):
    description: str
    progress: int | None
    goals: list[GoalOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_description(obj):
        return obj.description.text

    @staticmethod
    def resolve_progress(obj):
        return obj.api_tracking["progress"]

    @staticmethod
    def resolve_goals(obj):
        return obj.api_tracking["goals"]

    @staticmethod
    def resolve_indicators(obj):
        return obj.api_tracking["indicators"]


def _action(action):
    # Owners by display name only: their e-mail addresses are never published.
    owners = [u.display_name_or_fallback for u in action.owners.all()]
    if action.owner_text:
        owners.append(action.owner_text)
    partners = [_text(org.name) for org in action.partners.all()]
    if action.partner_text:
        partners.append(action.partner_text)
    return {
        "id": action.pk,
        "title": action.title.text,
        "description": action.description.text,
        "language": action.title.language,
        "owners": owners,
        "partners": partners,
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "status": action.status,
        "progress": action.progress,
        "budget": action.budget,
        "funding_source": action.funding_source,
        "source_label": action.source_label,
        "source_url": action.source_url,
    }


@router.get("/", response=list[PlanOut], auth=None, summary="List action plans")
@paginate(Pagination, page_size=50)
def list_plans(request):
    """Public: the action plans everyone may read (public and not drafts)."""
    return (
        queries.plan_list(request.user)
        .filter(visibility=Plan.Visibility.PUBLIC)
        .exclude(status=Plan.Status.DRAFT)
    )


@router.get("/{slug}", response=PlanDetailOut, auth=None, summary="One action plan")
def get_plan(request, slug: str):
    """Public: a plan with its goals, actions (status, progress) and indicators. Members-only
    plans answer to signed-in members; drafts to their editors."""
    plan = queries.plan_detail().filter(slug=slug).first()
    if plan is None or not request.user.has_perm("plans.view_plan", plan):
        raise Http404
    data = queries.tracking(plan)
    plan.api_tracking = {
        "progress": data["overall"],
        "goals": [
            {
                "id": goal.pk,
                "title": goal.title.text,
                "description": goal.description.text,
                "language": goal.title.language,
                "progress": goal.overall,
                "actions": [_action(a) for a in goal.action_list],
            }
            for goal in data["goals"]
        ],
        "indicators": [
            {
                "id": i.pk,
                "name": i.name.text,
                "goal": i.goal_id,
                "unit": i.unit,
                "baseline": i.baseline,
                "target": i.target,
                "current_value": i.current_value,
                "measured_on": i.measured_on,
            }
            for i in data["indicators"]
        ],
    }
    return plan
