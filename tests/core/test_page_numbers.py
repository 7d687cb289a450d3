"""Every page of the site without parameters answers any ``?page=`` without a server error: a
page past the end shows the last one, a page that is no number the first."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PAGES = ["99999999999999999999", "-1", "abc", "9" * 5000]


def _plain_paths(patterns, prefix=""):
    """Paths of the URL patterns that take no parameter, below the site's own apps."""
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.pattern.regex.groups or "admin" in route:
                continue
            yield from _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not entry.pattern.regex.groups:
            path = prefix + route
            module = getattr(entry.callback, "__module__", "")
            if module.startswith("atelier.") and "<" not in path and "^" not in path:
                yield "/" + path.lstrip("/")


PATHS = sorted(set(_plain_paths(get_resolver().url_patterns)))


def test_the_site_has_list_pages_to_check():
    assert {"/events/", "/library/", "/organisations/", "/plans/", "/labs/"} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_any_page_number_is_answered(client, ada, path):
    client.force_login(ada)
    for page in PAGES:
        response = client.get(path, {"page": page})
        assert response.status_code < 500, (path, page[:20])


def test_any_page_number_is_answered_on_the_paginated_pages_of_one_thing(client, ada):
    from django.urls import reverse

    from atelier.library.models import Collection
    from atelier.plans.models import Action
    from tests.api import data

    data.make()
    action = Action.objects.get()
    paths = [
        reverse("calls:applications", args=["experts-2030"]),
        reverse("calls:ranking", args=["experts-2030"]),
        reverse("events:manage", args=["academy-camp"]),
        reverse("events:invitations", args=["academy-camp"]),
        reverse("events:check-in-list", args=["academy-camp"]),
        reverse("plans:detail", args=["plovdiv-plan"]),
        reverse("plans:action", args=["plovdiv-plan", action.pk]),
        reverse("library:collection", args=[Collection.objects.get().slug]),
        reverse("library:podcast", args=["voices"]),
    ]
    client.force_login(ada)
    for path in paths:
        for page in PAGES:
            response = client.get(path, {"page": page})
            assert response.status_code == 200, (path, page[:20])
