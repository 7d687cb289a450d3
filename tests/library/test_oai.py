"""OAI-PMH: each verb, the Dublin Core record, deleted records and every error code."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from django.core import signing

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library import oai
from atelier.library.models import Kind, Licence, Resource, ResourceAuthor, Status
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.library.open_standards import attach
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "i": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def harvest(client, method="get", **params):
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def error_code(root):
    errors = root.findall("o:error", NS)
    return [error.get("code") for error in errors]


def set_updated(resource, moment):
    Resource.objects.filter(pk=resource.pk).update(updated=moment)
    resource.refresh_from_db()
    return resource


def identifier(resource):
    return f"oai:127.0.0.1:library/{resource.pk}"


def test_identify_describes_the_repository(client, settings):
    settings.DEFAULT_FROM_EMAIL = "Atelier <library@example.org>"
    set_updated(PublishedResourceFactory(), datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))
    root = harvest(client, verb="Identify")
    identify = root.find("o:Identify", NS)
    scheme = identify.find("o:description/i:oai-identifier", NS)
    assert scheme.findtext("i:repositoryIdentifier", namespaces=NS) == "127.0.0.1"
    assert scheme.findtext("i:sampleIdentifier", namespaces=NS) == "oai:127.0.0.1:library/1"
    identify.remove(identify.find("o:description", NS))
    assert {child.tag.split("}")[1]: child.text for child in identify} == {
        "repositoryName": "Atelier library",
        "baseURL": "http://testserver/oai",
        "protocolVersion": "2.0",
        "adminEmail": "library@example.org",
        "earliestDatestamp": "2025-01-02T03:04:05Z",
        "deletedRecord": "persistent",
        "granularity": "YYYY-MM-DDThh:mm:ssZ",
    }
    request = root.find("o:request", NS)
    assert (request.text, request.attrib) == ("http://testserver/oai", {"verb": "Identify"})
    assert root.findtext("o:responseDate", namespaces=NS).endswith("Z")


def test_identify_answers_to_post_as_well(client):
    root = harvest(client, "post", verb="Identify")
    assert root.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"


def test_admin_email_may_be_its_own_setting(client, settings):
    settings.ATELIER_OAI_ADMIN_EMAIL = "oai@example.org"
    root = harvest(client, verb="Identify")
    assert root.findtext("o:Identify/o:adminEmail", namespaces=NS) == "oai@example.org"


def test_list_metadata_formats_offers_dublin_core(client):
    root = harvest(client, verb="ListMetadataFormats")
    formats = root.findall("o:ListMetadataFormats/o:metadataFormat", NS)
    assert [f.findtext("o:metadataPrefix", namespaces=NS) for f in formats] == ["oai_dc"]
    assert formats[0].findtext("o:metadataNamespace", namespaces=NS) == NS["oai_dc"]


def test_list_metadata_formats_of_a_record(client):
    resource = PublishedResourceFactory()
    root = harvest(client, verb="ListMetadataFormats", identifier=identifier(resource))
    assert root.find("o:ListMetadataFormats", NS) is not None


def test_list_sets_names_programmes_and_types(client):
    programme = ProgrammeFactory(slug="ce-plus", title=MultilingualText("CE+", "en"))
    ProgrammeFactory(slug="empty-programme")
    PublishedResourceFactory(programme=programme)
    root = harvest(client, verb="ListSets")
    sets = {
        s.findtext("o:setSpec", namespaces=NS): s.findtext("o:setName", namespaces=NS)
        for s in root.findall("o:ListSets/o:set", NS)
    }
    assert sets["programme:ce-plus"] == "CE+"
    assert "programme:empty-programme" not in sets
    assert sets["type:toolkit"] == "Toolkit"
    assert sets["type:podcast-episode"] == "Podcast episode"
    assert {"programme", "type"} <= set(sets)


def test_get_record_in_dublin_core(client):
    programme = ProgrammeFactory(slug="ce-plus", title=MultilingualText("CE+", "en"))
    theme, _created = Theme.objects.get_or_create(slug="audience-development")
    resource = PublishedResourceFactory(
        kind=Kind.TOOLKIT,
        title=MultilingualText("Audience toolkit", "en").translate("bg", "Наръчник"),
        abstract=MultilingualText("How to reach new audiences.", "en"),
        programme=programme,
        languages=["en", "bg"],
        licence=Licence.CC_BY_SA,
        external_url="",
    )
    resource.themes.add(theme)
    ResourceAuthor.objects.create(resource=resource, name="Maria Ivanova", position=0)
    attach(resource, b"%PDF-1.4", mime_type="application/pdf", name="toolkit.pdf")
    root = harvest(
        client, verb="GetRecord", identifier=identifier(resource), metadataPrefix="oai_dc"
    )
    record = root.find("o:GetRecord/o:record", NS)
    header = record.find("o:header", NS)
    assert header.get("status") is None
    assert header.findtext("o:identifier", namespaces=NS) == identifier(resource)
    assert header.findtext("o:datestamp", namespaces=NS) == resource.updated.astimezone(
        UTC
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [s.text for s in header.findall("o:setSpec", NS)] == [
        "type:toolkit",
        "programme:ce-plus",
    ]
    dc = record.find("o:metadata/oai_dc:dc", NS)

    def values(name):
        return [(e.text, e.get(XML_LANG)) for e in dc.findall(f"dc:{name}", NS)]

    assert values("title") == [("Audience toolkit", "en"), ("Наръчник", "bg")]
    assert values("creator") == [("Maria Ivanova", None)]
    assert values("subject") == [(str(theme.label), "en")]
    assert values("description") == [("How to reach new audiences.", "en")]
    assert values("date") == [(resource.published_at.date().isoformat(), None)]
    assert values("type") == [("Text", None), ("Toolkit", None)]
    assert values("format") == [("application/pdf", None)]
    assert values("identifier") == [(f"http://testserver{resource.get_absolute_url()}", None)]
    assert values("language") == [("en", None), ("bg", None)]
    assert values("rights") == [("https://creativecommons.org/licenses/by-sa/4.0/", None)]
    assert values("publisher") == [("CE+", "en")]
    assert values("relation") == [(f"http://testserver{programme.get_absolute_url()}", None)]


def test_withdrawn_resource_is_a_deleted_record_without_metadata(client):
    resource = PublishedResourceFactory()
    Resource.objects.filter(pk=resource.pk).update(status=Status.WITHDRAWN)
    root = harvest(
        client, verb="GetRecord", identifier=identifier(resource), metadataPrefix="oai_dc"
    )
    record = root.find("o:GetRecord/o:record", NS)
    assert record.find("o:header", NS).get("status") == "deleted"
    assert record.find("o:metadata", NS) is None


def test_never_published_resource_does_not_exist_for_harvesters(client):
    resource = ResourceFactory(status=Status.SUBMITTED)
    root = harvest(
        client, verb="GetRecord", identifier=identifier(resource), metadataPrefix="oai_dc"
    )
    assert error_code(root) == ["idDoesNotExist"]


def test_list_identifiers_and_records_return_published_and_deleted_ones(client):
    published = PublishedResourceFactory()
    withdrawn = PublishedResourceFactory()
    Resource.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    ResourceFactory(status=Status.SUBMITTED)
    ResourceFactory(status=Status.REJECTED)
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    headers = root.findall("o:ListIdentifiers/o:header", NS)
    assert {(h.findtext("o:identifier", namespaces=NS), h.get("status")) for h in headers} == {
        (identifier(published), None),
        (identifier(withdrawn), "deleted"),
    }
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.findall("o:ListRecords/o:record", NS)) == 2
    # A list that fits one response carries no resumption token.
    assert root.find("o:ListRecords/o:resumptionToken", NS) is None


def test_list_records_pages_with_resumption_tokens(client, settings):
    settings.ATELIER_OAI_PAGE_SIZE = 2
    resources = PublishedResourceFactory.create_batch(5)
    seen, token, cursors = [], None, []
    while True:
        params = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        root = harvest(client, verb="ListRecords", **params)
        seen += [
            r.findtext("o:header/o:identifier", namespaces=NS)
            for r in root.findall("o:ListRecords/o:record", NS)
        ]
        element = root.find("o:ListRecords/o:resumptionToken", NS)
        assert element.get("completeListSize") == "5"
        cursors.append(element.get("cursor"))
        token = element.text
        if not token:
            break
        assert element.get("expirationDate").endswith("Z")
    assert seen == [identifier(r) for r in sorted(resources, key=lambda r: (r.updated, r.pk))]
    assert cursors == ["0", "2", "4"]


def test_from_and_until_select_by_datestamp_in_both_granularities(client):
    old = set_updated(PublishedResourceFactory(), datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC))
    middle = set_updated(PublishedResourceFactory(), datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC))
    new = set_updated(PublishedResourceFactory(), datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC))

    def listed(**params):
        root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return [
            h.findtext("o:identifier", namespaces=NS)
            for h in root.findall("o:ListIdentifiers/o:header", NS)
        ]

    assert listed(**{"from": "2025-06-01"}) == [identifier(middle), identifier(new)]
    assert listed(until="2025-06-01") == [identifier(old), identifier(middle)]
    assert listed(**{"from": "2025-06-01T12:00:00Z", "until": "2025-06-01T12:00:00Z"}) == [
        identifier(middle)
    ]
    assert listed(**{"from": "2025-06-01T12:00:01Z"}) == [identifier(new)]


def test_set_selects_a_programme_or_a_type(client):
    programme = ProgrammeFactory(slug="ce-plus")
    in_programme = PublishedResourceFactory(programme=programme)
    guide = PublishedResourceFactory(kind=Kind.GUIDE)

    def listed(spec):
        root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        return [
            h.findtext("o:identifier", namespaces=NS)
            for h in root.findall("o:ListIdentifiers/o:header", NS)
        ]

    assert listed("programme:ce-plus") == [identifier(in_programme)]
    assert listed("type:guide") == [identifier(guide)]
    assert error_code(
        harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:nothing")
    ) == ["noRecordsMatch"]


def test_list_records_loads_a_page_in_a_fixed_number_of_queries(client):
    def add_records(n):
        for _number in range(n):
            resource = PublishedResourceFactory(programme=ProgrammeFactory())
            ResourceAuthor.objects.create(resource=resource, name="Author")
            attach(resource, b"%PDF-1.4", mime_type="application/pdf", name="a.pdf")

    add_records(1)
    one, several = assert_same_queries(
        lambda: client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}),
        lambda: add_records(4),
    )
    assert len(ET.fromstring(several.content).findall(".//o:record", NS)) == 5


# Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{}, {"verb": "Harvest"}, {"verb": ["Identify", "Identify"]}],
    ids=["missing", "unknown", "repeated"],
)
def test_bad_verb(client, params):
    root = harvest(client, **params)
    assert error_code(root) == ["badVerb"]
    assert root.find("o:request", NS).attrib == {}


@pytest.mark.parametrize(
    "params",
    [
        {"verb": "Identify", "set": "type:toolkit"},
        {"verb": "ListRecords"},
        {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-13-45"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-01T10:00Z"},
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2025-01-01",
            "until": "2025-02-01T00:00:00Z",
        },
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2026-01-01",
            "until": "2025-01-01",
        },
        {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
    ],
    ids=[
        "illegal argument",
        "missing metadataPrefix",
        "missing identifier",
        "repeated argument",
        "impossible date",
        "minutes granularity",
        "mixed granularities",
        "from after until",
        "token is exclusive",
    ],
)
def test_bad_argument(client, params):
    PublishedResourceFactory()
    root = harvest(client, **params)
    assert error_code(root) == ["badArgument"]
    assert root.find("o:request", NS).attrib == {}


def test_cannot_disseminate_another_format(client):
    resource = PublishedResourceFactory()
    root = harvest(client, verb="ListRecords", metadataPrefix="marc21")
    assert error_code(root) == ["cannotDisseminateFormat"]
    root = harvest(
        client, verb="GetRecord", identifier=identifier(resource), metadataPrefix="marc21"
    )
    assert error_code(root) == ["cannotDisseminateFormat"]
    # The request is echoed with its arguments when they were well formed.
    assert root.find("o:request", NS).attrib["metadataPrefix"] == "marc21"


@pytest.mark.parametrize(
    "value",
    [
        "oai:127.0.0.1:library/999999",
        "oai:elsewhere.org:library/1",
        "library/1",
        "oai:127.0.0.1:library/x",
    ],
)
def test_id_does_not_exist(client, value):
    PublishedResourceFactory()
    root = harvest(client, verb="GetRecord", identifier=value, metadataPrefix="oai_dc")
    assert error_code(root) == ["idDoesNotExist"]
    root = harvest(client, verb="ListMetadataFormats", identifier=value)
    assert error_code(root) == ["idDoesNotExist"]


def test_no_records_match(client):
    PublishedResourceFactory()
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc", until="2000-01-01")
    assert error_code(root) == ["noRecordsMatch"]


def test_bad_resumption_token(client, settings):
    root = harvest(client, verb="ListRecords", resumptionToken="not-a-token")
    assert error_code(root) == ["badResumptionToken"]
    root = harvest(client, verb="ListSets", resumptionToken="anything")
    assert error_code(root) == ["badResumptionToken"]


def test_expired_resumption_token(client, settings):
    settings.ATELIER_OAI_PAGE_SIZE = 1
    PublishedResourceFactory.create_batch(2)
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS)
    data = signing.loads(token, salt=oai.TOKEN_SALT)

    class YesterdaysSigner(signing.TimestampSigner):
        def timestamp(self):
            expired = datetime.now(UTC) - oai.TOKEN_LIFETIME - timedelta(minutes=1)
            return signing.b62_encode(int(expired.timestamp()))

    expired = YesterdaysSigner(salt=oai.TOKEN_SALT).sign_object(data, compress=True)
    root = harvest(client, verb="ListIdentifiers", resumptionToken=expired)
    assert error_code(root) == ["badResumptionToken"]


def test_tampered_resumption_token_is_refused(client, settings):
    settings.ATELIER_OAI_PAGE_SIZE = 1
    PublishedResourceFactory.create_batch(2)
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.findtext("o:ListIdentifiers/o:resumptionToken", namespaces=NS)
    root = harvest(client, verb="ListIdentifiers", resumptionToken=token[:-2] + "xx")
    assert error_code(root) == ["badResumptionToken"]
