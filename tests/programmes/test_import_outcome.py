"""The web import of a projects export shows its rows done of rows total, and when it ends
links the programmes it created and updated."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.programmes.models import ImportRun, Programme
from tests.factories import UserFactory
from tests.programmes.test_import_web import UPLOAD, csv_upload
from tests.programmes.test_importer import row
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def _import(client, rows, capture):
    """Upload, let the worker preview, confirm, let the worker import: the run as it ended."""
    with capture(execute=True):
        client.post(UPLOAD, {"file": csv_upload(rows)})
    run = ImportRun.objects.latest("pk")
    with capture(execute=True):
        client.post(reverse("programmes:import-confirm", args=[run.pk]))
    run.refresh_from_db()
    return run


def test_a_finished_import_counts_its_rows_and_links_what_it_created(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    rows = [
        row("ID-1", title="Dance moves"),
        row("ID-2", title="Open stages"),
        row("ID-3", title=""),
    ]
    run = _import(client, rows, django_capture_on_commit_callbacks)
    assert (run.state, run.done_rows, run.total_rows) == ("done", 3, 3)
    created = list(Programme.objects.order_by("identifier"))
    assert (run.created_count, run.updated_count, run.unchanged_count) == (2, 0, 0)
    assert run.created_objects == [["programme", p.pk] for p in created]
    html = client.get(reverse("programmes:import-detail", args=[run.pk])).content.decode()
    assert "3 of 3 rows" in html
    assert 'value="100"' in html
    assert "Created (2)" in html
    for programme in created:
        assert f'href="{programme.get_absolute_url()}"' in html
    assert "Updated (" not in html
    assert "every 2s" not in html  # finished: the page stops asking


def test_a_second_import_links_what_it_updated(client, cora, django_capture_on_commit_callbacks):
    client.force_login(cora)
    _import(
        client, [row("ID-1"), row("ID-2", title="Open stages")], django_capture_on_commit_callbacks
    )
    run = _import(
        client,
        [row("ID-1", title="Dance moves, again"), row("ID-2", title="Open stages")],
        django_capture_on_commit_callbacks,
    )
    changed = Programme.objects.get(identifier="ID-1")
    assert (run.created_count, run.updated_count, run.unchanged_count) == (0, 1, 1)
    assert run.updated_objects == [["programme", changed.pk]]
    fragment = client.get(reverse("programmes:import-progress", args=[run.pk])).content.decode()
    assert "Updated (1)" in fragment
    assert f'href="{changed.get_absolute_url()}" lang="en">Dance moves, again</a>' in fragment
    assert "Created (" not in fragment


def test_a_running_import_polls_and_shows_rows_done_of_rows_total(client, cora):
    client.force_login(cora)
    client.post(UPLOAD, {"file": csv_upload([row("ID-1"), row("ID-2")])})
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING, done_rows=1)
    url = reverse("programmes:import-progress", args=[run.pk])
    fragment = client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="every 2s"' in fragment
    assert "1 of 2 rows" in fragment
    assert '<progress max="100" value="50"' in fragment


def test_links_past_the_kept_ones_are_counted_as_more(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    run = _import(
        client, [row("ID-1"), row("ID-2", title="Open stages")], django_capture_on_commit_callbacks
    )
    # A run of more rows than it keeps links for: it counted 700, kept the first ones.
    ImportRun.objects.filter(pk=run.pk).update(created_count=700)
    html = client.get(reverse("programmes:import-detail", args=[run.pk])).content.decode()
    assert "Created (700)" in html
    assert "and 698 more" in html


def test_only_the_importer_sees_the_finished_import(
    client, cora, alice, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    run = _import(client, [row("ID-1")], django_capture_on_commit_callbacks)
    pages = [
        reverse("programmes:import-detail", args=[run.pk]),
        reverse("programmes:import-progress", args=[run.pk]),
    ]
    for page in pages:
        assert client.get(page).status_code == 200
    other = UserFactory()
    assign_role(other, "coordinator")
    for person in (other, alice):
        client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == 403
    client.logout()
    for page in pages:
        assert client.get(page).status_code in (302, 403)
    assert client.get(reverse("programmes:import-detail", args=[run.pk + 1])).status_code in (
        403,
        404,
    )


def test_a_file_that_is_no_spreadsheet_is_refused_and_creates_nothing(client, cora):
    client.force_login(cora)
    upload = SimpleUploadedFile("projects.xlsx", b"\x00\x01 not a workbook", content_type="x")
    response = client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert (ImportRun.objects.count(), Programme.objects.count()) == (0, 0)


def test_the_finished_page_costs_the_same_queries_for_one_programme_or_several(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    one = _import(client, [row("ID-1")], django_capture_on_commit_callbacks)
    several = _import(
        client,
        [row(f"ID-{n}", title=f"Project {n}") for n in range(2, 6)],
        django_capture_on_commit_callbacks,
    )
    page = {"pk": one.pk}

    def add_more():
        page["pk"] = several.pk

    first, second = assert_same_queries(
        lambda: client.get(reverse("programmes:import-detail", args=[page["pk"]])), add_more
    )
    assert "Created (1)" in first.content.decode()
    assert "Created (4)" in second.content.decode()
