"""A CSV import writes row by row: between two rows no transaction is open, and on SQLite any
other connection can write at once (the whole file in one transaction kept log-ins out for a
minute with 2,000 actions)."""

import sqlite3

import pytest
from django.db import connection

from atelier.plans import services
from atelier.plans.models import Action
from tests.core.file_database import sqlite_file

from .factories import PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


def can_write_at_once(path):
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_between_rows_no_transaction_is_open(tmp_path, cora):
    rows = [f"Goal {n % 3},Action {n},,cora@example.org,,,,,,," for n in range(30)]
    content = "\n".join([",".join(services.CSV_COLUMNS), *rows]).encode()
    with sqlite_file(tmp_path / "atelier.sqlite3") as path:
        plan = PlanFactory()
        seen = []

        def progress(done, total):
            seen.append((connection.in_atomic_block, can_write_at_once(path) if path else True))

        result = services.import_csv(cora, plan, content, progress=progress)

        assert result == services.CsvImport(created=30, updated=0, unchanged=0)
        assert seen == [(False, True)] * 30
        assert Action.objects.filter(goal__plan=plan).count() == 30
