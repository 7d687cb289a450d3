"""The task worker (``manage.py db_worker``) outlives failing tasks and database trouble.

Each test starts the real worker as another process on the test database (a file copy of it on
SQLite, the test database itself on PostgreSQL) and enqueues tasks through the database backend.
"""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.core import worker_tasks
from tests.core.file_database import database_url, sqlite_file

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 90  # seconds; the worker's start-up alone takes seconds on a busy machine


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with sqlite_file(tmp_path / "atelier.sqlite3", timeout=10):
        yield tmp_path


@pytest.fixture
def worker(var_dir):
    """The worker process, its busy timeout cut to 1 s so that a held lock soon fails it."""
    log = open(var_dir / "worker.log", "w+")  # noqa: SIM115 - closed below
    env = {
        **os.environ,
        "ATELIER_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url(),
        "ATELIER_SQLITE_TIMEOUT": "1",
        "ATELIER_SEARCH_SEMANTIC": "false",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log = log
    yield process
    process.terminate()
    process.wait(timeout=30)
    log.close()


def finished(result, worker):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        result.refresh()
        if result.is_finished:
            return result
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited:\n{output(worker)}")
        time.sleep(0.1)
    raise AssertionError(f"the task {result.id} was not run in {DEADLINE} s")


def output(worker):
    worker.log.seek(0)
    return worker.log.read()


def test_a_failing_task_fails_and_the_worker_goes_on(worker):
    failing = worker_tasks.explode.enqueue()
    working = worker_tasks.add.enqueue(2, 3)

    assert finished(failing, worker).status == "FAILED"
    assert failing.errors[0].exception_class_path == "builtins.RuntimeError"
    assert "This task fails on purpose." in failing.errors[0].traceback
    assert finished(working, worker).status == "SUCCESSFUL"
    assert working.return_value == 5
    assert worker.poll() is None, output(worker)


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("The lock held by another connection is SQLite's.")


def test_the_worker_waits_out_a_database_locked_by_another_connection(worker, var_dir, sqlite_only):
    assert finished(worker_tasks.add.enqueue(1, 1), worker).status == "SUCCESSFUL"  # it is up
    other = sqlite3.connect(var_dir / "atelier.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    time.sleep(4)  # the worker looks for tasks every 0.1 s and gives up a wait after 1 s
    other.execute("ROLLBACK")
    other.close()

    result = finished(worker_tasks.add.enqueue(20, 22), worker)

    assert (result.status, result.return_value) == ("SUCCESSFUL", 42)
    assert worker.poll() is None, output(worker)
    assert "database is locked" in output(worker)


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Refusing connections is PostgreSQL's.")


def test_the_worker_waits_out_a_database_that_refuses_connections(worker, postgresql_only):
    import psycopg

    assert finished(worker_tasks.add.enqueue(1, 1), worker).status == "SUCCESSFUL"  # it is up
    settings_dict = connection.settings_dict
    name = settings_dict["NAME"]
    # As during a restart or a fail-over: the worker's connection is cut and new ones refused.
    server = psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        autocommit=True,
    )
    try:
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> %s",
            [name, connection.connection.info.backend_pid],
        )
        time.sleep(4)
    finally:
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        server.close()

    result = finished(worker_tasks.add.enqueue(20, 22), worker)

    assert (result.status, result.return_value) == ("SUCCESSFUL", 42)
    assert worker.poll() is None, output(worker)
    assert "could not use the database" in output(worker)
