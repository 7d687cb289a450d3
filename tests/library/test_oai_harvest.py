"""A real harvester (sickle) harvests the library over HTTP, as aggregators do."""

from datetime import UTC, datetime

import pytest
from sickle import Sickle
from sickle.oaiexceptions import IdDoesNotExist, NoRecordsMatch

from atelier.core.multilingual import MultilingualText
from atelier.library.models import Kind, Resource, Status
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.programmes.factories import ProgrammeFactory


@pytest.fixture
def sickle(live_server):
    return Sickle(live_server.url + "/oai", max_retries=0)


def identifier(resource):
    return f"oai:127.0.0.1:library/{resource.pk}"


@pytest.fixture
def library():
    programme = ProgrammeFactory(slug="ce-plus", title=MultilingualText("CE+", "en"))
    published = [
        PublishedResourceFactory(
            title=MultilingualText(f"Toolkit {n}", "en"), programme=programme if n % 2 else None
        )
        for n in range(7)
    ]
    withdrawn = PublishedResourceFactory(title=MultilingualText("Withdrawn", "en"))
    Resource.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    never = [
        ResourceFactory(status=Status.SUBMITTED),
        ResourceFactory(status=Status.CHANGES_REQUESTED),
        ResourceFactory(status=Status.REJECTED),
        ResourceFactory(status=Status.DRAFT),
    ]
    return {"published": published, "withdrawn": withdrawn, "never": never}


def test_harvest_returns_exactly_the_published_resources_across_pages(sickle, library, settings):
    settings.ATELIER_OAI_PAGE_SIZE = 3
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    live = [r for r in records if not r.deleted]
    deleted = [r for r in records if r.deleted]
    assert sorted(r.header.identifier for r in live) == sorted(
        identifier(r) for r in library["published"]
    )
    assert [r.header.identifier for r in deleted] == [identifier(library["withdrawn"])]
    assert not hasattr(deleted[0], "metadata")
    titles = sorted(r.metadata["title"][0] for r in live)
    assert titles == [f"Toolkit {n}" for n in range(7)]


def test_harvest_of_identifiers_follows_resumption_tokens(sickle, library, settings):
    settings.ATELIER_OAI_PAGE_SIZE = 2
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) == 8
    assert len({h.identifier for h in headers}) == 8


def test_harvest_by_set(sickle, library):
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="programme:ce-plus"))
    expected = [r for n, r in enumerate(library["published"]) if n % 2]
    assert sorted(h.identifier for h in headers) == sorted(identifier(r) for r in expected)
    assert all("programme:ce-plus" in h.setSpecs for h in headers)


def test_harvest_from_and_until(sickle, library):
    old = library["published"][0]
    Resource.objects.filter(pk=old.pk).update(updated=datetime(2020, 5, 1, tzinfo=UTC))
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", until="2020-12-31"))
    assert [h.identifier for h in headers] == [identifier(old)]
    headers = list(
        sickle.ListIdentifiers(**{"metadataPrefix": "oai_dc", "from": "2021-01-01T00:00:00Z"})
    )
    assert identifier(old) not in {h.identifier for h in headers}
    assert len(headers) == 7


def test_get_record_and_list_sets(sickle, library):
    resource = library["published"][1]
    record = sickle.GetRecord(identifier=identifier(resource), metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["Toolkit 1"]
    assert record.metadata["publisher"] == ["CE+"]
    sets = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert sets["programme:ce-plus"] == "CE+"
    assert sets[f"type:{Kind.TOOLKIT}"] == "Toolkit"
    identify = sickle.Identify()
    assert (identify.protocolVersion, identify.deletedRecord) == ("2.0", "persistent")


def test_harvester_errors_arrive_as_oai_errors(sickle, library):
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier=identifier(library["never"][0]), metadataPrefix="oai_dc")
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", until="2000-01-01"))
