"""Shared by the benchmarks: a fresh SQLite database in a temporary directory, or a PostgreSQL
database of their own."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def own_postgres_database():
    """With DATABASE_URL set, the benchmark's PostgreSQL database: never the tests' or the
    server's own (benchmarks empty tables), and created when it does not exist yet."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return
    name = url.rsplit("/", 1)[-1].split("?")[0]
    if not url.startswith("postgres") or name in ("", "test", "postgres", "atelier"):
        sys.exit(f"Give the benchmark a PostgreSQL database of its own, not {name!r}.")
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def django_with_fresh_database():
    """Django on a fresh SQLite database in a temporary directory, or with DATABASE_URL on a
    PostgreSQL database of the benchmark's own (``own_postgres_database``)."""
    own_postgres_database()
    var = tempfile.mkdtemp(prefix="atelier-bench-")
    os.environ["ATELIER_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault(
        "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return var


def fill_vectors(real, sigma=0.02, seed=11):
    """Vectors for every search entry: ``real`` entries embedded for real by the product
    (``services.embed``), the others a real one's vector with Gaussian noise, renormalised.
    Returns (real, seconds the real ones took, vectors they made)."""
    import time

    import numpy as np

    from atelier.search import embeddings, services, vectors
    from atelier.search.models import Entry, Vector

    entry_ids = list(Entry.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    services.embed(entry_ids[:real])
    seconds = time.perf_counter() - started
    base = np.stack(
        [
            embeddings.from_bytes(data)
            for data in Vector.objects.order_by("pk").values_list("data", flat=True)
        ]
    )
    rng = np.random.default_rng(seed)
    rest = entry_ids[real:]
    Entry.objects.filter(pk__in=rest).update(embedded_hash="perturbed")
    for start in range(0, len(rest), 5000):
        chunk = rest[start : start + 5000]
        picked = base[rng.integers(0, len(base), len(chunk))]
        noisy = picked + rng.normal(0, sigma, picked.shape).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        Vector.objects.bulk_create(
            [
                Vector(entry_id=entry_id, position=0, data=embeddings.to_bytes(vector))
                for entry_id, vector in zip(chunk, noisy, strict=True)
            ],
            batch_size=2000,
        )
    vectors.mark_changed()
    return real, seconds, len(base)
