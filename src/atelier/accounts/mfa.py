"""The second factor: who must have one (settings.ATELIER_MFA_REQUIRED_ROLES) and the
middleware that sends them to set it up."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import Role

ADMIN = "admin"
# What ATELIER_MFA_REQUIRED_ROLES may name: platform admins, and platform-wide roles.
PLATFORM_ROLES = {ADMIN, *Role.values} - {Role.MEMBER}

# Paths a person without a second factor may still open: setting one up, logging out,
# and what pages need to show at all.
_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/media/", "/favicon")


def required_roles():
    return set(settings.ATELIER_MFA_REQUIRED_ROLES)


def must_use_second_factor(user):
    """True when one of the user's platform roles requires a second factor."""
    wanted = required_roles()
    if not wanted or not user.is_authenticated:
        return False
    if ADMIN in wanted and (user.is_superuser or user.is_staff):
        return True
    platform_roles = set(
        user.role_assignments.filter(scope_type__isnull=True).values_list("role", flat=True)
    )
    return bool(platform_roles & wanted)


def has_second_factor(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def _unprefixed(path):
    """The path without its language prefix (/bg/library/ -> /library/)."""
    parts = path.split("/", 2)
    codes = {code for code, _name in settings.LANGUAGES}
    if len(parts) > 2 and parts[1] in codes:
        return "/" + parts[2]
    return path


class SecondFactorRequiredMiddleware:
    """Holders of a role that requires a second factor can do nothing else until they have
    one: pages send them to the page where they add it, the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and required_roles()
            and not _unprefixed(request.path).startswith(_EXEMPT_PREFIXES)
            and not request.session.get("atelier_mfa_ok")
        ):
            if must_use_second_factor(user) and not has_second_factor(user):
                return self._refuse(request)
            # Checked once per session; adding a factor happens under /accounts/.
            request.session["atelier_mfa_ok"] = True
        return self.get_response(request)

    def _refuse(self, request):
        message = _(
            "Your role on this platform requires a second factor. Add an authenticator app "
            "or a security key to continue."
        )
        if _unprefixed(request.path).startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        target = reverse("mfa_index")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        messages.warning(request, message)
        return redirect(target)


def check_required_roles(app_configs=None, **kwargs):
    """A system check: ATELIER_MFA_REQUIRED_ROLES names only roles that exist."""
    from django.core.checks import Error

    unknown = sorted(required_roles() - PLATFORM_ROLES)
    if not unknown:
        return []
    return [
        Error(
            f"ATELIER_MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}",
            hint=f"Use any of: {', '.join(sorted(PLATFORM_ROLES))}.",
            id="atelier.E001",
        )
    ]
