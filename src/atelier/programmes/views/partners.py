"""A programme's partners, managed by its coordinators: added (from the directory or typed on
the spot), corrected, reordered and removed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from atelier.core import pickers
from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission

from .. import queries, services
from ..forms import PartnerEditForm, PartnerForm
from . import loaders


def _partners_page(request, programme, form, *, status=200):
    partners = list(queries.partners_of(programme))
    return render(
        request,
        "programmes/partners.html",
        {
            "programme": programme,
            "partners": partners,
            "edit_forms": [
                (
                    partner,
                    PartnerEditForm(
                        initial={"role": partner.role, "budget": partner.budget},
                        prefix=f"p{partner.pk}",
                    ),
                )
                for partner in partners
            ],
            "form": form,
            "make_up": queries.consortium_make_up(partners),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@object_permission("programmes.manage_partners", loaders.programme)
def partners(request, programme):
    form = PartnerForm(request.POST or None)
    pickers.bind_pickers(form, request.user)
    if pickers.searching(request):
        return _partners_page(request, programme, pickers.quiet(form))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["organisation"] is not None:
                partner = services.add_partner(
                    programme,
                    data["organisation"],
                    role=data["role"],
                    budget=data["budget"],
                    actor=request.user,
                )
            else:
                partner = services.add_new_organisation_as_partner(
                    programme,
                    name=data["new_name"],
                    country=data["new_country"],
                    city=data["new_city"],
                    language=(get_language() or "en").split("-")[0],
                    role=data["role"],
                    budget=data["budget"],
                    actor=request.user,
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been added to the partners.") % {"name": partner.organisation},
            )
            return redirect("programmes:partners", slug=programme.slug)
    return _partners_page(request, programme, form, status=400 if form.errors else 200)


@require_POST
@object_permission("programmes.manage_partners", loaders.partner)
def partner_edit(request, partner):
    form = PartnerEditForm(request.POST, prefix=f"p{partner.pk}")
    if form.is_valid():
        services.update_partner(
            partner,
            role=form.cleaned_data["role"],
            budget=form.cleaned_data["budget"],
            actor=request.user,
        )
        messages.success(request, _("%(name)s has been saved.") % {"name": partner.organisation})
    else:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        messages.error(
            request,
            _("%(name)s was not saved: %(errors)s")
            % {"name": partner.organisation, "errors": errors},
        )
    return redirect("programmes:partners", slug=partner.programme.slug)


@require_POST
@object_permission("programmes.manage_partners", loaders.partner)
def partner_move(request, partner):
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.move_partner(partner, offset, actor=request.user)
    return redirect("programmes:partners", slug=partner.programme.slug)


@require_http_methods(["GET", "POST"])
@object_permission("programmes.manage_partners", loaders.partner)
def partner_remove(request, partner):
    programme = partner.programme
    if request.method == "GET":
        return confirm_page(
            request,
            title=_("Remove %(name)s from the partners?") % {"name": partner.organisation},
            message=_(
                "%(name)s and its partner budget leave this programme's partners. The "
                "organisation stays in the directory, and the programme's history keeps what "
                "was removed."
            )
            % {"name": partner.organisation},
            button=_("Remove the partner"),
            cancel_url=reverse("programmes:partners", args=[programme.slug]),
        )
    services.remove_partner(partner, actor=request.user)
    messages.success(
        request, _("%(name)s has been removed from the partners.") % {"name": partner.organisation}
    )
    return redirect("programmes:partners", slug=programme.slug)
