"""What plans add to other apps: a tab on the programme page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register():
    from atelier.accounts.services import register_exporter
    from atelier.programmes.queries import register_tab

    register_tab("plans", _("Action plans"), _programme_plans_url)
    register_exporter("action_plans", _export_plans)

    from atelier.core.search_registry import register as register_search

    register_search(_search_source())


def _export_plans(user):
    """The plans a person manages, the actions they own and the updates they wrote."""
    from .models import Action, Plan, ProgressUpdate

    return {
        "manages": [plan.slug for plan in Plan.objects.filter(managers=user)],
        "owns_actions": [
            {"plan": action.goal.plan.slug, "action": action.title.to_json()}
            for action in Action.objects.filter(owners=user).select_related("goal__plan")
        ],
        "progress_updates": [
            {
                "action": update.action.title.to_json(),
                "date": update.date.isoformat(),
                "progress": update.progress,
                "comment": update.comment,
            }
            for update in ProgressUpdate.objects.filter(author=user).select_related("action")
        ],
    }


def _programme_plans_url(programme):
    return f"{reverse('plans:list')}?programme={programme.slug}"


def _search_source():
    from django.contrib.auth.models import AnonymousUser

    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import Plan

    def document(plan):
        return Document(
            title=plan.title,
            summary=plan.description,
            keywords=plan.place,
            url=plan.get_absolute_url(),
            details=[plan.place] if plan.place else [],
        )

    return Source(
        kind="plan",
        label=_("Action plans"),
        model=Plan,
        public=lambda: queries.visible_plans(AnonymousUser()),
        document=document,
    )
