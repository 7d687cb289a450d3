"""Times the import of the Culture 2007-2013 export (737 projects) into a fresh database.

Usage: .venv/bin/python bench/import_projects.py [FILE]
Target: under 60 s.
"""

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

EXPORT = ROOT.parent / "shared" / "data" / "eu-culture-2007-2013-projects.xls"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else str(EXPORT)
    var = django_with_fresh_database()
    from atelier.network.models import Organisation
    from atelier.programmes.importer import import_projects
    from atelier.programmes.models import Partner, Programme

    try:
        started = time.perf_counter()
        first = import_projects(path)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        second = import_projects(path)
        second_time = time.perf_counter() - started
        print(f"file: {path}")
        print(
            f"first import:  {first_time:6.2f} s  ({len(first.created)} created, "
            f"{len(first.skipped)} skipped, {first.organisations_created} organisations)"
        )
        print(
            f"second import: {second_time:6.2f} s  ({len(second.created)} created, "
            f"{len(second.unchanged)} unchanged, {len(second.updated)} updated)"
        )
        print(
            f"in the database: {Programme.objects.count()} programmes, "
            f"{Partner.objects.count()} partners, {Organisation.objects.count()} organisations"
        )
        print("target: under 60 s —", "met" if first_time < 60 else "MISSED")
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
