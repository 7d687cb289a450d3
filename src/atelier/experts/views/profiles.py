"""Pages of the expert pool: the directory, an expert's page, one's own profile and CV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core import search_registry
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required
from atelier.core.storage import private_storage

from .. import queries, services
from ..forms import DirectoryFilterForm, ExpertProfileForm
from ..models import ExpertProfile

PER_PAGE = 24
CV_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@permission_required("experts.browse_experts")
def directory(request):
    # Public: listed experts, showing only what each chose to show.
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters()
    # A query finds by meaning and words through the search (which holds only what each
    # expert shows), best first.
    q = filters.pop("q", "")
    experts = queries.directory(**filters)
    page = search_registry.list_page(experts, "expert", q, request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "experts/directory.html",
        {
            "form": form,
            "page": page,
            "experts": page.object_list,
            "query": _query_without_page(request),
            "can_edit": request.user.has_perm("experts.edit_own_profile"),
        },
    )


def _profile(request, pk):
    return get_object_or_404(ExpertProfile.objects.select_related("user"), pk=pk)


def _visible_profile(request, pk):
    profile = _profile(request, pk)
    full = request.user.has_perm("experts.view_full_profile", profile)
    if not full and not queries.listed_experts().filter(pk=profile.pk).exists():
        raise Http404
    return profile, full


@require_GET
@permission_required("experts.browse_experts")
def detail(request, pk):
    # Public for listed experts (what they chose to show); the expert and coordinators see all.
    profile, full = _visible_profile(request, pk)
    shown = set(ExpertProfile.Visible.values) if full else set(profile.visible_fields)
    return render(
        request,
        "experts/detail.html",
        {
            "expert": profile,
            "shown": shown,
            "full": full,
            "can_download_cv": bool(profile.cv)
            and request.user.has_perm("experts.download_cv", profile),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("experts.edit_own_profile", login=False)
def edit_own(request):
    # The expert's own profile; experts and people who already keep a profile.
    profile = queries.own_profile(request.user)
    if request.method == "POST":
        form = ExpertProfileForm(request.POST, request.FILES, profile=profile, user=request.user)
        if form.is_valid():
            try:
                profile = services.update_own_profile(
                    request.user,
                    data=form.profile_data(),
                    cv=form.cleaned_data["cv"],
                    remove_cv=form.cleaned_data["remove_cv"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your expert profile is saved."))
                return redirect("experts:me")
    else:
        form = ExpertProfileForm(profile=profile, user=request.user)
    return render(request, "experts/profile_form.html", {"form": form, "profile": profile})


@require_GET
@object_permission("experts.download_cv", _profile, login=False)
def cv(request, profile):
    # Private: the expert and coordinators only; served as a download, never inline.
    if not profile.cv:
        raise Http404
    storage = private_storage()
    if not storage.exists(profile.cv.name):
        raise Http404
    extension = profile.cv.name.rsplit(".", 1)[-1]
    response = FileResponse(
        storage.open(profile.cv.name, "rb"),
        as_attachment=True,
        filename=profile.cv_name or f"cv.{extension}",
        content_type=CV_CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
