"""Pages of support requests and missions: file a request, pick experts, follow a mission."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.accounts.rules import is_coordinator
from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from .. import queries
from ..forms_support import (
    AnswerMissionForm,
    AssignForm,
    DeliverForm,
    EvaluateForm,
    PublishOutputForm,
    SupportRequestForm,
)
from ..models import Mission, MissionOutput, SupportRequest
from ..services import matching, support

PER_PAGE = 20
RANKED = 20


def _support_request(request, pk):
    return get_object_or_404(SupportRequest.objects.select_related("requester", "programme"), pk=pk)


def _mission(request, pk):
    return get_object_or_404(
        Mission.objects.select_related(
            "support_request__requester", "support_request__programme", "expert__user"
        ),
        pk=pk,
    )


def _coordinated_programmes(user):
    from django.contrib.contenttypes.models import ContentType

    from atelier.accounts.roles import Role
    from atelier.programmes.models import Programme

    return user.role_assignments.filter(
        role=Role.COORDINATOR, scope_type=ContentType.objects.get_for_model(Programme)
    ).values("scope_id")


@require_GET
@permission_required("experts.list_support_requests")
def request_list(request):
    # One's own requests; platform coordinators see every request, a programme's coordinators
    # also those of their programmes.
    everyone = is_coordinator.test(request.user)
    requests = SupportRequest.objects.select_related("requester", "programme")
    if not everyone:
        requests = requests.filter(
            Q(requester=request.user) | Q(programme_id__in=_coordinated_programmes(request.user))
        )
    status = request.GET.get("status", "")
    if status in SupportRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "experts/support_list.html",
        {
            "page": page,
            "requests": page.object_list,
            "everyone": everyone,
            "statuses": SupportRequest.Status.choices,
            "status": status,
            "query": f"status={status}" if status else "",
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("experts.file_support_request")
def request_new(request):
    form = SupportRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            support_request = support.create_request(request.user, fields=form.fields_for_service())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your support request has been sent to the coordinators."))
            return redirect("experts:support-detail", support_request.pk)
    return render(request, "experts/support_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@object_permission("experts.change_support_request", _support_request)
def request_edit(request, support_request):
    form = SupportRequestForm(request.POST or None, instance=support_request, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            support.update_request(request.user, support_request, fields=form.fields_for_service())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The support request has been saved."))
            return redirect("experts:support-detail", support_request.pk)
    return render(
        request, "experts/support_form.html", {"form": form, "support_request": support_request}
    )


@require_http_methods(["GET", "POST"])
@object_permission("experts.change_support_request", _support_request)
def request_close(request, support_request):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Close the support request?"),
            message=_("No more experts can be proposed for it. Missions already under way go on."),
            button=_("Close the request"),
            cancel_url=reverse("experts:support-detail", args=[support_request.pk]),
        )
    try:
        support.close_request(request.user, support_request)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The support request is closed."))
    return redirect("experts:support-detail", support_request.pk)


@require_http_methods(["GET", "POST"])
@object_permission("experts.view_support_request", _support_request)
def request_detail(request, support_request):
    missions = list(support_request.missions.select_related("expert__user"))
    can_assign = request.user.has_perm("experts.assign_experts", support_request)
    matches, form = [], None
    if can_assign and support_request.status != SupportRequest.Status.CLOSED:
        taken = {mission.expert_id for mission in missions}
        matches = [
            match
            for match in matching.rank_experts(support_request, limit=RANKED + len(taken))
            if match.expert.pk not in taken
        ][:RANKED]
        form = AssignForm(request.POST or None, matches=matches)
        if request.method == "POST" and form.is_valid():
            try:
                support.assign_experts(
                    request.user, support_request, [int(pk) for pk in form.cleaned_data["experts"]]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The experts have been asked to accept the mission."))
                return redirect("experts:support-detail", support_request.pk)
    elif request.method == "POST":
        if can_assign:
            messages.error(request, _("This request is closed: no more experts can be proposed."))
            return redirect("experts:support-detail", support_request.pk)
        return render(request, "403.html", status=403)
    return render(
        request,
        "experts/support_detail.html",
        {
            "support_request": support_request,
            "missions": missions,
            "matches": matches,
            "form": form,
            "can_edit": request.user.has_perm("experts.change_support_request", support_request),
        },
    )


@require_GET
@permission_required("experts.list_missions")
def mission_list(request):
    # Missions one works on as an expert, those on one's own requests, and a coordinator's
    # those of their programmes (all of them for platform coordinators).
    status = request.GET.get("status", "")
    if status not in Mission.Status.values:
        status = ""
    missions = queries.missions_for(request.user, status=status)
    page = Paginator(missions, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "experts/mission_list.html",
        {
            "page": page,
            "missions": page.object_list,
            "statuses": Mission.Status.choices,
            "status": status,
            "coordinates": is_coordinator.test(request.user)
            or bool(_coordinated_programme_ids(request.user)),
            "query": f"status={status}" if status else "",
        },
    )


def _coordinated_programme_ids(user):
    from atelier.programmes import queries as programme_queries

    return programme_queries.coordinated_programme_ids(user)


@require_http_methods(["GET", "POST"])
@object_permission("experts.cancel_mission", _mission)
def mission_cancel(request, mission):
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Cancel the mission of %(name)s?")
            % {"name": mission.expert.user.display_name_or_fallback},
            message=_(
                "The mission stops: %(name)s and the requester are told. If no other expert "
                "is on the request, it is open again for you to propose another."
            )
            % {"name": mission.expert.user.display_name_or_fallback},
            button=_("Cancel the mission"),
            cancel_url=reverse("experts:mission-detail", args=[mission.pk]),
        )
    try:
        support.cancel_mission(request.user, mission)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The mission is cancelled."))
    return redirect("experts:mission-detail", mission.pk)


MISSION_ACTIONS = ("answer", "start", "deliver", "evaluate")


@require_http_methods(["GET", "POST"])
@object_permission("experts.view_mission", _mission)
def mission_detail(request, mission):
    user = request.user
    forms = {
        "answer": AnswerMissionForm(prefix="answer"),
        "deliver": DeliverForm(prefix="deliver"),
        "evaluate": EvaluateForm(prefix="evaluate"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in MISSION_ACTIONS:
            messages.error(request, _("That step is not known."))
            return redirect("experts:mission-detail", mission.pk)
        perm = {
            "answer": "experts.answer_mission",
            "start": "experts.work_on_mission",
            "deliver": "experts.work_on_mission",
            "evaluate": "experts.evaluate_mission",
        }[action]
        if not user.has_perm(perm, mission):
            return render(request, "403.html", status=403)
        form = None
        if action in forms:
            form = forms[action] = type(forms[action])(request.POST, prefix=action)
        if form is None or form.is_valid():
            try:
                if action == "answer":
                    support.answer_mission(
                        user,
                        mission,
                        accept=form.cleaned_data["decision"] == "accept",
                        message=form.cleaned_data["message"],
                    )
                elif action == "start":
                    support.start_mission(user, mission)
                elif action == "deliver":
                    support.deliver_mission(
                        user, mission, deliverables=form.cleaned_data["deliverables"]
                    )
                else:
                    support.evaluate_mission(
                        user,
                        mission,
                        feedback=form.cleaned_data["feedback"],
                        rating=form.cleaned_data["rating"],
                    )
            except ValidationError as error:
                if form is None:
                    for text in error.messages:
                        messages.error(request, text)
                    return redirect("experts:mission-detail", mission.pk)
                add_service_error(form, error)
            else:
                messages.success(request, _("The mission has been updated."))
                return redirect("experts:mission-detail", mission.pk)
    outputs = [
        link.resource
        for link in MissionOutput.objects.filter(mission=mission).select_related("resource")
    ]
    status = Mission.Status
    is_expert = user.has_perm("experts.answer_mission", mission)
    return render(
        request,
        "experts/mission_detail.html",
        {
            "mission": mission,
            "support_request": mission.support_request,
            "outputs": outputs,
            "forms": forms,
            "may_answer": is_expert and mission.status == status.PROPOSED,
            "may_start": is_expert and mission.status == status.ACCEPTED,
            "may_deliver": is_expert and mission.status in (status.ACCEPTED, status.IN_PROGRESS),
            "may_evaluate": user.has_perm("experts.evaluate_mission", mission)
            and mission.status == status.DELIVERED,
            "may_publish": user.has_perm("experts.publish_mission_output", mission)
            and mission.status in (status.DELIVERED, status.EVALUATED),
            "may_cancel": user.has_perm("experts.cancel_mission", mission)
            and mission.status in support.CANCELLABLE,
            "may_see_request": user.has_perm(
                "experts.view_support_request", mission.support_request
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("experts.publish_mission_output", _mission)
def mission_publish(request, mission):
    form = PublishOutputForm(request.POST or None, request.FILES or None)
    if mission.status not in (Mission.Status.DELIVERED, Mission.Status.EVALUATED):
        messages.error(request, _("Only a delivered mission has an output to publish."))
        return redirect("experts:mission-detail", mission.pk)
    if request.method == "POST" and form.is_valid():
        try:
            resource = support.publish_output(
                request.user,
                mission,
                fields=form.fields_for_service(),
                uploads=[form.cleaned_data["file"]],
            )
        except ValidationError as error:
            add_service_error(form, error, fields={"files": "file"})
        else:
            if resource.status == "published":
                messages.success(request, _("The output is published in the library."))
            else:
                messages.success(
                    request, _("The output has been sent to the library's moderators.")
                )
            return redirect("experts:mission-detail", mission.pk)
    return render(request, "experts/mission_publish.html", {"mission": mission, "form": form})
