"""A CSV import is checked on upload, then written by the task worker while its page follows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.plans import services
from atelier.plans.models import Action, ImportRun

from .factories import PlanFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(services.CSV_COLUMNS)


def upload(rows):
    content = "\n".join([HEADER, *rows]) + "\n"
    return SimpleUploadedFile("plan.csv", content.encode(), content_type="text/csv")


def test_the_form_states_the_limits(client, plan, max_):
    client.force_login(max_)
    html = client.get(reverse("plans:import", args=[plan.slug])).content.decode()
    assert "At most 2,000 rows and 2.0\xa0MB." in html


def test_the_page_follows_the_import_until_it_is_done(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("plans:import", args=[plan.slug]),
            {"file": upload(["Goal,First,,,,,,,,,", "Goal,Second,,,,,,,,,"])},
        )
    run = ImportRun.objects.get()
    page = reverse("plans:import-run", args=[plan.slug, run.pk])
    assert response["Location"] == page
    assert (run.state, run.total_rows, Action.objects.count()) == ("queued", 2, 0)
    html = client.get(page).content.decode()
    assert f'hx-get="{page}"' in html
    assert "0 of 2 rows" in html

    for callback in callbacks:  # the task worker writes the rows
        callback()

    fragment = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-progress"')
    assert "hx-get" not in fragment
    assert "Actions added: 2. Actions updated: 0. Actions already as in the file: 0." in fragment
    assert sorted(action.title.text for action in Action.objects.all()) == ["First", "Second"]


def test_a_second_import_into_the_plan_waits_for_the_first(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    url = reverse("plans:import", args=[plan.slug])
    with django_capture_on_commit_callbacks():  # the first is not written yet
        client.post(url, {"file": upload(["Goal,First,,,,,,,,,"])})
    response = client.post(url, {"file": upload(["Goal,First,,,,,,,,,"])})
    assert response.status_code == 200
    assert "Another import into this plan is under way" in response.content.decode()
    assert ImportRun.objects.count() == 1


def test_rows_that_became_wrong_after_the_upload_fail_the_run_and_write_nothing(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("plans:import", args=[plan.slug]),
            {"file": upload(["Goal,First,,max@example.org,,,,,,,"])},
        )
    max_.is_active = False  # the owner named in the file leaves before the worker runs
    max_.save()
    for callback in callbacks:
        callback()
    run = ImportRun.objects.get()
    assert run.state == "failed"
    assert run.problems == [
        {"row": 2, "message": "no one on Atelier has the e-mail address “max@example.org”."}
    ]
    assert Action.objects.count() == 0


def test_the_run_page_is_for_the_plans_editors(client, plan, max_, alice, otto):
    run = ImportRun.objects.create(plan=plan, created_by=max_, content=HEADER)
    page = reverse("plans:import-run", args=[plan.slug, run.pk])
    client.force_login(alice)
    assert client.get(page).status_code == 403
    client.force_login(otto)
    assert client.get(page).status_code == 403
    other = PlanFactory(slug="other-plan")
    other.managers.set([max_])
    client.force_login(max_)
    assert client.get(page).status_code == 200
    assert client.get(reverse("plans:import-run", args=[other.slug, run.pk])).status_code == 404
