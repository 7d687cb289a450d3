"""The shared parts of imports: progress written every N rows, outcomes kept up to a limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atelier.core.imports import ImportOutcomes, progress_recorder
from atelier.plans.models import ImportRun
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_progress_is_written_every_n_rows_and_at_the_last():
    run = ImportRun.objects.create(plan=PlanFactory(), content="", total_rows=5)
    runs = ImportRun.objects.filter(pk=run.pk)
    progress = progress_recorder(runs, every=2)
    seen = []
    for done in range(1, 6):
        with CaptureQueriesContext(connection) as writes:
            progress(done, 5)
        run.refresh_from_db()
        seen.append((run.done_rows, len([q for q in writes if "UPDATE" in q["sql"]])))
    assert seen == [(0, 0), (2, 1), (2, 0), (4, 1), (5, 1)]


def test_outcomes_count_everything_and_keep_objects_up_to_the_limit():
    outcomes = ImportOutcomes(limit=2)
    for pk in (1, 2, 3):
        outcomes.add("created", "action", pk)
    outcomes.add("updated", "action", 9)
    outcomes.add("unchanged", "action", 10)
    assert outcomes.run_fields() == {
        "created_count": 3,
        "updated_count": 1,
        "unchanged_count": 1,
        "created_objects": [["action", 1], ["action", 2]],
        "updated_objects": [["action", 9]],
    }
