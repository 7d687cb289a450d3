"""Language selection (a prefix in the path wins, then the remembered choice, then the
browser) and the Permissions-Policy header."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that unprefixed paths follow the cookie and browser.

    Django serves every unprefixed path in LANGUAGE_CODE when i18n_patterns is used without a
    prefix for the default language; Atelier serves it in the language the reader chose or
    their browser asks for, so ``/`` greets a Bulgarian browser in Bulgarian.
    """

    def process_request(self, request):
        language = translation.get_language_from_request(request, check_path=True)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The remembered choice lives in a cookie, so shared caches must key on it.
        patch_vary_headers(response, ("Cookie",))
        # The thread serves other requests (and tests) next: leave no reader's language behind.
        translation.deactivate()
        return response


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (settings.PERMISSIONS_POLICY) with every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
