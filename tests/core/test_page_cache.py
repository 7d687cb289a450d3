"""Anonymous pages come from the cache until the site changes; private pages never do."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from atelier.core.multilingual import MultilingualText
from atelier.core.pagecache import GENERATION_KEY, PageCacheMiddleware
from atelier.network.models import Organisation
from atelier.network.services import get_or_create_organisation
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.ATELIER_PAGE_CACHE = True


@pytest.fixture
def organisation():
    organisation, _ = get_or_create_organisation("Kinoatelje", "SI")
    return organisation


def rename(organisation, name):
    organisation.name = MultilingualText(name, "en")
    organisation.save()


def test_second_anonymous_visit_is_served_from_the_cache(
    page_cache, organisation, client, django_assert_num_queries
):
    url = f"/organisations/{organisation.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "no-cache" in second["Cache-Control"]


# These commit for real, as in production: the site generation moves on after the commit.
@pytest.mark.django_db(transaction=True)
def test_a_change_shows_at_once(page_cache, organisation, client):
    url = f"/organisations/{organisation.pk}/"
    assert b"Kinoatelje" in client.get(url).content
    assert b"Kinoatelje" in client.get("/organisations/").content
    rename(organisation, "Zavod Bunker")
    for path in (url, "/organisations/"):
        page = client.get(path).content
        assert b"Zavod Bunker" in page
        assert b"Kinoatelje" not in page


@pytest.mark.django_db(transaction=True)
def test_a_queryset_update_also_shows_at_once(page_cache, organisation, client):
    url = f"/organisations/{organisation.pk}/"
    client.get(url)
    Organisation.objects.filter(pk=organisation.pk).update(city="Tolmin")
    assert b"Tolmin" in client.get(url).content


@pytest.mark.django_db(transaction=True)
def test_sessions_do_not_empty_the_cache(page_cache, organisation, client):
    client.get("/organisations/")
    generation = cache.get(GENERATION_KEY)
    SessionStore().create()
    assert cache.get(GENERATION_KEY) == generation
    # Whereas a change anyone may see does.
    Organisation.objects.filter(pk=organisation.pk).update(city="Tolmin")
    assert cache.get(GENERATION_KEY) != generation


def test_each_language_has_its_own_copy(page_cache, organisation, client):
    english = client.get("/organisations/")
    slovene = client.get("/sl/organisations/")
    assert english["Content-Language"] == "en"
    assert slovene["Content-Language"] == "sl"
    assert english.content != slovene.content
    assert client.get("/sl/organisations/").content == slovene.content
    browser = client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="sl")
    assert browser["Content-Language"] == "sl"
    assert client.get("/organisations/").content == english.content


def test_signed_in_people_never_get_a_cached_page(page_cache, organisation, alice, client):
    url = f"/organisations/{organisation.pk}/"
    client.get(url)
    client.force_login(alice)
    page = client.get(url)
    assert alice.display_name.encode() in page.content
    # The second visit is rendered again: it reads the session and the user.
    queries, again = count_queries(lambda: client.get(url))
    assert queries > 0
    assert alice.display_name.encode() in again.content
    # And what a signed-in person saw is not handed to the next anonymous visitor.
    assert alice.display_name.encode() not in Client().get(url).content


def test_a_repeat_visit_gets_304(page_cache, organisation, client):
    url = f"/organisations/{organisation.pk}/"
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    repeat = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304
    assert repeat.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


@pytest.mark.django_db(transaction=True)
def test_a_changed_page_is_not_304(page_cache, organisation, client):
    url = f"/organisations/{organisation.pk}/"
    first = client.get(url)
    rename(organisation, "Zavod Bunker")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_pages_with_a_csrf_token_are_not_shared(page_cache, client):
    # The log-in form carries a CSRF token: each visitor gets their own.
    first = client.get("/accounts/login/")
    assert b"csrfmiddlewaretoken" in first.content
    assert "csrftoken" in first.cookies
    second = Client().get("/accounts/login/")
    assert "csrftoken" in second.cookies
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def test_anonymous_pages_carry_no_csrf_token(page_cache, organisation, client):
    # The language switch needs no token from an anonymous visitor, so pages can be shared.
    page = client.get("/organisations/")
    assert b'class="language-switcher"' in page.content
    assert b"csrfmiddlewaretoken" not in page.content
    assert not page.cookies


def test_responses_setting_a_cookie_are_not_shared(page_cache):
    served = iter(range(1, 100))

    def view(request):
        # A number per call: id(request) may come back once the first request is freed.
        number = next(served)
        response = HttpResponse(f"token {number}")
        response.set_cookie("visitor", str(number))
        return response

    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()

    def request():
        made = factory.get("/somewhere/")
        made.LANGUAGE_CODE = "en"
        return made

    first = middleware(request())
    second = middleware(request())
    assert second.cookies["visitor"].value != first.cookies["visitor"].value


def test_a_visitor_with_a_session_is_not_served_from_the_cache(page_cache, organisation, client):
    url = f"/organisations/{organisation.pk}/"
    client.get(url)
    client.cookies["sessionid"] = "not-a-session"
    # Rendered again (the session is looked up), not answered from the cache.
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert captured.captured_queries


def test_anonymous_language_switch_needs_no_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/privacy/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"


def test_a_signed_in_language_switch_needs_the_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    refused = client.post("/i18n/setlang/", {"language": "pl", "next": "/privacy/"})
    assert refused.status_code == 403
    alice.refresh_from_db()
    assert alice.preferred_language != "pl"
    page = client.get("/privacy/")
    token = page.context["csrf_token"]
    assert b"csrfmiddlewaretoken" in page.content
    accepted = client.post(
        "/i18n/setlang/", {"language": "pl", "next": "/privacy/", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    alice.refresh_from_db()
    assert alice.preferred_language == "pl"
