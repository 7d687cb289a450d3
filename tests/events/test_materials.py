"""Materials and recordings after an event: library resources made or chosen by its organisers."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atelier.core.multilingual import MultilingualText
from atelier.events.models import EventResource
from atelier.library import services as library_services
from atelier.library.models import Resource, ResourceFile, Status
from tests.events.factories import EventFactory
from tests.library.factories import PublishedResourceFactory, ResourceFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


@pytest.fixture
def event(db):
    programme = ProgrammeFactory(slug="ce-plus")
    return EventFactory(
        programme=programme,
        title=MultilingualText("Workshop New urban practices", "en"),
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=2),
    )


def _page(event):
    return reverse("events:materials", args=[event.slug])


def _upload(client, event, **fields):
    data = {
        "title": "Slides of the workshop",
        "language": "en",
        "kind": "presentation",
        "licence": "cc-by",
        "external_url": "",
        **fields,
    }
    data.setdefault("file", SimpleUploadedFile("slides.pdf", MINIMAL_PDF, "application/pdf"))
    if data["file"] is None:
        del data["file"]
    return client.post(_page(event), data)


def _files_on_disk(settings):
    roots = [settings.MEDIA_ROOT, settings.ATELIER_PRIVATE_ROOT]
    return [p for root in roots for p in root.rglob("*") if p.is_file()]


def test_coordinator_upload_is_published_in_the_library_and_listed_on_the_event(
    client, cora, event
):
    client.force_login(cora)
    response = _upload(client, event)
    assert response.status_code == 302
    link = EventResource.objects.get(event=event)
    resource = link.resource
    assert (resource.kind, resource.status, resource.contributor) == (
        "presentation",
        Status.PUBLISHED,
        cora,
    )
    assert resource.programme == event.programme
    assert resource.title.text == "Slides of the workshop"
    assert resource.files.get().mime_type == "application/pdf"
    assert link.added_by == cora
    client.logout()
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "Materials and recordings" in detail
    assert f'href="{resource.get_absolute_url()}"' in detail


def test_organisers_material_waits_for_review_and_appears_once_published(
    client, alice, mona, event
):
    event.organisers.add(alice)
    client.force_login(alice)
    response = _upload(client, event, kind="video", title="Recording", file=None,
                       external_url="https://video.example.org/recording")  # fmt: skip
    assert response.status_code == 302
    resource = EventResource.objects.get(event=event).resource
    assert (resource.status, resource.kind, resource.contributor) == (
        Status.SUBMITTED,
        "video",
        alice,
    )
    assert resource.external_url == "https://video.example.org/recording"
    assert "Waiting for review" in client.get(_page(event)).content.decode()
    client.logout()
    assert resource.get_absolute_url() not in client.get(event.get_absolute_url()).content.decode()
    library_services.approve(mona, resource)
    assert resource.get_absolute_url() in client.get(event.get_absolute_url()).content.decode()


def test_refused_file_shows_the_librarys_reason_and_leaves_nothing(client, cora, event, settings):
    client.force_login(cora)
    program = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = _upload(client, event, file=program)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors and "program" in errors[0]
    assert errors[0] in response.content.decode()
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()
    assert not EventResource.objects.exists()
    assert not _files_on_disk(settings)


def test_material_needs_a_file_or_a_link(client, cora, event):
    client.force_login(cora)
    response = _upload(client, event, file=None)
    assert response.status_code == 400
    assert "Upload a file or give a link." in response.content.decode()
    assert not Resource.objects.exists()


def test_attach_published_resource_by_its_address_or_number(client, cora, event):
    by_address = PublishedResourceFactory(title=MultilingualText("Toolkit", "en"))
    by_number = PublishedResourceFactory(title=MultilingualText("Report", "en"))
    client.force_login(cora)
    attach = reverse("events:materials-attach", args=[event.slug])
    address = f"https://atelier.example.org/bg{by_address.get_absolute_url()}"
    assert client.post(attach, {"reference": address}).status_code == 302
    assert client.post(attach, {"reference": str(by_number.pk)}).status_code == 302
    assert list(
        EventResource.objects.filter(event=event).values_list("resource__pk", flat=True)
    ) == [by_address.pk, by_number.pk]
    again = client.post(attach, {"reference": str(by_number.pk)})
    assert again.status_code == 400
    assert "already among the event" in again.content.decode()


def test_attach_refuses_what_is_not_published(client, cora, event):
    waiting = ResourceFactory(status=Status.SUBMITTED)
    client.force_login(cora)
    attach = reverse("events:materials-attach", args=[event.slug])
    for reference in (str(waiting.pk), "https://example.org/elsewhere/", "999999"):
        response = client.post(attach, {"reference": reference})
        assert response.status_code == 400
        assert "No published library resource" in response.content.decode()
    assert not EventResource.objects.exists()


def test_remove_material_keeps_the_library_resource(client, cora, event):
    resource = PublishedResourceFactory()
    link = EventResource.objects.create(event=event, resource=resource)
    client.force_login(cora)
    url = reverse("events:materials-remove", args=[event.slug, link.pk])
    assert client.post(url).status_code == 302
    assert not EventResource.objects.exists()
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_only_those_who_run_the_event_manage_its_materials(client, bob, event):
    resource = PublishedResourceFactory()
    link = EventResource.objects.create(event=event, resource=resource)
    page = _page(event)
    attach = reverse("events:materials-attach", args=[event.slug])
    remove = reverse("events:materials-remove", args=[event.slug, link.pk])
    assert client.get(page).status_code == 302
    client.force_login(bob)
    assert client.get(page).status_code == 403
    assert _upload(client, event).status_code == 403
    assert client.post(attach, {"reference": str(resource.pk)}).status_code == 403
    assert client.post(remove).status_code == 403
    assert list(EventResource.objects.all()) == [link]
    assert Resource.objects.count() == 1


def test_materials_page_query_count(client, cora, event):
    client.force_login(cora)
    EventResource.objects.create(event=event, resource=PublishedResourceFactory())

    def add_more():
        for _n in range(3):
            EventResource.objects.create(event=event, resource=PublishedResourceFactory())

    one, four = assert_same_queries(lambda: client.get(_page(event)), add_more)
    assert (len(one.context["materials"]), len(four.context["materials"])) == (1, 4)


def test_event_page_lists_materials_in_a_fixed_number_of_queries(client, event):
    EventResource.objects.create(event=event, resource=PublishedResourceFactory())
    client.get(event.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(event.get_absolute_url())
    for _n in range(3):
        EventResource.objects.create(event=event, resource=PublishedResourceFactory())
    with CaptureQueriesContext(connection) as four:
        response = client.get(event.get_absolute_url())
    assert response.content.decode().count("Toolkit ") >= 4
    assert len(four) == len(one)
