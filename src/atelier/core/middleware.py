"""Language selection (a prefix in the path wins, then the remembered choice, then the
browser), the Permissions-Policy header and the Server-Timing header."""

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
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


class ServerTimingMiddleware:
    """Adds a Server-Timing header: the time Django spent on the request and its queries.

    Browsers' developer tools and bench/pages.py read it; it measures what the server did,
    without the network. Off unless ATELIER_SERVER_TIMING is set, since it tells anyone how
    much work a page costs.
    """

    def __init__(self, get_response):
        if not settings.ATELIER_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        queries = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = (
            f'app;dur={elapsed:.2f}, db;dur={queries.seconds * 1000:.2f};desc="{queries.count}"'
        )
        return response


class _QueryCounter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
