"""Whole pages kept in the cache for anonymous visitors, and dropped when the site changes.

An anonymous visitor without a session sees what every other anonymous visitor sees in the
same language, so the page is rendered once and answered from the cache (Redis with
REDIS_URL, shared by every process; local memory otherwise, good for one process only)
until the site generation changes. The generation changes after every committed write to
the database, whatever made it (a model's save, a queryset's update, raw SQL), so a change
shows at once on every page. Writes that no page shows (sessions, the task queue) do not
count. Pages that set a cookie, carry a CSRF token or say they must not be cached are never
stored.
"""

import re
import secrets
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

GENERATION_KEY = "atelier:site-generation"
PAGE_KEY = "atelier:page:"
# Headers a cached page may vary on: all are part of the key or equal for every visitor it
# is shared with (Cookie: only visitors without a session or messages share a page).
SHAREABLE_VARY = {"cookie", "accept-language", "hx-request", "accept-encoding"}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def new_generation():
    return f"{time.time_ns():x}-{secrets.token_hex(4)}"


def bump_generation():
    cache.set(GENERATION_KEY, new_generation(), None)


def _unshown_tables():
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    return {Session._meta.db_table, DBTaskResult._meta.db_table}


class _WriteWatcher:
    """A database execute wrapper: after a transaction that wrote commits, the generation
    changes (once per transaction, however many rows it wrote)."""

    def __init__(self, alias):
        self.alias = alias
        self.unshown = None

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql) if sql[:1] in "IUDiud \n" else None
        if match:
            if self.unshown is None:
                self.unshown = _unshown_tables()
            if match.group(1) not in self.unshown:
                connection = context["connection"]
                pending = connection.run_on_commit
                if not any(callback is bump_generation for _, callback, _ in pending):
                    transaction.on_commit(bump_generation, using=self.alias)
        return result


def watch_writes(sender, connection, **kwargs):
    """connection_created: install the watcher on each new database connection."""
    if not any(isinstance(wrapper, _WriteWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_WriteWatcher(connection.alias))


class PageCacheMiddleware:
    """Answers anonymous GET requests from the cache; stores the pages it may share.

    Sits below the session and locale middleware (it needs the visitor's language) and above
    the CSRF, authentication and message middleware, which a cached answer skips.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.ATELIER_PAGE_CACHE or not self.shareable_request(request):
            return self.get_response(request)
        key = self.key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, new_generation(), None)
            generation = cache.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return self.answer(entry)
        response = self.get_response(request)
        if self.shareable_response(request, response):
            patch_cache_control(response, no_cache=True)
            response.headers["Last-Modified"] = http_date(time.time())
            set_response_etag(response)
            headers = [(name, value) for name, value in response.headers.items()]
            stored = (generation, response.status_code, headers, response.content)
            cache.set(key, stored, settings.ATELIER_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def shareable_request(request):
        return (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def key(request):
        return PAGE_KEY + "|".join(
            (
                request.scheme,
                request.get_host(),
                request.LANGUAGE_CODE,
                "htmx" if request.headers.get("HX-Request") else "page",
                request.headers.get("HX-Target", ""),
                request.get_full_path(),
            )
        )

    @staticmethod
    def shareable_response(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and (messages._queued_messages or messages.used):
            return False
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= SHAREABLE_VARY:
            return False
        # A CSRF token is one visitor's; its cookie would have been set above, but a page
        # carrying one must never be shared even if the cookie was already there.
        return b"csrfmiddlewaretoken" not in response.content

    @staticmethod
    def answer(entry):
        _generation, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        return response
