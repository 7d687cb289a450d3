"""Imports run by the task worker: their progress, and what they created and updated.

An app's import run model extends ``core.models.ImportRunBase``; its task records progress with
``progress_recorder`` and its outcome with ``ImportOutcomes``, and its page lists the outcome
with ``outcome_links`` and the template ``core/import_outcome.html``.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from .models import ImportRunBase


def progress_recorder(runs, every=25):
    """``progress(done, total)`` for an importer: writes the rows done to ``runs`` (a queryset
    of one run) every ``every`` rows and at the last one, each time in a short transaction of
    its own, so the page polling the run sees it move without a write per row."""

    def progress(done, total):
        if done % every == 0 or done == total:
            with transaction.atomic():
                runs.update(done_rows=done, total_rows=total)

    return progress


class ImportOutcomes:
    """What an import did to each object: counts of every outcome, and the objects created and
    updated themselves (as ``[kind, id]``) up to ``ImportRunBase.OBJECTS_KEPT`` each."""

    LISTED = ("created", "updated")

    def __init__(self, limit=ImportRunBase.OBJECTS_KEPT):
        self.limit = limit
        self.counts = Counter()
        self.objects = {outcome: [] for outcome in self.LISTED}

    def add(self, outcome, kind=None, pk=None):
        self.counts[outcome] += 1
        kept = self.objects.get(outcome)
        if kept is not None and pk is not None and len(kept) < self.limit:
            kept.append([kind, pk])

    def run_fields(self):
        """The fields of an ``ImportRunBase`` this outcome sets."""
        return {
            "created_count": self.counts["created"],
            "updated_count": self.counts["updated"],
            "unchanged_count": self.counts["unchanged"],
            "created_objects": self.objects["created"],
            "updated_objects": self.objects["updated"],
        }


@dataclass(frozen=True)
class Link:
    """An object an import touched, as its page lists it; ``title`` is multilingual text."""

    kind: str
    pk: int
    title: object
    url: str


def outcome_links(run, resolvers):
    """The objects ``run`` created and updated, as ``{"created": {"links": [...], "more": n},
    "updated": ...}``, in the order the import wrote them.

    ``resolvers`` maps a kind to a function that takes a set of ids and returns the ``Link`` of
    each that still exists and the reader may see: one query per kind, however many objects.
    ``more`` counts those the run counted but does not list (past the limit, or gone since).
    """
    wanted = {}
    for outcome in ImportOutcomes.LISTED:
        for kind, pk in getattr(run, f"{outcome}_objects"):
            wanted.setdefault(kind, set()).add(pk)
    found = {}
    for kind, pks in wanted.items():
        resolver = resolvers.get(kind)
        if resolver is not None:
            found.update(((kind, link.pk), link) for link in resolver(pks))
    result = {}
    for outcome in ImportOutcomes.LISTED:
        links = [
            found[(kind, pk)]
            for kind, pk in getattr(run, f"{outcome}_objects")
            if (kind, pk) in found
        ]
        count = getattr(run, f"{outcome}_count")
        result[outcome] = {"links": links, "count": count, "more": max(count - len(links), 0)}
    return result
