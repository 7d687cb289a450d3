"""Pages of the library: moderation queue and review, a resource's history, my contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..models import ModerationEvent, Resource, Status
from ..moderation_forms import DECISION_FORMS, WithdrawForm

PER_PAGE = 20

SUBMISSIONS = (ModerationEvent.Action.SUBMITTED, ModerationEvent.Action.RESUBMITTED)
DECISIONS = (
    ModerationEvent.Action.APPROVED,
    ModerationEvent.Action.CHANGES_REQUESTED,
    ModerationEvent.Action.REJECTED,
)


def _latest_event(actions, field):
    return Subquery(
        ModerationEvent.objects.filter(resource=OuterRef("pk"), action__in=actions)
        .order_by("-created", "-pk")
        .values(field)[:1]
    )


def _resource(request, pk):
    return get_object_or_404(
        Resource.objects.select_related("programme", "contributor", "podcast"), pk=pk
    )


def _history(resource):
    return resource.history.select_related("actor").order_by("created", "pk")


@require_GET
@login_required
@permission_required("library.view_moderation_queue", login=False)
def moderation_queue(request):
    queue = (
        queries.moderation_queue(request.user)
        .annotate(submitted_at=_latest_event(SUBMISSIONS, "created"))
        .order_by("submitted_at", "pk")
    )
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/moderation_queue.html",
        {"page": page, "resources": page.object_list},
    )


def _decision_forms(data=None, decision=None):
    return {
        name: form_class(data if name == decision else None)
        for name, form_class in DECISION_FORMS.items()
    }


VERBS = {
    "approve": services.approve,
    "changes": services.request_changes,
    "reject": services.reject,
}
DONE = {
    "approve": lambda: _("The resource is published and its contributor has been told."),
    "changes": lambda: _("The contributor has been asked for changes."),
    "reject": lambda: _("The resource has been rejected and its contributor has been told."),
}


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.view_history", _resource, login=False)
def review(request, resource):
    if not request.user.has_perm("library.moderate_resource", resource):
        if resource.status != Status.SUBMITTED:
            messages.info(request, _("This resource is not waiting for a decision any more."))
            return redirect("library:history", pk=resource.pk)
        raise PermissionDenied
    decision = request.POST.get("decision") if request.method == "POST" else None
    if request.method == "POST" and decision not in VERBS:
        messages.error(request, _("Choose a decision."))
        return redirect("library:review", pk=resource.pk)
    forms = _decision_forms(request.POST, decision)
    form = forms.get(decision)
    if form is not None and form.is_valid():
        try:
            VERBS[decision](request.user, resource, form.cleaned_data["message"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for message in error.message_dict.get("message", error.messages):
                    form.add_error("message", message)
            else:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("library:moderation")
        else:
            messages.success(request, DONE[decision]())
            return redirect("library:moderation")
    return render(
        request,
        "library/moderation_review.html",
        {
            "resource": resource,
            "body": resource.body.for_reader().text,
            "authors": resource.authors.select_related("organisation", "person"),
            "files": resource.files.order_by("position", "pk"),
            "themes": resource.themes.all(),
            "sectors": resource.sectors.all(),
            "history": _history(resource),
            "forms": forms,
            "approve_form": forms["approve"],
            "changes_form": forms["changes"],
            "reject_form": forms["reject"],
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_GET
@login_required
@object_permission("library.view_history", _resource, login=False)
def history(request, resource):
    return render(
        request,
        "library/history.html",
        {
            "resource": resource,
            "history": _history(resource),
            "is_contributor": resource.contributor_id == request.user.pk,
            "can_decide": request.user.has_perm("library.moderate_resource", resource),
            "can_edit": request.user.has_perm("library.change_resource", resource),
            "can_withdraw": resource.status != Status.WITHDRAWN
            and request.user.has_perm("library.withdraw_resource", resource),
        },
    )


@require_GET
@login_required
@permission_required("library.view_own_contributions", login=False)
def my_contributions(request):
    contributions = queries.contributions_of(request.user).annotate(
        last_decision=_latest_event(DECISIONS, "action"),
        last_message=_latest_event(DECISIONS, "message"),
        last_decided=_latest_event(DECISIONS, "created"),
    )
    page = Paginator(contributions, PER_PAGE).get_page(request.GET.get("page"))
    resources = list(page.object_list)
    labels = dict(ModerationEvent.Action.choices)
    for resource in resources:
        resource.last_decision_label = labels.get(resource.last_decision, "")
    return render(
        request,
        "library/my_contributions.html",
        {"page": page, "resources": resources},
    )


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.withdraw_resource", _resource, login=False)
def withdraw(request, resource):
    """Take a resource out of the library, after a confirmation; harvesters see it deleted."""
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if resource.status == Status.WITHDRAWN:
        messages.info(request, _("This resource is already withdrawn."))
        return redirect("library:history", pk=resource.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(request.user, resource, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource is withdrawn from the library."))
            return redirect("library:history", pk=resource.pk)
    return render(request, "library/withdraw.html", {"resource": resource, "form": form})
