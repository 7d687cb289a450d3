"""Goals numbered in thousands keep plain ids in the plan's pages, in every locale."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from atelier.core.multilingual import MultilingualText
from tests.pages import Page

from .factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["bg", "pl"])
def test_goal_1234_links_and_labels(client, plan, max_, language):
    GoalFactory(pk=1234, plan=plan, title=MultilingualText("Activate start-ups", "en"))
    client.force_login(max_)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    detail = Page(client.get(reverse("plans:detail", args=[plan.slug])).content.decode())
    assert "goal-1234" in detail.references
    assert detail.dangling_references() == []

    html = client.get(reverse("plans:edit", args=[plan.slug])).content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        create = reverse("plans:action-create", args=[plan.slug])
    (link,) = [href for href in Page(html).links if href.startswith(create + "?goal=")]
    assert link == f"{create}?goal=1234"
    # Following the link opens the new action's form with that goal chosen.
    form = Page(client.get(link).content.decode())
    assert [f.inputs.get("goal") for f in form.forms if "goal" in f.options] == ["1234"]
