"""Pages of the network: organisations (list, map, detail) and the people directory."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core import search_registry
from atelier.core.permissions import object_permission, permission_required

from . import queries, services
from .forms import ContactForm, OrganisationFilterForm, PeopleFilterForm
from .models import Organisation

PER_PAGE = 25


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@permission_required("network.view_organisations")
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    # A query finds by meaning and words through the search, best first; by part of a name too.
    q = filters.pop("q", "")
    page = search_registry.list_page(
        queries.organisation_list(**filters),
        "organisation",
        q,
        request.GET.get("page"),
        PER_PAGE,
        also=queries.named(q) if q else None,
    )
    return render(
        request,
        "network/organisation_list.html",
        {
            "form": form,
            "page": page,
            "organisations": page.object_list,
            "query": _query_without_page(request),
            "tile_url": _tile_settings(),
        },
    )


def _tile_settings():
    from django.conf import settings

    return json.dumps(
        {"url": settings.ATELIER_MAP_TILE_URL, "attribution": settings.ATELIER_MAP_ATTRIBUTION}
    )


@require_GET
@permission_required("network.view_organisations")
def organisation_map_data(request):
    form = OrganisationFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    q = filters.pop("q", "")
    queryset = queries.filter_organisations(queries.organisations(), **filters)
    if q:
        queryset = queries.searched(queryset, q)
    points = queries.map_points(queryset, getattr(request, "LANGUAGE_CODE", None))
    for point in points:
        point["url"] = Organisation(pk=point["id"]).get_absolute_url()
    return JsonResponse({"points": points})


@require_GET
@permission_required("network.view_organisations")
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.prefetch_related("sectors"), pk=pk)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "sections": queries.organisation_sections(organisation),
            "json_ld": _organisation_json_ld(request, organisation),
        },
    )


def _organisation_json_ld(request, organisation):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name.text,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website:
        data["sameAs"] = organisation.website
    if organisation.description:
        data["description"] = organisation.description.text
    address = {"@type": "PostalAddress"}
    if organisation.address:
        address["streetAddress"] = organisation.address
    if organisation.city:
        address["addressLocality"] = organisation.city
    if organisation.country:
        address["addressCountry"] = organisation.country.code
    if len(address) > 1:
        data["address"] = address
    if organisation.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(organisation.latitude),
            "longitude": float(organisation.longitude),
        }
    return data


@require_GET
@permission_required("network.view_people")
def people_list(request):
    form = PeopleFilterForm(request.GET or None)
    page = _page(request, queries.people_list(**form.filters()))
    return render(
        request,
        "network/people_list.html",
        {
            "form": form,
            "page": page,
            "people": page.object_list,
            "query": _query_without_page(request),
        },
    )


def _listed_person(request, pk):
    return get_object_or_404(get_user_model(), pk=pk)


@require_http_methods(["GET", "POST"])
@object_permission("network.contact_person", _listed_person, login=False)
def contact_person(request, person):
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_person(
                request.user,
                person,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
            )
        except services.RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        else:
            messages.success(
                request,
                _("Your message to %(name)s has been sent.")
                % {"name": person.display_name_or_fallback},
            )
            return redirect("accounts:profile", pk=person.pk)
    return render(
        request, "network/contact_form.html", {"form": form, "person": person}, status=status
    )
