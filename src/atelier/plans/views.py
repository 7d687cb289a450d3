"""Pages of action plans: list, public tracking page, action page, editors' forms, CSV."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core import exports
from atelier.core.forms import add_service_error
from atelier.core.imports import Link, outcome_links
from atelier.core.permissions import object_permission, permission_required
from atelier.programmes.models import Programme

from . import queries, services
from .forms import (
    ActionForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    MeasurementForm,
    PlanForm,
    ProgressUpdateForm,
    editable_programmes,
)
from .models import Action, ImportRun, Indicator

PER_PAGE = 20


def _plan(request, slug):
    return get_object_or_404(queries.plan_detail(), slug=slug)


def _action(request, slug, pk):
    return get_object_or_404(queries.action_detail(), pk=pk, goal__plan__slug=slug)


@require_GET
@permission_required("plans.browse_plans")
def plan_list(request):
    programme_slug = request.GET.get("programme", "")[:100]
    programme = Programme.objects.filter(slug=programme_slug).first() if programme_slug else None
    plans = queries.plan_list(request.user, programme=programme_slug)
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "programme": programme,
            "query": f"programme={programme.slug}" if programme else "",
            "plans": page.object_list,
            "can_add": request.user.has_perm("plans.add_plan"),
        },
    )


@require_GET
@object_permission("plans.view_plan", _plan)
def plan_detail(request, plan):
    data = queries.tracking(plan)
    queries.action_origins(data["actions"], request.user)
    timeline = Paginator(data["timeline"], PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            **data,
            "page": timeline,
            "can_edit": request.user.has_perm("plans.change_plan", plan),
            "json_ld": queries.json_ld(plan, request.build_absolute_uri(plan.get_absolute_url())),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("plans.add_plan")
def plan_create(request):
    programmes = editable_programmes(request.user)
    form = PlanForm(request.POST or None, programmes=programmes, user=request.user)
    platform, _ids = queries._coordination(request.user)
    form.fields["programme"].required = not platform
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                request.user,
                managers=[request.user, *form.cleaned_data["manager_emails"]],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The plan is saved. Now add its goals."))
            return redirect("plans:edit", plan.slug)
    return render(request, "plans/form.html", {"form": form, "heading": _("A new action plan")})


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def plan_edit(request, plan):
    programmes = editable_programmes(request.user) | Programme.objects.filter(pk=plan.programme_id)
    form = PlanForm(request.POST or None, instance=plan, programmes=programmes, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.update_plan(
                request.user,
                plan,
                managers=form.cleaned_data["manager_emails"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("plans:edit", plan.slug)
    data = queries.tracking(plan)
    return render(
        request,
        "plans/plan_edit.html",
        {"form": form, "plan": plan, "goals": data["goals"], "indicators": data["indicators"]},
    )


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def goal_form(request, plan, pk=None):
    goal = get_object_or_404(plan.goals, pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        values = form.multilingual_values(form.instance)
        try:
            if goal is None:
                services.add_goal(
                    request.user, plan, position=form.cleaned_data["position"], **values
                )
            else:
                services.update_goal(
                    request.user, goal, position=form.cleaned_data["position"], **values
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect("plans:edit", plan.slug)
    heading = _("Edit the goal") if goal else _("A new goal")
    return render(request, "plans/form.html", {"form": form, "plan": plan, "heading": heading})


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def action_create(request, plan):
    form = ActionForm(request.POST or None, plan=plan, initial={"goal": request.GET.get("goal")})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(
                request.user,
                form.cleaned_data["goal"],
                owners=form.cleaned_data["owner_emails"],
                partners=form.cleaned_data["partners"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("plans:action", plan.slug, action.pk)
    return render(
        request, "plans/form.html", {"form": form, "plan": plan, "heading": _("A new action")}
    )


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_action", _action)
def action_edit(request, action):
    plan = action.goal.plan
    form = ActionForm(request.POST or None, instance=action, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                request.user,
                action,
                goal=form.cleaned_data["goal"],
                owners=form.cleaned_data["owner_emails"],
                partners=form.cleaned_data["partners"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("plans:action", plan.slug, action.pk)
    return render(
        request, "plans/form.html", {"form": form, "plan": plan, "heading": _("Edit the action")}
    )


@require_GET
@object_permission("plans.view_action", _action)
def action_detail(request, action):
    queries.action_origins([action], request.user)
    page = Paginator(queries.action_updates(action), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "plan": action.goal.plan,
            "owners": list(action.owners.all()),
            "partners": list(action.partners.all()),
            "page": page,
            "can_post": request.user.has_perm("plans.post_progress", action),
            "can_edit": request.user.has_perm("plans.change_action", action),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("plans.post_progress", _action)
def progress_update(request, action):
    form = ProgressUpdateForm(
        request.POST or None,
        initial={"date": date.today(), "progress": action.progress, "status": action.status},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_progress_update(
                request.user,
                action,
                progress=data["progress"],
                status=data["status"],
                comment=data["comment"],
                on=data["date"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The progress update is posted."))
            return redirect("plans:action", action.goal.plan.slug, action.pk)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "plan": action.goal.plan,
            "action": action,
            "heading": _("Post a progress update"),
        },
    )


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def indicator_form(request, plan, pk=None):
    indicator = get_object_or_404(plan.indicators, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.add_indicator(request.user, plan, **form.service_fields())
            else:
                services.update_indicator(request.user, indicator, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("plans:edit", plan.slug)
    heading = _("Edit the indicator") if indicator else _("A new indicator")
    return render(request, "plans/form.html", {"form": form, "plan": plan, "heading": heading})


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def measurement_form(request, plan, pk):
    indicator = get_object_or_404(Indicator.objects.filter(plan=plan), pk=pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(request.user, indicator, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The measurement is recorded."))
            return redirect("plans:measure", plan.slug, indicator.pk)
    return render(
        request,
        "plans/measurement_form.html",
        {
            "form": form,
            "plan": plan,
            "indicator": indicator,
            "history": queries.indicator_history(indicator)[:100],
        },
    )


@require_GET
@object_permission("plans.change_plan", _plan)
def plan_csv(request, plan):
    return exports.response(services.export_csv(plan), "csv", slugify(plan.slug) or "plan")


@require_http_methods(["GET", "POST"])
@object_permission("plans.change_plan", _plan)
def plan_import(request, plan):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(services.CSV_MAX_BYTES + 1)
        try:
            run = services.start_csv_import(request.user, plan, content)
        except services.CsvImportError as error:
            problems = error.problems
        else:
            return redirect("plans:import-run", plan.slug, run.pk)
    return render(
        request,
        "plans/import.html",
        {"form": form, "plan": plan, "problems": problems, "columns": services.CSV_COLUMNS},
    )


@require_GET
@object_permission("plans.change_plan", _plan)
def plan_import_run(request, plan, pk):
    """How far an import has got; the page asks again every 2 s (HTMX) until it is done."""
    run = get_object_or_404(ImportRun, pk=pk, plan=plan)
    context = {"plan": plan, "run": run}
    if run.state == ImportRun.State.DONE:

        def actions(pks):
            found = Action.objects.filter(goal__plan=plan, pk__in=pks).only("pk", "title")
            return [
                Link("action", a.pk, a.title, reverse("plans:action", args=[plan.slug, a.pk]))
                for a in found
            ]

        context["outcome"] = outcome_links(run, {"action": actions})
    partial = "#progress" if request.headers.get("HX-Request") else ""
    response = render(request, f"plans/import_run.html{partial}", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
