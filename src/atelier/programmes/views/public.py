"""The public pages of programmes: the list, a programme's page, joining its community."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core import search_registry
from atelier.core.confirm import confirm_page
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..forms import ProgrammeFilterForm
from ..models import Membership
from . import loaders

PER_PAGE = 20


@require_GET
@permission_required("programmes.browse_programmes")
def programme_list(request):
    form = ProgrammeFilterForm(request.GET or None)
    filters = form.filters()
    # A query finds by meaning and words through the search, best first; by part of a title or
    # an acronym too.
    q = filters.pop("q", "")
    page = search_registry.list_page(
        queries.programme_list(**filters),
        "programme",
        q,
        request.GET.get("page"),
        PER_PAGE,
        also=Q(pk__in=queries.filter_programmes(queries.programmes(), q=q).values("pk"))
        if q
        else None,
    )
    params = request.GET.copy()
    params.pop("page", None)
    user = request.user
    return render(
        request,
        "programmes/programme_list.html",
        {
            "form": form,
            "page": page,
            "programmes": page.object_list,
            "query": params.urlencode(),
            "own": list(queries.own_programmes(user)) if not request.GET else [],
            "can_add": user.has_perm("programmes.add_programme"),
            "can_import": user.has_perm("programmes.import_projects"),
            "can_manage_creators": user.has_perm("programmes.manage_creators"),
        },
    )


@require_GET
@object_permission("programmes.view_programme", loaders.programme)
def programme_detail(request, programme):
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
            "can_change": user.has_perm("programmes.change_programme", programme),
            "can_manage_partners": user.has_perm("programmes.manage_partners", programme),
            "can_view_team": user.has_perm("programmes.view_team", programme),
            "can_view_history": user.has_perm("programmes.view_history", programme),
            "can_end": user.has_perm("programmes.end_programme", programme),
            "can_reopen": user.has_perm("programmes.reopen_programme", programme),
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
@object_permission("programmes.join_community", loaders.programme)
def join(request, programme):
    membership = services.join_community(programme, request.user)
    if membership.state == Membership.State.ACTIVE:
        messages.success(request, _("You have joined the community of this programme."))
    else:
        messages.success(request, _("Your request to join has been sent to the coordinators."))
    return redirect(programme)


@require_http_methods(["GET", "POST"])
@object_permission("programmes.leave_community", loaders.programme)
def leave(request, programme):
    if request.method == "GET":
        membership = queries.membership_of(request.user, programme)
        if membership is None:
            return redirect(programme)
        pending = membership.state != Membership.State.ACTIVE
        name = programme.title.for_reader(getattr(request, "LANGUAGE_CODE", None)).text
        if pending:
            title = _("Withdraw your request to join %(name)s?") % {"name": name}
            message = _(
                "The coordinators no longer see your request and are not told. You can ask "
                "to join again later."
            )
            button = _("Withdraw the request")
        else:
            title = _("Leave the community of %(name)s?") % {"name": name}
            message = _(
                "You are no longer listed as a member, and the coordinators are not told. "
                "What you contributed stays. You can join again later, or ask again if the "
                "community takes members on request."
            )
            button = _("Leave the community")
        return confirm_page(
            request,
            title=title,
            message=message,
            button=button,
            cancel_url=programme.get_absolute_url(),
        )
    if services.leave_community(programme, request.user):
        messages.success(request, _("You have left the community of this programme."))
    return redirect(programme)
