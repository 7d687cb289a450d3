"""Language selection (a prefix in the path wins, then the remembered choice, then the
browser), the Permissions-Policy header, the Server-Timing header, and requests holding NUL
characters refused."""

import json
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.http import JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import render
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


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def _json_holds_nul(text):
    try:
        return _holds_nul(json.loads(text))
    except ValueError:
        return False


def request_holds_nul(request, view_kwargs=()):
    """Whether the address, a query or form parameter (or JSON in one), or a JSON body holds a
    NUL character. Uploaded files are not looked at: their bytes are theirs."""
    if "\x00" in request.path or _holds_nul(list(dict(view_kwargs).values())):
        return True
    try:
        form = request.POST if request.method == "POST" else QueryDict()
    except MultiPartParserError:
        form = QueryDict()  # the view finds it empty too, and says what is missing
    for data in (request.GET, form):
        for key, values in data.lists():
            if _holds_nul(key) or _holds_nul(values):
                return True
            # A JSON document in a form field (the API's multipart metadata) escapes its NULs.
            if any(v.lstrip()[:1] in ("{", "[") and _json_holds_nul(v) for v in values):
                return True
    if request.content_type == "application/json" and b"\\u0000" in request.body:
        return _json_holds_nul(request.body)
    return False


class RefuseNulMiddleware:
    """Answers 400 to a request holding a NUL character anywhere but in an uploaded file.

    Nobody types one, and PostgreSQL can neither store nor compare text holding it: a filter such
    as ``?programme=%00`` reached a query and was a server error there (SQLite let it through).
    Forms already refuse it field by field, with this message; this covers every filter, address
    and API body at once. Under /api/ the answer is JSON, as every API error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request_holds_nul(request, view_kwargs):
            return None
        message = str(ProhibitNullCharactersValidator.message)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
