"""Server time of library search with 100,000 published resources and their vectors (target:
p95 under 100 ms).

Usage:
  .venv/bin/python bench/library_search.py [--count 100000] [--real 500] [--searches 400] [--reuse]
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_bench \\
      .venv/bin/python bench/library_search.py

SQLite (the default) uses its own database file, var/bench-library/atelier.sqlite3, never the
demo's. On PostgreSQL, give a database of its own: the benchmark empties its library and search
tables. With --reuse, a database that already holds the generated resources is searched again
as is.

Every search goes through ``library.queries.search``, what the /library/ page and the API call:
the shared search's ``find`` (keyword match, ranking by meaning and words, facet counts from the
facet bitmaps, snippets), then one page of resources with their card data. Search by meaning is
on: ``--real`` resources are embedded by the product, the others get a real one's vector with
small noise (``_setup.fill_vectors``), and each query is embedded afresh (its encoding is part
of the time). The mix: one- and two-word queries drawn from the vocabulary as often as the
words occur, some with facet filters, browse pages without a query, each sort.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        os.environ["ATELIER_VAR_DIR"] = str(ROOT / "var" / "bench-library")
    else:
        from _setup import own_postgres_database

        own_postgres_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty_library():
    from django.db import connection

    from atelier.library.models import Resource

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "TRUNCATE library_resource, search_entry, search_facet, search_vector, "
                "search_keyword, search_keyword_text, search_kindstate CASCADE"
            )
        else:
            Resource.objects.all().delete()
            for table in ("search_keyword", "search_vector", "search_facet", "search_entry"):
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM search_kindstate")


def plan(vocabulary, count, seed=5):
    """The searches to run: (label, keyword arguments of queries.search)."""
    import random

    from library_data import KINDS, LANGUAGES, query_sampler

    rng, word = query_sampler(vocabulary, seed)
    choose = random.Random(seed + 1)
    facets = [
        lambda: {"kind": [choose.choice(KINDS)[0]]},
        lambda: {"lang": [choose.choice(list(LANGUAGES))]},
        lambda: {"year": [str(choose.randint(2016, 2025))]},
        lambda: {"theme": [choose.choice(["cultural-heritage", "audience-development"])]},
        lambda: {"kind": ["toolkit", "guide"], "lang": ["en"]},
        lambda: {"programme": ["ce-plus"], "year": ["2024", "2025"]},
    ]
    searches = []
    for _ in range(count):
        roll = choose.random()
        sort = choose.choices(["relevance", "newest", "downloads"], weights=[6, 3, 1])[0]
        if roll < 0.45:
            searches.append(("one word", {"query": word(), "sort": sort}))
        elif roll < 0.68:
            searches.append(("two words", {"query": f"{word()} {word()}", "sort": sort}))
        elif roll < 0.83:
            filters = choose.choice(facets)()
            searches.append(("words + facets", {"query": word(), "filters": filters, "sort": sort}))
        elif roll < 0.95:
            filters = choose.choice(facets)() if choose.random() < 0.6 else {}
            page = choose.choice([1, 1, 1, 2, 3, 10])
            searches.append(("browse", {"filters": filters, "sort": sort, "page": page}))
        else:
            # A very common word, as someone typing "the" or "na" would.
            searches.append(("common word", {"query": word(broad=True), "sort": sort}))
    return searches


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--real", type=int, default=500, help="resources embedded for real")
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    setup_django()
    from _setup import fill_vectors
    from django.db import connection
    from library_data import languages, populate

    from atelier.library import queries
    from atelier.library.models import Resource
    from atelier.search import embeddings, facets, vectors

    vendor = connection.vendor
    print(f"Library search benchmark on {vendor}")
    existing = Resource.objects.count()
    if args.reuse and existing == args.count:
        print(f"{existing} resources already there")
        vocabulary = languages()
    else:
        empty_library()
        started = time.perf_counter()
        vocabulary = populate(args.count)
        print(f"{args.count} resources generated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        real, seconds, made = fill_vectors(args.real)
        print(
            f"vectors: {real} resources embedded for real ({made} vectors in {seconds:.0f} s), "
            f"the others near them, in {time.perf_counter() - started:.0f} s"
        )
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("INSERT INTO search_keyword(search_keyword) VALUES ('optimize')")

    started = time.perf_counter()
    facets.index("resource")
    print(
        f"facet index loaded in {(time.perf_counter() - started) * 1000:.0f} ms "
        "(once per process, and again after each change to the library's entries)"
    )
    started = time.perf_counter()
    vectors.index().refresh()
    print(
        f"vector index ready in {(time.perf_counter() - started) * 1000:.0f} ms "
        f"({len(vectors.index())} vectors; in process on SQLite, pgvector on PostgreSQL)"
    )
    searches = plan(vocabulary, args.searches)
    for _label, kwargs in searches[:20]:  # warm up: connections, caches, the model
        queries.search(**kwargs)
    times, by_label, totals = [], {}, []
    for label, kwargs in searches:
        embeddings.embed_query.cache_clear()  # every query is encoded, as a new one would be
        started = time.perf_counter()
        result = queries.search(**kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        times.append(elapsed)
        by_label.setdefault(label, []).append(elapsed)
        totals.append(result.total)
    print(f"{len(times)} searches, median matches {statistics.median(totals):.0f}")
    for label, values in by_label.items():
        print(
            f"  {label:15s} n={len(values):4d}  p50 {percentile(values, 0.5):6.1f} ms  "
            f"p95 {percentile(values, 0.95):6.1f} ms  max {max(values):6.1f} ms"
        )
    p50, p95, p99 = (percentile(times, share) for share in (0.5, 0.95, 0.99))
    print(f"library search: p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms")
    print("target: p95 under 100 ms —", "met" if p95 < 100 else "MISSED")


if __name__ == "__main__":
    main()
