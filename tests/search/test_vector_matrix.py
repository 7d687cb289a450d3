"""The in-process matrix (the SQLite profile's vector index) follows the database: new vectors
are added, removed ones dropped. PostgreSQL searches its vectors itself (test_pgvector.py)."""

import numpy as np
import pytest
from django.db import connection

from atelier.core.multilingual import MultilingualText
from atelier.search import services, vectors
from atelier.search.embeddings import embed_query
from atelier.search.models import Entry
from tests.network.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor == "postgresql",
        reason="PostgreSQL keeps no vectors in process: pgvector searches them (test_pgvector.py)",
    ),
]


def _embed_all():
    services.embed(Entry.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("follow_from", [1, 10**9], ids=["delta", "whole"])
def test_the_matrix_follows_additions_and_removals(monkeypatch, follow_from):
    monkeypatch.setattr(vectors, "FULL_RELOAD_BELOW", follow_from)
    index = vectors.VectorIndex()
    first = OrganisationFactory(name=MultilingualText("Puppet theatre of Ljubljana", "en"))
    OrganisationFactory(name=MultilingualText("Jazz festival in Plovdiv", "en"))
    _embed_all()
    index.refresh()
    assert len(index) == 2
    OrganisationFactory(name=MultilingualText("Film archive in Timișoara", "en"))
    _embed_all()
    nearest = index.nearest(embed_query("film archive"), limit=3)
    film = Entry.objects.get(title__text="Film archive in Timișoara").pk
    assert len(index) == 3
    assert next(iter(nearest)) == film
    first.delete()
    index.refresh()
    assert len(index) == 2
    assert Entry.objects.filter(object_id=first.pk).count() == 0
    assert first.pk not in set(index.object_ids.tolist())


def test_vectors_are_normalised_so_a_dot_product_is_the_cosine():
    OrganisationFactory(name=MultilingualText("Design thinking studio", "en"))
    _embed_all()
    index = vectors.VectorIndex()
    index.refresh()
    assert np.allclose(np.linalg.norm(index.matrix, axis=1), 1.0, atol=1e-3)


def _low_rank_vectors(rng, count, basis):
    """Unit vectors near a small subspace, as real embeddings are."""
    vectors_ = rng.normal(size=(count, basis.shape[0])) @ basis
    vectors_ += rng.normal(scale=0.01, size=vectors_.shape)
    return (vectors_ / np.linalg.norm(vectors_, axis=1, keepdims=True)).astype(np.float32)


def _store(entries, rows):
    from atelier.search.embeddings import to_bytes
    from atelier.search.models import Vector

    Vector.objects.bulk_create(
        Vector(entry=entry, position=0, data=to_bytes(row))
        for entry, row in zip(entries, rows, strict=True)
    )
    vectors.mark_changed()


def test_a_large_index_searched_in_two_steps_finds_what_the_exact_search_finds(monkeypatch):
    monkeypatch.setattr(vectors, "FULL_RELOAD_BELOW", 1)
    monkeypatch.setattr(vectors, "TWO_STEPS_FROM", 60)
    monkeypatch.setattr(vectors, "CANDIDATES", 30)
    rng = np.random.default_rng(4)
    subspace = rng.normal(size=(24, 384))
    OrganisationFactory.create_batch(80)
    entries = list(Entry.objects.order_by("pk"))
    _store(entries, _low_rank_vectors(rng, 80, subspace))
    index = vectors.VectorIndex()
    index.refresh()
    assert index.reduced.shape == (80, vectors.REDUCED_DIMENSIONS)

    def agree():
        for row in rng.choice(len(index), 10, replace=False):
            query = index.matrix[row] + rng.normal(scale=0.02, size=384).astype(np.float32)
            query /= np.linalg.norm(query)
            two_steps = index.nearest(query, limit=10)
            exact = index.nearest(query, limit=10, exact=True)
            assert list(two_steps) == list(exact)
            assert list(two_steps.values()) == pytest.approx(list(exact.values()), abs=1e-5)
            assert next(iter(two_steps)) == int(index.entry_ids[row])

    agree()
    # New vectors are projected as they arrive; removed ones leave both matrices.
    OrganisationFactory.create_batch(20)
    _store(list(Entry.objects.order_by("pk"))[80:], _low_rank_vectors(rng, 20, subspace))
    gone = entries[0]
    services.remove(gone.kind, gone.object_id)
    index.refresh()
    assert len(index) == 99
    assert index.reduced.shape == (99, vectors.REDUCED_DIMENSIONS)
    assert gone.pk not in set(index.entry_ids.tolist())
    agree()


def test_a_small_index_is_searched_exactly(monkeypatch):
    OrganisationFactory.create_batch(5)
    _store(
        list(Entry.objects.order_by("pk")),
        _low_rank_vectors(np.random.default_rng(1), 5, np.eye(384)[:8]),
    )
    index = vectors.VectorIndex()
    index.refresh()
    assert index.reduced is None
    assert len(index.nearest(index.matrix[0], limit=10)) == 5
