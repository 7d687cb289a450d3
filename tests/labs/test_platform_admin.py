"""A platform admin passes every lab's permission checks without taking part: each lab page
answers them a page or a way to one, never a server error."""

import pytest
from django.urls import reverse

from atelier.labs.models import Note, Theme, Vote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["my-table", "vote"])
def test_the_participants_pages_send_a_platform_admin_to_the_lab(client, ada, lab, running, name):
    client.force_login(ada)
    response = client.get(reverse(f"labs:{name}", args=[lab.slug]), follow=True)
    assert response.redirect_chain == [(reverse("labs:detail", args=[lab.slug]), 302)]
    assert "You do not take part in this lab" in response.text


def test_a_platform_admin_asked_again_by_the_waiting_page_is_sent_to_the_lab(client, ada, lab):
    client.force_login(ada)
    response = client.get(reverse("labs:my-table", args=[lab.slug]), HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"] == reverse("labs:detail", args=[lab.slug])


def test_a_platform_admin_cannot_vote_without_taking_part(client, ada, lab):
    theme = Theme.objects.create(lab=lab, name="Access")
    client.force_login(ada)
    response = client.post(reverse("labs:vote", args=[lab.slug]), {"theme": theme.pk})
    assert response.status_code == 302
    assert Vote.objects.count() == 0


def test_every_lab_page_answers_a_platform_admin(client, ada, lab, running):
    client.force_login(ada)
    names = [
        ("labs:list", []),
        ("labs:detail", [lab.slug]),
        ("labs:edit", [lab.slug]),
        ("labs:my-table", [lab.slug]),
        ("labs:board", [lab.slug, 1]),
        ("labs:notes", [lab.slug, 1]),
        ("labs:harvest", [lab.slug]),
        ("labs:vote", [lab.slug]),
        ("labs:report", [lab.slug]),
        ("labs:report-md", [lab.slug]),
        ("labs:report-csv", [lab.slug]),
    ]
    for name, args in names:
        response = client.get(reverse(name, args=args))
        assert response.status_code in (200, 302), (name, response.status_code)
    response = client.post(
        reverse("labs:note-post", args=[lab.slug, 1]), {"text": "From the admin"}
    )
    assert response.status_code in (200, 302)
    assert Note.objects.filter(text="From the admin").count() == 1
