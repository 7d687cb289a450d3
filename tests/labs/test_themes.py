"""Harvest themes: the facilitator renames a theme and adds or takes out notes; no one else may."""

import pytest
from django.urls import reverse

from atelier.core.models import AuditLogEntry
from atelier.labs import services
from atelier.labs.models import Lab, Question, Seat, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(running, people):
    member = people[1]
    table = Seat.objects.get(round=running.current_round, participant=member).table
    services.post_note(table, member, "Makerspaces in libraries")
    services.post_note(table, member, "Mentors from other cities")
    services.post_note(table, member, "Evening openings")
    notes = {n.text: n for n in table.notes.all()}
    return services.create_theme(running, "Spaces", [notes["Makerspaces in libraries"]])


def _notes_of(theme):
    return sorted(theme.notes.values_list("text", flat=True))


def _url(theme):
    return reverse("labs:theme-edit", args=[theme.lab.slug, theme.pk])


def test_the_facilitator_renames_a_theme_and_regroups_its_notes(client, fay, theme):
    client.force_login(fay)
    page = client.get(_url(theme))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Spaces"' in html
    kept = theme.notes.get()
    assert f'value="{kept.pk}" checked' in html
    notes = {n.text: n.pk for n in kept.table.notes.all()}

    response = client.post(
        _url(theme),
        {
            "name": "Places to make things",
            "notes": [notes["Mentors from other cities"], notes["Evening openings"]],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/labs/local-lab/harvest/#theme-{theme.pk}"
    theme.refresh_from_db()
    assert theme.name == "Places to make things"
    assert _notes_of(theme) == ["Evening openings", "Mentors from other cities"]
    entry = AuditLogEntry.objects.get(action="labs.theme.changed")
    assert entry.actor == fay and entry.object_id == str(theme.pk)


def test_a_theme_needs_a_name(client, fay, theme):
    client.force_login(fay)
    response = client.post(_url(theme), {"name": "  ", "notes": [theme.notes.get().pk]})
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    theme.refresh_from_db()
    assert theme.name == "Spaces"


def test_notes_of_another_lab_cannot_be_put_in_a_theme(client, fay, theme):
    other = services.create_lab(
        fay,
        title={"lang": "en", "text": "Other"},
        slug="other",
        status=Lab.Status.OPEN,
        allow_guests=True,
    )
    question = Question.objects.create(lab=other, text={"lang": "en", "text": "Why?"})
    services.add_round(other, question, 10)
    table = services.add_table(other, 1)
    participant = services.join(other, guest_name="Ioana")
    services.start_next_round(other)
    foreign = services.post_note(table, participant, "Elsewhere")
    client.force_login(fay)
    response = client.post(_url(theme), {"name": "Spaces", "notes": [foreign.pk]})
    assert response.status_code == 200  # not one of the choices
    assert _notes_of(theme) == ["Makerspaces in libraries"]
    services.update_theme(theme, "Spaces", [foreign])
    assert _notes_of(theme) == []


def test_only_those_who_run_the_lab_edit_its_themes(client, alice, bob, people, theme):
    response = client.get(_url(theme))
    assert response.status_code == 302 and "login" in response["Location"]
    services.join(theme.lab, user=alice)
    for person in (alice, bob):  # a participant; the host of table 1
        client.force_login(person)
        assert client.get(_url(theme)).status_code == 403
        response = client.post(_url(theme), {"name": "Taken over", "notes": []})
        assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.name == "Spaces" and _notes_of(theme) == ["Makerspaces in libraries"]


def test_a_theme_of_another_lab_is_not_found(client, fay, theme):
    other = services.create_lab(fay, title={"lang": "en", "text": "Other"}, slug="other")
    client.force_login(fay)
    assert client.get(reverse("labs:theme-edit", args=[other.slug, theme.pk])).status_code == 404


def test_the_harvest_links_each_theme_to_its_editing_page_and_the_report_does_not(
    client, fay, theme
):
    client.force_login(fay)
    harvest = client.get(reverse("labs:harvest", args=[theme.lab.slug])).content.decode()
    assert f'href="{_url(theme)}"' in harvest
    report = client.get(reverse("labs:report", args=[theme.lab.slug])).content.decode()
    assert _url(theme) not in report
    assert Theme.objects.count() == 1
