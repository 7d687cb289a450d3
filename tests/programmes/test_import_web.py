import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.programmes.models import ImportRun, Programme
from tests.programmes.test_importer import HEADER, row

pytestmark = pytest.mark.django_db

UPLOAD = reverse("programmes:import")


def csv_upload(rows, name="projects.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def test_import_page_is_for_coordinators_and_admins(client, alice, cora, ada):
    assert client.get(UPLOAD).status_code == 403
    client.force_login(alice)
    assert client.get(UPLOAD).status_code == 403
    for person in (cora, ada):
        client.force_login(person)
        assert client.get(UPLOAD).status_code == 200


def test_upload_previews_without_saving_then_confirm_imports(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(UPLOAD, {"file": csv_upload([row(), row("ID-2", title="")])})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("programmes:import-detail", args=[run.pk])
    assert (run.state, run.total_rows) == ("previewing", 2)
    page = client.get(response["Location"]).content.decode()
    assert "Preparing the preview" in page
    assert f'hx-get="{reverse("programmes:import-progress", args=[run.pk])}"' in page
    for callback in callbacks:  # the task worker makes the preview
        callback()
    run.refresh_from_db()
    assert run.state == "previewed"
    assert Programme.objects.count() == 0
    assert (run.preview["created"], run.preview["skipped"]) == (
        1,
        [{"row": 3, "reason": "The project has no title."}],
    )
    fragment = client.get(reverse("programmes:import-progress", args=[run.pk])).content.decode()
    assert "Row 3: The project has no title." in fragment
    assert "hx-get" not in fragment  # the preview is there: no more polling
    assert "Confirm and import" in fragment
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:import-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == "done"
    assert run.summary["created"] == 1
    assert list(Programme.objects.values_list("identifier", flat=True)) == ["ID-1"]


def test_confirming_twice_imports_once(client, cora, django_capture_on_commit_callbacks):
    client.force_login(cora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    confirm = reverse("programmes:import-confirm", args=[run.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    response = client.post(confirm, follow=True)
    assert "This import has already been started." in response.content.decode()
    assert Programme.objects.count() == 1


def test_an_import_cannot_be_confirmed_before_its_preview_is_ready(client, cora):
    client.force_login(cora)
    client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    response = client.post(reverse("programmes:import-confirm", args=[run.pk]), follow=True)
    assert "The preview is not ready yet" in response.content.decode()
    run.refresh_from_db()
    assert run.state == "previewing"


def test_upload_of_a_renamed_file_is_refused(client, cora):
    client.force_login(cora)
    fake = SimpleUploadedFile(
        "projects.xlsx", b"not a zip", content_type="application/octet-stream"
    )
    response = client.post(UPLOAD, {"file": fake})
    assert response.status_code == 400
    assert "This file is not an .xlsx spreadsheet." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_upload_without_the_columns_says_which_are_missing(client, cora):
    client.force_login(cora)
    upload = SimpleUploadedFile("other.csv", b"name,city\nA,B\n", content_type="text/csv")
    response = client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    assert "This is not a projects export" in response.content.decode()


def test_another_coordinator_cannot_see_someone_elses_import(client, cora):
    from tests.factories import UserFactory

    client.force_login(cora)
    client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    other = UserFactory()
    from atelier.accounts.services import assign_role

    assign_role(other, "coordinator")
    client.force_login(other)
    assert client.get(reverse("programmes:import-detail", args=[run.pk])).status_code == 403
    assert client.post(reverse("programmes:import-confirm", args=[run.pk])).status_code == 403


def test_progress_fragment_shows_the_state(client, cora, django_capture_on_commit_callbacks):
    client.force_login(cora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:import-confirm", args=[run.pk]))
    html = client.get(reverse("programmes:import-progress", args=[run.pk])).content.decode()
    assert html.lstrip().startswith('<div id="import-progress"')
    assert "Programmes created" in html


def test_the_form_states_the_row_limit_and_a_longer_file_is_refused(client, cora, settings):
    settings.ATELIER_IMPORT_MAX_ROWS = 2
    client.force_login(cora)
    assert "with at most 2 projects (rows)" in client.get(UPLOAD).content.decode()
    response = client.post(UPLOAD, {"file": csv_upload([row("ID-1"), row("ID-2"), row("ID-3")])})
    assert response.status_code == 400
    assert "The file has more than 2 rows." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_preview_that_cannot_be_made_fails_and_says_why(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    run.file.storage.delete(run.file.name)  # e.g. media lost between upload and preview
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert (run.state, run.error) == (
        "failed",
        "The preview could not be made: No such file or directory",
    )
    fragment = client.get(reverse("programmes:import-progress", args=[run.pk])).content.decode()
    assert "hx-get" not in fragment
    assert "The preview could not be made: No such file or directory" in fragment


def test_an_import_that_stops_fails_instead_of_running_for_ever(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"file": csv_upload([row()])})
    run = ImportRun.objects.get()
    run.file.storage.delete(run.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:import-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == "failed"
    assert run.error == (
        "The import stopped after 0 of 1 rows (No such file or directory). Those rows are "
        "saved; importing the same file again completes the import."
    )
