"""The in-process matrix follows the database: new vectors are added, removed ones dropped."""

import numpy as np
import pytest

from atelier.core.multilingual import MultilingualText
from atelier.search import services, vectors
from atelier.search.embeddings import embed_query
from atelier.search.models import Entry
from tests.network.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


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
