"""Pages of programmes: list, overview with partners and figures, team, community, import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from rules.contrib.views import permission_required

from . import importer, queries, services
from .forms import ImportUploadForm, ProgrammeFilterForm, TeamRoleForm
from .models import ImportRun, Membership, Programme

PER_PAGE = 20


def _programme(request, slug, **kwargs):
    return get_object_or_404(Programme.objects.prefetch_related("themes"), slug=slug)


@require_GET
@permission_required("programmes.view_programme")
def programme_list(request):
    form = ProgrammeFilterForm(request.GET or None)
    page = Paginator(queries.programme_list(**form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "programmes/programme_list.html",
        {
            "form": form,
            "page": page,
            "programmes": page.object_list,
            "query": params.urlencode(),
            "can_import": request.user.has_perm("programmes.import_projects"),
        },
    )


@require_GET
@permission_required("programmes.view_programme", fn=_programme)
def programme_detail(request, slug):
    programme = _programme(request, slug)
    partners = list(queries.partners_of(programme))
    user = request.user
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "partners": partners,
            "glance": queries.at_a_glance(programme, partners),
            "tabs": queries.tabs_for(programme),
            "membership": queries.membership_of(user, programme),
            "can_join": user.has_perm("programmes.join_community", programme),
            "can_manage_team": user.has_perm("programmes.manage_team", programme),
            "show_funding_warning": programme.cofinancing_rates_disagree
            and user.has_perm("programmes.see_funding_warnings", programme),
            "json_ld": _programme_json_ld(request, programme, partners),
        },
    )


def _programme_json_ld(request, programme, partners):
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": programme.title.text,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
        "inLanguage": programme.title.language,
    }
    if programme.acronym:
        data["alternateName"] = programme.acronym
    if programme.description:
        data["description"] = programme.description.text
    if programme.identifier:
        data["identifier"] = programme.identifier
    if programme.website:
        data["sameAs"] = programme.website
    if programme.start_date:
        data["foundingDate"] = programme.start_date.isoformat()
    if programme.end_date:
        data["dissolutionDate"] = programme.end_date.isoformat()
    data["funder"] = {"@type": "Organization", "name": programme.get_funding_programme_display()}
    members = []
    for partner in partners:
        entry = {
            "@type": "Organization",
            "name": partner.organisation.name.text,
            "url": request.build_absolute_uri(partner.organisation.get_absolute_url()),
        }
        if partner.organisation.country:
            entry["address"] = {
                "@type": "PostalAddress",
                "addressCountry": partner.organisation.country.code,
            }
        members.append({"@type": "Role", "roleName": partner.get_role_display(), "member": entry})
    if members:
        data["member"] = members
    return data


@require_POST
@permission_required("programmes.join_community", fn=_programme, raise_exception=True)
def join(request, slug):
    programme = _programme(request, slug)
    membership = services.join_community(programme, request.user)
    if membership.state == Membership.State.ACTIVE:
        messages.success(request, _("You have joined the community of this programme."))
    else:
        messages.success(request, _("Your request to join has been sent to the coordinators."))
    return redirect(programme)


@require_POST
@permission_required("programmes.leave_community", fn=_programme)
def leave(request, slug):
    programme = _programme(request, slug)
    if services.leave_community(programme, request.user):
        messages.success(request, _("You have left the community of this programme."))
    return redirect(programme)


@require_http_methods(["GET", "POST"])
@permission_required("programmes.manage_team", fn=_programme, raise_exception=True)
def team(request, slug):
    programme = _programme(request, slug)
    form = TeamRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.assign_team_role(
            programme, form.user, form.cleaned_data["role"], actor=request.user
        )
        messages.success(request, _("The role has been given."))
        return redirect("programmes:team", slug=programme.slug)
    return render(
        request,
        "programmes/team.html",
        {
            "programme": programme,
            "form": form,
            "team": queries.team(programme),
            "requests": queries.join_requests(programme),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("programmes.manage_team", fn=_programme, raise_exception=True)
def team_revoke(request, slug):
    from django.contrib.auth import get_user_model

    programme = _programme(request, slug)
    person = get_object_or_404(get_user_model(), pk=request.POST.get("user") or 0)
    services.revoke_team_role(programme, person, request.POST.get("role", ""), actor=request.user)
    messages.success(request, _("The role has been removed."))
    return redirect("programmes:team", slug=programme.slug)


@require_POST
@permission_required("programmes.manage_community", fn=_programme, raise_exception=True)
def accept_member(request, slug, membership_pk):
    programme = _programme(request, slug)
    membership = get_object_or_404(Membership, pk=membership_pk, programme=programme)
    services.accept_member(programme, membership, actor=request.user)
    messages.success(request, _("The member has been accepted."))
    return redirect("programmes:team", slug=programme.slug)


# Import in the web UI --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("programmes.import_projects", raise_exception=True)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.preview_import(form.cleaned_data["file"], actor=request.user)
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("programmes:import-detail", pk=run.pk)
    return render(
        request,
        "programmes/import_upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _own_run(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    if run.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return run


@require_GET
@permission_required("programmes.import_projects", raise_exception=True)
def import_detail(request, pk):
    run = _own_run(request, pk)
    return render(request, "programmes/import_detail.html", {"run": run})


@require_POST
@permission_required("programmes.import_projects", raise_exception=True)
def import_confirm(request, pk):
    run = _own_run(request, pk)
    try:
        services.confirm_import(run, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("programmes:import-detail", pk=run.pk)


@require_GET
@permission_required("programmes.import_projects", raise_exception=True)
def import_progress(request, pk):
    run = _own_run(request, pk)
    return render(request, "programmes/import_detail.html#progress", {"run": run})
