"""A kind's entries as bitmaps (bit n: entry n), one per facet value, kept in each process.

Facet counts and filters of a kind's list become a few big-integer ANDs and popcounts,
whatever the size of the match set, where SQL would count a row per entry and facet value.
The index is built from ``search_facet`` and the kind's entries, and built again when the
kind's generation (``search_kindstate``) is no longer the one it was built from.
"""

import threading
import uuid

import numpy as np
from django.db import connection

from .keyword import Members

# An undated entry's date: below every real one, and still negatable.
NEVER = int(np.iinfo(np.int64).min) + 1


def changed(kind):
    """A new generation for ``kind``: every process's facet index of it is out of date."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_kindstate (kind, generation) VALUES (%s, %s) "
            "ON CONFLICT (kind) DO UPDATE SET generation = EXCLUDED.generation",
            [kind, uuid.uuid4().hex],
        )


def bitmap_of(ids):
    ids = np.fromiter(ids, dtype=np.int64) if not isinstance(ids, np.ndarray) else ids
    if not len(ids):
        return 0
    present = np.zeros(int(ids.max()) + 1, dtype=bool)
    present[ids] = True
    return int.from_bytes(np.packbits(present, bitorder="little").tobytes(), "little")


def ids_of(bits):
    """The entry ids in a bitmap, in increasing order."""
    found = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for position, byte in enumerate(data):
        while byte:
            low = byte & -byte
            found.append(position * 8 + low.bit_length() - 1)
            byte ^= low
    return found


class FacetIndex:
    def __init__(self, generation, bitmaps, entry_ids, object_ids, dates):
        self.generation = generation
        self.bitmaps = bitmaps
        # The kind's entries, sorted by id, with their items' ids beside them.
        order = np.argsort(entry_ids, kind="stable")
        self.entry_ids = entry_ids[order]
        self.object_ids = object_ids[order]
        by_object = np.argsort(self.object_ids, kind="stable")
        self._objects_sorted = self.object_ids[by_object]
        self._entries_by_object = self.entry_ids[by_object]
        self.everything = bitmap_of(self.entry_ids)
        self.size = len(self.entry_ids)
        # Newest first (undated ones last), ties to the newer item.
        newest = np.lexsort((-object_ids, -dates, dates == NEVER))
        self.newest = entry_ids[newest]

    @classmethod
    def load(cls, kind, generation):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, object_id, dated FROM search_entry WHERE kind = %s", [kind])
            rows = cursor.fetchall()
            entry_ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            object_ids = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
            dates = np.fromiter(
                (_timestamp(row[2]) for row in rows), dtype=np.int64, count=len(rows)
            )
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT f.key, array_agg(f.entry_id) FROM search_facet f "
                    "JOIN search_entry e ON e.id = f.entry_id WHERE e.kind = %s GROUP BY f.key",
                    [kind],
                )
                grouped = cursor.fetchall()
            else:
                cursor.execute(
                    "SELECT f.key, group_concat(f.entry_id) FROM search_facet f "
                    "JOIN search_entry e ON e.id = f.entry_id WHERE e.kind = %s GROUP BY f.key",
                    [kind],
                )
                grouped = [(key, map(int, ids.split(","))) for key, ids in cursor.fetchall()]
        bitmaps = {key: bitmap_of(ids) for key, ids in grouped}
        return cls(generation, bitmaps, entry_ids, object_ids, dates)

    def mask(self, name, values):
        bits = 0
        for value in values:
            bits |= self.bitmaps.get(f"{name}:{value}", 0)
        return bits

    def counts(self, base, names):
        prefixes = tuple(f"{name}:" for name in names)
        counts = {}
        for key, bits in self.bitmaps.items():
            if key.startswith(prefixes):
                count = (base & bits).bit_count()
                if count:
                    counts[key] = count
        return counts

    def objects_of(self, entry_ids):
        """{entry id: object id} for those of these entries the index holds."""
        wanted = np.asarray(entry_ids, dtype=np.int64)
        positions = np.searchsorted(self.entry_ids, wanted)
        found = {}
        for entry_id, position in zip(wanted.tolist(), positions.tolist(), strict=True):
            if position < self.size and self.entry_ids[position] == entry_id:
                found[entry_id] = int(self.object_ids[position])
        return found

    def entries_of(self, object_ids):
        """The entry ids of these items, in their order, leaving out those the index lacks."""
        wanted = np.asarray(object_ids, dtype=np.int64)
        positions = np.searchsorted(self._objects_sorted, wanted)
        found = []
        for object_id, position in zip(wanted.tolist(), positions.tolist(), strict=True):
            if position < self.size and self._objects_sorted[position] == object_id:
                found.append(int(self._entries_by_object[position]))
        return found

    def newest_page(self, candidates, count, limit, offset):
        """One page of the candidates (a bitmap of ``count`` entries), newest first."""
        wanted = offset + limit
        if count == self.size and candidates == self.everything:
            return self.newest[offset:wanted].tolist()
        members = Members(candidates)
        found = []
        for pk in self.newest.tolist():
            if pk in members:
                found.append(pk)
                if len(found) == wanted:
                    break
        return found[offset:wanted]


def _timestamp(value):
    if value is None:
        return NEVER
    if isinstance(value, str):  # SQLite hands a plain string to a raw cursor
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    return int(value.timestamp() * 1_000_000)


_lock = threading.Lock()
_indexes: dict[tuple, FacetIndex] = {}


def index(kind):
    """This process's facet index of ``kind``, current with the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT generation FROM search_kindstate WHERE kind = %s", [kind])
        row = cursor.fetchone()
    generation = row[0] if row else ""
    # One per database, so tests and benchmarks on several databases never mix them.
    key = (connection.vendor, connection.settings_dict["NAME"], kind)
    found = _indexes.get(key)
    if found is None or found.generation != generation:
        with _lock:
            found = _indexes.get(key)
            if found is None or found.generation != generation:
                found = FacetIndex.load(kind, generation)
                _indexes[key] = found
    return found
