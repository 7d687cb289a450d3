"""The test harness: named users for every role, a real browser, and an accessibility check."""

import asyncio
import json
import os
import shutil
import socket
import threading
import time
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


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests run inside a transaction that never commits, so the page cache would not see
    their changes; tests/core/test_page_cache.py turns it on and commits its changes."""
    settings.ATELIER_PAGE_CACHE = False


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


def _open_page(browser, base_url):
    """A page in a browser context of its own (its own cookies), recording CSP violations."""
    context = browser.new_context(locale="en-GB", base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = CSPViolations()

    def on_console(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            page.csp_violations.append(message.text)

    page.on("console", on_console)
    return page


def _close_page(page):
    page.context.close()
    assert not page.csp_violations, f"Content Security Policy violations: {page.csp_violations}"


@pytest.fixture
def page(browser, live_server):
    page = _open_page(browser, live_server.url)
    yield page
    _close_page(page)


# The real ASGI application (HTTP and the labs' websockets) under uvicorn, the production
# server, for the browser tests of live pages; pytest-django's live_server speaks WSGI only.
class ASGILiveServer:
    def __init__(self, url, loop):
        self.url = url
        self.loop = loop

    def run(self, work, *args, **kwargs):
        """Runs the synchronous ``work`` in a worker thread of the server's event loop, as the
        server runs a view, and returns its result.

        What ``work`` pushes to the channel layer (services push after commit) is then sent from
        the loop the websockets are served by. The in-memory channel layer is one process's
        asyncio queues and is not thread-safe: a push from another thread's loop (the test's,
        or a new one made by ``async_to_sync``) is not a push any server makes.
        """
        from asgiref.sync import sync_to_async
        from django.db import connections

        def in_server():
            try:
                return work(*args, **kwargs)
            finally:
                connections.close_all()  # as at the end of a request

        future = asyncio.run_coroutine_threadsafe(
            sync_to_async(in_server, thread_sensitive=False)(), self.loop
        )
        return future.result(timeout=30)


def _asgi_application():
    """atelier.asgi.application, with static files served as ``runserver`` serves them."""
    from channels.routing import ProtocolTypeRouter
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from atelier.asgi import application

    return ProtocolTypeRouter(
        {
            "http": ASGIStaticFilesHandler(application.application_mapping["http"]),
            "websocket": application.application_mapping["websocket"],
        }
    )


def _share_in_memory_databases(monkeypatch):
    """Every server thread uses the test's own connection to an in-memory SQLite database, as
    Django's LiveServerThread (the WSGI live server) does. Connections of their own would meet
    through SQLite's shared cache, whose table locks are reported at once rather than waited
    for. Other databases get a connection per thread, as in production.

    The connection is handed out, not stored in the threads' own connection slots: threads
    that outlive the server (asgiref's executors) find their own connections again after it.
    """
    from django.db import connections
    from django.db.utils import ConnectionHandler

    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    if not shared:
        return []
    lookup = ConnectionHandler.__getitem__

    def getitem(handler, alias):
        if handler is connections and alias in shared:
            return shared[alias]
        return lookup(handler, alias)

    monkeypatch.setattr(ConnectionHandler, "__getitem__", getitem)
    for conn in shared.values():
        conn.inc_thread_sharing()
    return list(shared.values())


@pytest.fixture
def asgi_live_server(transactional_db, settings, monkeypatch):
    """Serves atelier.asgi.application with uvicorn on a free 127.0.0.1 port, in a thread with
    its own event loop, against the test database; yields an ``ASGILiveServer``."""
    import uvicorn
    from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    shared = _share_in_memory_databases(monkeypatch)
    # A channel layer of this server's own, so nothing queued by an earlier test is left in it.
    previous_layer = channel_layers.set(
        DEFAULT_CHANNEL_LAYER, channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        _asgi_application(),
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    failure = []

    def serve():
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.serve(sockets=[sock]))
        except BaseException as error:  # noqa: BLE001 - reported in the test's thread
            failure.append(error)
        finally:
            loop.close()

    thread = threading.Thread(target=serve, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        server.should_exit = True
        thread.join(10)
        pytest.fail(f"uvicorn did not start: {failure or 'timed out'}")
    yield ASGILiveServer(f"http://127.0.0.1:{port}", loop)
    server.should_exit = True
    thread.join(15)
    sock.close()
    if previous_layer is None:
        channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    else:
        channel_layers.set(DEFAULT_CHANNEL_LAYER, previous_layer)
    for conn in shared:
        conn.dec_thread_sharing()
    assert not thread.is_alive(), "uvicorn did not shut down"
    assert not failure, f"uvicorn failed: {failure}"


@pytest.fixture
def asgi_page(browser, asgi_live_server):
    """A page on the ASGI server (websockets work there)."""
    page = _open_page(browser, asgi_live_server.url)
    yield page
    _close_page(page)


@pytest.fixture
def new_asgi_page(browser, asgi_live_server):
    """``new_asgi_page()`` opens one more page on the ASGI server, in a context of its own, as
    another person at another computer (``base_url`` if they reach it another way); each is
    closed and checked for CSP violations at the end."""
    pages = []

    def open_page(base_url=None):
        pages.append(_open_page(browser, base_url or asgi_live_server.url))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()
    violations = [v for page in pages for v in page.csp_violations]
    assert not violations, f"Content Security Policy violations: {violations}"


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


@pytest.fixture
def race_database(transactional_db, tmp_path):
    """For tests of concurrent requests: PostgreSQL's test database as it is; on SQLite a file
    copy with the production profile (WAL, IMMEDIATE transactions, a busy timeout), since the
    in-memory test database is one connection that threads cannot race on."""
    from tests.core.file_database import sqlite_file

    with sqlite_file(tmp_path / "race.sqlite3", timeout=30):
        yield
