"""On PostgreSQL the vectors live in pgvector with an HNSW index (cosine) and the database finds
the nearest, with the filters, in SQL; no process keeps a copy."""

import numpy as np
import pytest
from django.db import connection

from atelier.core.multilingual import MultilingualText
from atelier.search import services, vectors
from atelier.search.embeddings import embed_query, from_bytes, to_bytes
from atelier.search.models import Entry, Vector
from tests.network.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pgvector is PostgreSQL's; SQLite searches in process",
    ),
]


def _embed_all():
    services.embed(Entry.objects.values_list("pk", flat=True))


def test_vectors_are_stored_as_pgvector_with_an_hnsw_cosine_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'search_vector'::regclass AND attname = 'data'"
        )
        assert cursor.fetchone() == ("vector(384)",)
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_vector_hnsw'")
        assert "USING hnsw (data vector_cosine_ops)" in cursor.fetchone()[0]


def test_a_vector_reads_back_as_the_bytes_it_was_written_from():
    OrganisationFactory(name=MultilingualText("Puppet theatre of Ljubljana", "en"))
    _embed_all()
    stored = Vector.objects.get()
    vector = from_bytes(stored.data)
    assert vector.shape == (384,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-3)
    stored.save()
    assert bytes(Vector.objects.get().data) == to_bytes(vector)


def test_the_database_finds_the_nearest_and_follows_changes_at_once():
    index = vectors.index()
    assert isinstance(index, vectors.DatabaseIndex)
    first = OrganisationFactory(name=MultilingualText("Puppet theatre of Ljubljana", "en"))
    OrganisationFactory(name=MultilingualText("Jazz festival in Plovdiv", "en"))
    OrganisationFactory(name=MultilingualText("Film archive in Timișoara", "en"))
    _embed_all()
    film = Entry.objects.get(title__text="Film archive in Timișoara").pk
    nearest = index.nearest(embed_query("film archive"), limit=3)
    assert len(nearest) == 3
    assert next(iter(nearest)) == film
    assert list(nearest.values()) == sorted(nearest.values(), reverse=True)
    first.delete()
    assert first.pk not in index.nearest(embed_query("puppets"), limit=3, by_object=True)
    assert len(index) == 2


def test_filters_apply_inside_the_search():
    OrganisationFactory.create_batch(3)
    entries = list(Entry.objects.order_by("pk"))
    Entry.objects.filter(pk=entries[0].pk).update(language="bg")
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(3, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    Vector.objects.bulk_create(
        Vector(entry=entry, position=0, data=to_bytes(row))
        for entry, row in zip(entries, rows, strict=True)
    )
    index = vectors.index()
    # The nearest to the second vector, among Bulgarian entries only, is the first entry.
    assert list(index.nearest(rows[1], languages=["bg"], limit=5)) == [entries[0].pk]
    assert list(index.nearest(rows[1], kinds=["event"], limit=5)) == []
    assert next(iter(index.nearest(rows[1], kinds=["organisation"], limit=5))) == entries[1].pk


def test_the_graph_search_agrees_with_an_exact_scan():
    OrganisationFactory.create_batch(60)
    entries = list(Entry.objects.order_by("pk"))
    rng = np.random.default_rng(5)
    basis = rng.normal(size=(16, 384))
    rows = (rng.normal(size=(60, 16)) @ basis).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    Vector.objects.bulk_create(
        Vector(entry=entry, position=0, data=to_bytes(row))
        for entry, row in zip(entries, rows, strict=True)
    )
    index = vectors.index()
    for row in range(0, 60, 6):
        graph = index.nearest(rows[row], limit=10)
        exact = index.nearest(rows[row], limit=10, exact=True)
        assert next(iter(graph)) == entries[row].pk
        assert set(graph) == set(exact)
        assert list(graph.values()) == pytest.approx(list(exact.values()), abs=1e-5)


def test_similarities_of_chosen_items_take_each_ones_best_chunk():
    OrganisationFactory.create_batch(2)
    entries = list(Entry.objects.order_by("pk"))
    axis = np.eye(384, dtype=np.float32)
    Vector.objects.bulk_create(
        [
            Vector(entry=entries[0], position=0, data=to_bytes(axis[0])),
            Vector(entry=entries[0], position=1, data=to_bytes(axis[1])),
            Vector(entry=entries[1], position=0, data=to_bytes(axis[2])),
        ]
    )
    index = vectors.index()
    assert index.similarities(axis[1], [entries[0].pk, entries[1].pk]) == pytest.approx(
        {entries[0].pk: 1.0, entries[1].pk: 0.0}
    )
    assert index.object_similarities(axis[2], "organisation", [entries[1].object_id]) == (
        pytest.approx({entries[1].object_id: 1.0})
    )
    assert index.similarities(axis[1], []) == {}
