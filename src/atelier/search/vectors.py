"""Nearest neighbours: on PostgreSQL in the database (pgvector, ``DatabaseIndex``); elsewhere in
process, every vector of the index in one NumPy matrix per process (``VectorIndex``).

The matrix follows the database: every change to the vectors writes a new generation into
``search_state`` in the same transaction; a search that finds a generation it has not seen
loads the new rows (or, when rows were removed, drops theirs) before it ranks. Removed items
never show, whatever the matrix holds: results are read back from the entries that exist.

A large index is searched in two steps: every vector's projection on the index's main
directions first (a third of the memory to read), then the exact similarity of the best
candidates of that step. ``bench/search_speed.py`` prints how many of the exact ten nearest
the two steps keep.
"""

import threading
import uuid

import numpy as np
from django.db import connection, transaction
from threadpoolctl import threadpool_limits

from .embeddings import DIMENSIONS

# One BLAS thread: a matrix-vector product is bound by memory, so a second thread adds no
# speed, only a core spinning while it waits (taken from the web process's other requests).
threadpool_limits(limits=1, user_api="blas")

_BATCH = 2000
# Below this many vectors, any change reloads the whole matrix.
FULL_RELOAD_BELOW = 20_000
# From this many vectors on, the nearest are found in two steps.
TWO_STEPS_FROM = 20_000
REDUCED_DIMENSIONS = 128
CANDIDATES = 2000
# The main directions are found again when the index has grown this much since.
REFIT_GROWTH = 2.0
_FIT_SAMPLE = 50_000


def mark_changed():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_state SET generation = %s WHERE id = 1", [uuid.uuid4().hex])


class VectorIndex:
    def __init__(self):
        self._lock = threading.Lock()
        self._clear()

    def _clear(self):
        self._last_scores = None
        self.generation = None
        self.max_id = 0
        self.matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.vector_ids = np.zeros(0, dtype=np.int64)
        self.entry_ids = np.zeros(0, dtype=np.int64)
        self.object_ids = np.zeros(0, dtype=np.int64)
        self.kinds = np.zeros(0, dtype=np.int16)
        self.languages = np.zeros(0, dtype=np.int16)
        self.kind_codes: dict[str, int] = {}
        self.language_codes: dict[str, int] = {}
        # The two steps: the main directions (DIMENSIONS x REDUCED_DIMENSIONS), every row
        # projected on them, and how many rows there were when they were found.
        self.basis = None
        self.reduced = None
        self.fitted_rows = 0

    def __len__(self):
        return len(self.vector_ids)

    # ------------------------------------------------------------------ keeping up

    def _state(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT generation FROM search_state WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else ""

    def refresh(self):
        generation = self._state()
        if generation == self.generation:
            return
        with self._lock:
            if generation == self.generation:
                return
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM search_vector")
                max_id, count = cursor.fetchone()
            # Small indexes are reloaded whole: quick, and right whatever happened (ids that a
            # rolled-back transaction used can come back with other vectors).
            follow = (
                len(self) >= FULL_RELOAD_BELOW and max_id >= self.max_id and self._last_row_kept()
            )
            if follow:
                if max_id > self.max_id:
                    self._append(self.max_id)
                if len(self) != count:
                    self._prune()
            if not follow or len(self) != count:
                self._clear()
                self._append(0)
            self._reduce()
            self.generation = generation

    def _reduce(self):
        """Keep the projection for the two steps in step with the matrix (or drop it)."""
        rows = len(self)
        if rows < TWO_STEPS_FROM:
            self.basis = self.reduced = None
            self.fitted_rows = 0
            return
        if self.basis is None or rows > REFIT_GROWTH * self.fitted_rows:
            sample = self.matrix
            if rows > _FIT_SAMPLE:
                picked = np.random.default_rng(rows).choice(rows, _FIT_SAMPLE, replace=False)
                sample = self.matrix[np.sort(picked)]
            # The directions that carry most of the vectors' (uncentred) energy: the
            # eigenvectors of their second-moment matrix, largest first.
            _values, directions = np.linalg.eigh(sample.T @ sample)
            self.basis = np.ascontiguousarray(
                directions[:, ::-1][:, :REDUCED_DIMENSIONS], dtype=np.float32
            )
            self.fitted_rows = rows
            self.reduced = self.matrix @ self.basis
        # Otherwise ``_append`` and ``_prune`` have kept the projection in step.

    def _last_row_kept(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT entry_id, data FROM search_vector WHERE id = %s", [self.max_id])
            row = cursor.fetchone()
        last = np.nonzero(self.vector_ids == self.max_id)[0]
        return (
            row is not None
            and len(last) == 1
            and row[0] == self.entry_ids[last[0]]
            and bytes(row[1]) == self.matrix[last[0]].tobytes()
        )

    def _code(self, codes, value):
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(codes)
        return code

    def _append(self, after_id):
        blocks, vector_ids, entry_ids, object_ids, kinds, languages = [], [], [], [], [], []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT v.id, v.entry_id, e.object_id, e.kind, e.language, v.data "
                "FROM search_vector v JOIN search_entry e ON e.id = v.entry_id "
                "WHERE v.id > %s ORDER BY v.id",
                [after_id],
            )
            while rows := cursor.fetchmany(_BATCH):
                blocks.append(
                    np.frombuffer(
                        b"".join(bytes(row[5]) for row in rows), dtype=np.float32
                    ).reshape(len(rows), DIMENSIONS)
                )
                for vector_id, entry_id, object_id, kind, language, _data in rows:
                    vector_ids.append(vector_id)
                    entry_ids.append(entry_id)
                    object_ids.append(object_id)
                    kinds.append(self._code(self.kind_codes, kind))
                    languages.append(self._code(self.language_codes, language))
        if not vector_ids:
            return
        added = np.vstack(blocks)
        self.matrix = np.vstack([self.matrix, added])
        if self.reduced is not None:
            self.reduced = np.vstack([self.reduced, added @ self.basis])
        self.vector_ids = np.concatenate([self.vector_ids, np.array(vector_ids, np.int64)])
        self.entry_ids = np.concatenate([self.entry_ids, np.array(entry_ids, np.int64)])
        self.object_ids = np.concatenate([self.object_ids, np.array(object_ids, np.int64)])
        self.kinds = np.concatenate([self.kinds, np.array(kinds, np.int16)])
        self.languages = np.concatenate([self.languages, np.array(languages, np.int16)])
        self.max_id = max(self.max_id, int(self.vector_ids.max()))

    def _prune(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM search_vector WHERE id <= %s", [self.max_id])
            alive = np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)
        keep = np.isin(self.vector_ids, alive)
        for name in ("matrix", "vector_ids", "entry_ids", "object_ids", "kinds", "languages"):
            setattr(self, name, getattr(self, name)[keep])
        if self.reduced is not None:
            self.reduced = self.reduced[keep]

    # ------------------------------------------------------------------ reading

    def _mask(self, kinds, languages):
        mask = None
        if kinds:
            codes = [self.kind_codes[k] for k in kinds if k in self.kind_codes]
            mask = np.isin(self.kinds, codes)
        if languages:
            codes = [self.language_codes[c] for c in languages if c in self.language_codes]
            language_mask = np.isin(self.languages, codes)
            mask = language_mask if mask is None else mask & language_mask
        return mask

    def nearest(
        self, query_vector, *, kinds=(), languages=(), limit=200, by_object=False, exact=False
    ):
        """The ``limit`` entries closest to the query, {entry id: similarity} (or {object id:
        similarity}, for one kind), each scored by its best chunk. A large index is searched in
        two steps unless ``exact``."""
        self.refresh()
        with self._lock:
            matrix, reduced, basis = self.matrix, self.reduced, self.basis
            ids = self.object_ids if by_object else self.entry_ids
            mask = self._mask(kinds, languages)
        if not len(ids):
            return {}
        # Several chunks may belong to one entry: take enough rows to fill ``limit`` entries.
        wanted = min(len(ids), limit * 4)
        rows = None
        if not exact and reduced is not None and len(reduced) == len(matrix) > CANDIDATES:
            approximate = self._scores(reduced, query_vector, basis)
            if mask is not None:
                approximate = np.where(mask, approximate, -np.inf)
            rows = np.argpartition(-approximate, CANDIDATES - 1)[:CANDIDATES]
            rows = rows[approximate[rows] > -np.inf]
            scores = matrix[rows] @ query_vector
            wanted = min(len(rows), wanted)
            if not wanted:
                return {}
        else:
            scores = self._scores(matrix, query_vector)
            if mask is not None:
                scores = np.where(mask, scores, -np.inf)
        top = np.argpartition(-scores, wanted - 1)[:wanted]
        top = top[np.argsort(-scores[top], kind="stable")]
        best: dict[int, float] = {}
        for position in top:
            score = float(scores[position])
            if score == -np.inf:
                break
            key = int(ids[position if rows is None else rows[position]])
            if key not in best:
                best[key] = score
                if len(best) == limit:
                    break
        return best

    def _scores(self, matrix, query_vector, basis=None):
        # A search with filters asks twice (for its counts, then for its results): the same
        # query against the same matrix is multiplied once.
        last = self._last_scores
        if last is not None and last[0] is matrix and last[1] is query_vector:
            return last[2]
        scores = matrix @ (query_vector if basis is None else query_vector @ basis)
        self._last_scores = (matrix, query_vector, scores)
        return scores

    def similarities(self, query_vector, entry_ids):
        """{entry id: similarity} for the given entries that have vectors."""
        return self._best_of(query_vector, entry_ids, by_object=False)

    def object_similarities(self, query_vector, kind, object_ids):
        """{object id: similarity} for items of one kind."""
        return self._best_of(query_vector, object_ids, by_object=True, kind=kind)

    def _best_of(self, query_vector, wanted_ids, *, by_object, kind=None):
        self.refresh()
        with self._lock:
            matrix, kinds = self.matrix, self.kinds
            ids = self.object_ids if by_object else self.entry_ids
            code = self.kind_codes.get(kind) if kind is not None else None
        if (kind is not None and code is None) or not len(ids):
            return {}
        wanted = np.fromiter(wanted_ids, dtype=np.int64)
        if not len(wanted):
            return {}
        selected = np.isin(ids, wanted)
        if code is not None:
            selected &= kinds == code
        rows = np.nonzero(selected)[0]
        scores = matrix[rows] @ query_vector
        best: dict[int, float] = {}
        for key, score in zip(ids[rows].tolist(), scores.tolist(), strict=True):
            if score > best.get(key, -2.0):
                best[key] = score
        return best


class DatabaseIndex:
    """Nearest neighbours in PostgreSQL: pgvector's HNSW index (cosine) over ``search_vector``,
    searched in SQL together with the filters. Web processes keep no copy of the vectors, and
    every process and worker sees a change as soon as it is committed."""

    def refresh(self):
        """Nothing to follow: the database is the index."""

    def __len__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_vector")
            return cursor.fetchone()[0]

    def nearest(
        self, query_vector, *, kinds=(), languages=(), limit=200, by_object=False, exact=False
    ):
        """As ``VectorIndex.nearest``; ``exact`` scans every vector instead of the graph."""
        from .models import to_pgvector

        query = to_pgvector(query_vector)
        where, params = [], []
        if kinds:
            where.append("e.kind = ANY(%s)")
            params.append(list(kinds))
        if languages:
            where.append("e.language = ANY(%s)")
            params.append(list(languages))
        sql = (
            "SELECT v.entry_id, e.object_id, 1 - (v.data <=> %s::vector) "
            "FROM search_vector v JOIN search_entry e ON e.id = v.entry_id "
            + (f"WHERE {' AND '.join(where)} " if where else "")
            + "ORDER BY v.data <=> %s::vector LIMIT %s"
        )
        # Most entries have one vector: a quarter more rows than entries fills ``limit`` in
        # one read. Entries of several chunks may leave it short; only then is it read again
        # with room for four chunks an entry (each row read costs pgvector's scan time).
        wanted = limit + max(10, limit // 4)
        args = (sql, [query, *params, query])
        best, read = self._nearest_rows(*args, wanted, limit, by_object, exact)
        if len(best) < limit and read == wanted:
            best, _read = self._nearest_rows(*args, limit * 4, limit, by_object, exact)
        return best

    def _nearest_rows(self, sql, params, wanted, limit, by_object, exact):
        if exact:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute(sql, [*params, wanted])
                rows = cursor.fetchall()
        else:
            # hnsw.ef_search and hnsw.iterative_scan come with the connection (settings).
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, wanted])
                rows = cursor.fetchall()
        best: dict[int, float] = {}
        for entry_id, object_id, score in sorted(rows, key=lambda row: -row[2]):
            key = object_id if by_object else entry_id
            if key not in best:
                best[key] = float(score)
                if len(best) == limit:
                    break
        return best, len(rows)

    def similarities(self, query_vector, entry_ids):
        """{entry id: similarity} for the given entries that have vectors."""
        return self._best_of(
            query_vector,
            "SELECT v.entry_id, MAX(1 - (v.data <=> %s::vector)) FROM search_vector v "
            "WHERE v.entry_id = ANY(%s) GROUP BY v.entry_id",
            [list(entry_ids)],
        )

    def object_similarities(self, query_vector, kind, object_ids):
        """{object id: similarity} for items of one kind."""
        return self._best_of(
            query_vector,
            "SELECT e.object_id, MAX(1 - (v.data <=> %s::vector)) FROM search_vector v "
            "JOIN search_entry e ON e.id = v.entry_id "
            "WHERE e.kind = %s AND e.object_id = ANY(%s) GROUP BY e.object_id",
            [kind, list(object_ids)],
        )

    def _best_of(self, query_vector, sql, params):
        from .models import to_pgvector

        if not params[-1]:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [to_pgvector(query_vector), *params])
            return {key: float(score) for key, score in cursor.fetchall()}


_index = VectorIndex()
_database_index = DatabaseIndex()


def index():
    """PostgreSQL searches its own vectors (pgvector); elsewhere one matrix per process."""
    if connection.vendor == "postgresql":
        return _database_index
    return _index
