"""Several web processes and a task worker share one index: an item the worker embeds is found
by meaning through either server at once, with no restart (pgvector on PostgreSQL; on SQLite
each process's matrix follows the database)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from atelier.core.multilingual import MultilingualText
from tests.core.file_database import database_url, sqlite_file
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 120  # seconds: three processes load the model on two cores


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def processes(tmp_path, settings):
    """Two web servers (uvicorn, the production server) and one task worker on the test
    database, search by meaning on."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ATELIER_SEARCH_SEMANTIC = True
    with sqlite_file(tmp_path / "atelier.sqlite3", timeout=20):
        env = {
            **os.environ,
            "ATELIER_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database_url(),
            "ATELIER_SEARCH_SEMANTIC": "true",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        }
        ports = [_free_port(), _free_port()]
        commands = [
            [sys.executable, "-m", "uvicorn", "--app-dir", "src", "--port", str(port),
             "--host", "127.0.0.1", "atelier.asgi:application"]
            for port in ports
        ] + [[sys.executable, "manage.py", "db_worker", "--interval", "0.2",
              "--no-startup-delay"]]  # fmt: skip
        logs = [open(tmp_path / f"process-{n}.log", "w+") for n in range(3)]  # noqa: SIM115
        running = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            for command, log in zip(commands, logs, strict=True)
        ]
        try:
            yield [f"http://127.0.0.1:{port}" for port in ports], running, logs
        finally:
            for process in running:
                process.terminate()
            for process in running:
                process.wait(timeout=30)
            for log in logs:
                log.close()


def _search(base, query):
    url = f"{base}/api/search/?{urllib.parse.urlencode({'q': query})}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return [hit["title"] for hit in json.load(response)["results"]]


def _found_everywhere(servers, query, title, running, logs):
    deadline = time.monotonic() + DEADLINE
    seen = {}
    while time.monotonic() < deadline:
        for process, log in zip(running, logs, strict=True):
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"a process exited:\n{log.read()}")
        for base in servers:
            try:
                seen[base] = _search(base, query)
            except OSError:
                seen[base] = None  # still starting
        if all(hits and hits[0] == title for hits in seen.values()):
            return seen
        time.sleep(0.5)
    raise AssertionError(f"{title!r} not first for {query!r} on both servers: {seen}")


def test_an_item_embedded_by_the_worker_is_found_through_every_server(processes):
    servers, running, logs = processes
    OrganisationFactory(name=MultilingualText("Puppet theatre of Ljubljana", "en"))
    # Both servers have answered searches (and hold whatever they keep) before the next item.
    _found_everywhere(servers, "куклен театър", "Puppet theatre of Ljubljana", running, logs)
    OrganisationFactory(name=MultilingualText("Film archive in Timișoara", "en"))
    found = _found_everywhere(
        servers, "archiwum filmowe", "Film archive in Timișoara", running, logs
    )
    assert all("Puppet theatre of Ljubljana" in hits for hits in found.values())
