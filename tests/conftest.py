"""The test harness: named users for every role, a real browser, and an accessibility check."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def pytest_configure(config):
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ATELIER_EMAIL_DELIVERY = "django.core.mail.backends.locmem.EmailBackend"
    # Search by meaning costs every saved item an embedding; the tests that are about it
    # (tests/search, the browser's search journeys) turn it on with the ``semantic`` fixture.
    settings.ATELIER_SEARCH_SEMANTIC = False


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATELIER_PRIVATE_ROOT = tmp_path / "private"
    yield settings.MEDIA_ROOT
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(autouse=True)
def taxonomy_rows(request):
    """Transactional tests flush the database, data migrations' rows included: put the theme
    taxonomy back, so such a test does not depend on which tests ran before it."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from atelier.core.models import Theme
        from atelier.core.themes import THEMES

        for position, (slug, _label) in enumerate(THEMES):
            Theme.objects.get_or_create(slug=slug, defaults={"position": position})
    yield


@pytest.fixture
def semantic(settings):
    """Search by meaning on: vectors made after commit, queries embedded."""
    settings.ATELIER_SEARCH_SEMANTIC = True


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Named users, one per role (healthchecks' alice, bob, charlie).
def _person(email, name, role=None, **extra):
    from atelier.accounts.services import assign_role

    user = UserFactory(email=email, display_name=name, **extra)
    if role:
        assign_role(user, role)
    return user


@pytest.fixture
def alice(db):
    """A member."""
    return _person("alice@example.org", "Alice Member", "member", country="BG")


@pytest.fixture
def bob(db):
    """Another member, to prove one member cannot act on another's things."""
    return _person("bob@example.org", "Bob Member", "member", country="PL")


@pytest.fixture
def mona(db):
    return _person("mona@example.org", "Mona Moderator", "moderator")


@pytest.fixture
def cora(db):
    return _person("cora@example.org", "Cora Coordinator", "coordinator")


@pytest.fixture
def fay(db):
    return _person("fay@example.org", "Fay Facilitator", "facilitator")


@pytest.fixture
def rey(db):
    return _person("rey@example.org", "Rey Reviewer", "reviewer")


@pytest.fixture
def ezra(db):
    return _person("ezra@example.org", "Ezra Expert", "expert")


@pytest.fixture
def ada(db):
    """A platform admin."""
    return _person("ada@example.org", "Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def password():
    return PASSWORD


# The browser: Debian's Chromium driven by Playwright, against pytest-django's live server.
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class CSPViolations(list):
    pass


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = CSPViolations()

    def on_console(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            page.csp_violations.append(message.text)

    page.on("console", on_console)
    yield page
    context.close()
    assert not page.csp_violations, f"Content Security Policy violations: {page.csp_violations}"


def _axe_violations(page):
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return result["violations"]


@pytest.fixture
def axe():
    """``axe(page)`` fails the test on any accessibility violation of the page as it is now."""

    def check(page):
        violations = _axe_violations(page)
        if violations:
            report = [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [n["target"] for n in v["nodes"]][:5],
                }
                for v in violations
            ]
            pytest.fail(f"axe-core violations on {page.url}:\n{json.dumps(report, indent=2)}")

    return check
