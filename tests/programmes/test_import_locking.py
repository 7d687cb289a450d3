"""A large import leaves the database to everyone else: log-ins never fail while it runs.

On SQLite these run on a file copy of the test database with the production profile (WAL,
IMMEDIATE transactions) and a short busy timeout, so a transaction held for the whole file
would fail the other writers within the test.
"""

import csv
import io
import sqlite3
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, connections
from django.test import Client

from atelier.programmes import importer, services
from atelier.programmes.models import ImportRun, Programme
from tests.core.file_database import sqlite_file
from tests.factories import PASSWORD
from tests.programmes.test_importer import HEADER, row, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

BUSY_TIMEOUT = 5  # seconds a writer waits for the lock before "database is locked"


@pytest.fixture
def database(tmp_path):
    with sqlite_file(tmp_path / "atelier.sqlite3", timeout=BUSY_TIMEOUT) as path:
        yield path


def can_write_at_once(path):
    """Whether another connection gets SQLite's write lock without waiting."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "import"])
def test_between_rows_no_transaction_is_open(database, tmp_path, dry_run):
    path = write_csv(tmp_path / "projects.csv", [row(f"ID-{n}") for n in range(30)])
    seen = []

    def progress(done, total):
        seen.append((connection.in_atomic_block, can_write_at_once(database) if database else True))

    summary = importer.import_projects(path, dry_run=dry_run, progress=progress)

    assert len(summary.created) == 30
    assert seen == [(False, True)] * 30
    assert Programme.objects.count() == (0 if dry_run else 30)


def test_log_ins_succeed_while_a_large_file_is_previewed_and_imported(database, alice, tmp_path):
    # The first search entry a process writes loads the language identifier and the URLs,
    # seconds inside that row's transaction: done here, once, as a running worker has done.
    importer.import_projects(write_csv(tmp_path / "first.csv", [row("ID-first")]))
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *(row(f"ID-{n}") for n in range(2000))])
    upload = SimpleUploadedFile("projects.csv", buffer.getvalue().encode(), "text/csv")
    outcome = {}

    def preview_and_import():
        try:
            # Tasks run at once in the tests: the preview on upload, the import on confirming.
            run = services.preview_import(upload, actor=alice)
            outcome["previewed"] = ImportRun.objects.get(pk=run.pk).state
            outcome["run"] = services.confirm_import(run, actor=alice).pk
        except Exception as error:  # noqa: BLE001 - asserted on below
            outcome["error"] = error
        finally:
            connections.close_all()

    importing = threading.Thread(target=preview_and_import)
    importing.start()
    log_ins, errors = [], []
    while importing.is_alive():
        try:
            log_ins.append(Client().login(email=alice.email, password=PASSWORD))
        except OperationalError as error:
            errors.append(error)
    importing.join()

    assert errors == []
    assert "error" not in outcome
    assert len(log_ins) > 20  # they really ran side by side
    assert all(log_ins)
    run = ImportRun.objects.get(pk=outcome["run"])
    assert (outcome["previewed"], run.state, run.summary["created"]) == ("previewed", "done", 2000)
    assert Programme.objects.count() == 2001
