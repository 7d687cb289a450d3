"""A finished CSV import into a plan counts its rows and links the actions it added and
changed."""

import pytest
from django.urls import reverse

from atelier.plans.models import Action, ImportRun
from tests.queries import assert_same_queries

from .test_import_runs import upload

pytestmark = pytest.mark.django_db


def _import(client, plan, rows, capture):
    with capture(execute=True):
        client.post(reverse("plans:import", args=[plan.slug]), {"file": upload(rows)})
    return ImportRun.objects.latest("pk")


def test_a_finished_import_links_the_actions_it_added_and_changed(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    _import(
        client,
        plan,
        ["Goal,First,,,,,,,,,", "Goal,Second,,,,,,,,,"],
        django_capture_on_commit_callbacks,
    )
    first, second = Action.objects.order_by("pk")
    run = _import(
        client,
        plan,
        [
            f"Goal,First,,,,,,,,,,{first.pk}",
            f"Goal,Second,Now described,,,,,,,,,{second.pk}",
            "Goal,Third,,,,,,,,,",
        ],
        django_capture_on_commit_callbacks,
    )
    third = Action.objects.latest("pk")
    assert (run.state, run.done_rows, run.total_rows) == ("done", 3, 3)
    assert (run.created_count, run.updated_count, run.unchanged_count) == (1, 1, 1)
    assert (run.created_objects, run.updated_objects) == (
        [["action", third.pk]],
        [["action", second.pk]],
    )
    html = client.get(reverse("plans:import-run", args=[plan.slug, run.pk])).content.decode()
    assert "3 of 3 rows" in html
    assert "Created (1)" in html
    assert "Updated (1)" in html
    assert (
        f'href="{reverse("plans:action", args=[plan.slug, third.pk])}" lang="en">Third</a>' in html
    )
    assert (
        f'href="{reverse("plans:action", args=[plan.slug, second.pk])}" lang="en">Second</a>'
        in html
    )
    assert reverse("plans:action", args=[plan.slug, first.pk]) + '"' not in html


def test_links_past_the_kept_ones_are_counted_as_more(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    run = _import(client, plan, ["Goal,First,,,,,,,,,"], django_capture_on_commit_callbacks)
    ImportRun.objects.filter(pk=run.pk).update(created_count=501)
    html = client.get(reverse("plans:import-run", args=[plan.slug, run.pk])).content.decode()
    assert "Created (501)" in html
    assert "and 500 more" in html


def test_a_deleted_action_is_no_longer_linked_but_still_counted(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    run = _import(
        client,
        plan,
        ["Goal,First,,,,,,,,,", "Goal,Second,,,,,,,,,"],
        django_capture_on_commit_callbacks,
    )
    Action.objects.order_by("pk").first().delete()  # "First"
    html = client.get(reverse("plans:import-run", args=[plan.slug, run.pk])).content.decode()
    assert "Created (2)" in html
    assert ">Second</a>" in html
    assert ">First</a>" not in html
    assert "and 1 more" in html


def test_a_finished_run_is_for_the_plans_editors_only(
    client, plan, max_, alice, otto, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    run = _import(client, plan, ["Goal,First,,,,,,,,,"], django_capture_on_commit_callbacks)
    page = reverse("plans:import-run", args=[plan.slug, run.pk])
    assert client.get(page).status_code == 200
    for person in (alice, otto):
        client.force_login(person)
        assert client.get(page).status_code == 403
    client.logout()
    assert client.get(page).status_code in (302, 403)


def test_a_bad_file_says_why_and_writes_nothing(client, plan, max_):
    client.force_login(max_)
    response = client.post(
        reverse("plans:import", args=[plan.slug]), {"file": upload(["Goal,First,,,,,,soon,,,"])}
    )
    assert response.status_code == 200
    assert "Row 2: the status “soon” is not one of" in response.content.decode()
    assert (ImportRun.objects.count(), Action.objects.count()) == (0, 0)


def test_the_finished_page_costs_the_same_queries_for_one_action_or_several(
    client, plan, max_, django_capture_on_commit_callbacks
):
    client.force_login(max_)
    one = _import(client, plan, ["Goal,First,,,,,,,,,"], django_capture_on_commit_callbacks)
    several = _import(
        client,
        plan,
        [f"Goal,Action {n},,,,,,,,," for n in range(4)],
        django_capture_on_commit_callbacks,
    )
    current = {"pk": one.pk}

    def add_more():
        current["pk"] = several.pk

    first, second = assert_same_queries(
        lambda: client.get(reverse("plans:import-run", args=[plan.slug, current["pk"]])), add_more
    )
    assert "Created (1)" in first.content.decode()
    assert "Created (4)" in second.content.decode()
