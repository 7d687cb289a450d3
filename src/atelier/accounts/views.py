"""A person's own pages: /me/, profile, data export, account deletion; public profiles."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language as django_set_language

from atelier.core.languages import language_name
from atelier.core.permissions import object_permission, permission_required

from . import mfa, services
from .forms import DeleteAccountForm, ProfileForm
from .models import User


@require_GET
@permission_required("accounts.view_own_page")
def me(request):
    from allauth.account.models import EmailAddress

    emails = EmailAddress.objects.filter(user=request.user).order_by("-primary", "email")
    return render(
        request,
        "accounts/me.html",
        {
            "person": request.user,
            "interests": request.user.interests.all(),
            "emails": emails,
            "has_second_factor": mfa.has_second_factor(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("accounts.change_own_profile")
def edit_profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            User.objects.get(pk=user.pk),
            data=form.profile_data(),
            interests=form.cleaned_data["interests"],
            avatar=form.cleaned_data.get("avatar"),
            remove_avatar=form.cleaned_data.get("remove_avatar", False),
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:me")
    if request.method == "POST":
        # The form's instance took the rejected values; show the stored avatar, not a guess.
        user.refresh_from_db()
    return render(request, "accounts/profile_form.html", {"form": form, "person": user})


@require_GET
@permission_required("accounts.export_own_data")
def export(request):
    response = HttpResponse(
        services.export_json(request.user), content_type="application/json; charset=utf-8"
    )
    filename = f"atelier-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A person's whole data: no browser or proxy keeps a copy of it.
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@permission_required("accounts.delete_own_account")
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_account(request, request.user, form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, _("Your account has been deleted and your data erased."))
            return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})


def _person(request, pk):
    return get_object_or_404(User.objects.prefetch_related("interests"), pk=pk)


@require_GET
@object_permission("accounts.view_profile", _person, login=False)
def profile(request, person):
    names = [language_name(code) for code in person.languages]
    return render(request, "accounts/profile.html", {"person": person, "language_names": names})


@csrf_exempt
@require_http_methods(["POST"])
def set_language(request):
    # Public: anyone may choose a language. A signed-in person's choice also becomes the
    # language of the e-mails Atelier sends them, so it must carry their CSRF token. An
    # anonymous visitor's choice only sets the language cookie: the form carries no token
    # for them, so their pages are the same for everyone and can be cached and shared.
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        if refused is not None:
            return refused
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_preferred_language(request.user, language)
    return response
