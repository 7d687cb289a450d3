"""Times a large projects import and what it does to everyone else writing meanwhile.

Usage: .venv/bin/python bench/import_locking.py [ROWS]   (default 20000)

Builds a CSV of ROWS projects from the Culture 2007-2013 export (its rows repeated under new
identifiers, so organisations are matched as in a real export), then runs the preview (the dry
run) and the import on a fresh SQLite database while another thread records a log-in (a write
to the user's row) every 0.2 s. Prints how long each phase took, the longest a log-in waited
and how many failed. On PostgreSQL, set DATABASE_URL to an empty database.
"""

import csv
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

EXPORT = ROOT.parent / "shared" / "data" / "eu-culture-2007-2013-projects.xls"


def build_csv(path, rows):
    from python_calamine import CalamineWorkbook

    table = CalamineWorkbook.from_path(str(EXPORT)).get_sheet_by_index(0).to_python()
    header, body = table[0], table[1:]
    identifier = header.index("Project Identifier")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            cells = list(body[number % len(body)])
            cells[identifier] = f"{cells[identifier]}-{number // len(body)}"
            writer.writerow(cells)


class LogIns(threading.Thread):
    """Writes what a log-in writes, every 0.2 s, on its own connection; notes waits and errors."""

    def __init__(self, user_id):
        super().__init__(daemon=True)
        self.user_id = user_id
        self.stopping = threading.Event()
        self.waits, self.errors = [], []

    def run(self):
        from django.db import OperationalError, connection
        from django.utils import timezone

        from atelier.accounts.models import User

        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                User.objects.filter(pk=self.user_id).update(last_login=timezone.now())
            except OperationalError as error:
                self.errors.append(str(error))
            self.waits.append(time.perf_counter() - started)
            self.stopping.wait(0.2)
        connection.close()


def measured(label, work, user_id):
    logins = LogIns(user_id)
    logins.start()
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    logins.stopping.set()
    logins.join()
    longest = max(logins.waits, default=0)
    print(
        f"{label:8} {seconds:7.1f} s   log-ins: {len(logins.waits)}, longest wait "
        f"{longest:5.2f} s, failed {len(logins.errors)}"
        + (f" ({logins.errors[0]})" if logins.errors else "")
    )
    return result


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    var = Path(django_with_fresh_database())
    from atelier.accounts.models import User
    from atelier.programmes.importer import import_projects

    path = var / "projects.csv"
    build_csv(path, rows)
    user = User.objects.create_user(email="bench@example.org", password="x")
    print(f"{rows} rows, {path.stat().st_size / 1e6:.1f} MB")
    try:
        preview = measured("preview", lambda: import_projects(path, dry_run=True), user.pk)
        summary = measured("import", lambda: import_projects(path), user.pk)
        print(
            f"preview said {len(preview.created)} created; the import created "
            f"{len(summary.created)}, skipped {len(summary.skipped)}"
        )
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
