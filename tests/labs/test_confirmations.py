"""Removing a note, a theme or a participant asks first, says what will happen, then acts on
POST; those who may not do it are refused either way."""

import pytest
from django.urls import reverse

from atelier.labs import services
from atelier.labs.models import Note, Participant, Seat, Theme, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(running, people):
    member = people[1]
    table = Seat.objects.get(round=running.current_round, participant=member).table
    return services.post_note(table, member, "Makerspaces in libraries")


def _note_url(note):
    return reverse("labs:note-remove", args=[note.table.lab.slug, note.table.number, note.pk])


def test_removing_a_note_asks_first(client, fay, note):
    client.force_login(fay)
    response = client.get(f"{_note_url(note)}?version={note.version}")
    assert response.status_code == 200
    assert "Remove this note?" in response.text
    assert "“Makerspaces in libraries” disappears from the board" in response.text
    assert f'name="version" value="{note.version}"' in response.text
    note.refresh_from_db()
    assert not note.deleted
    response = client.post(_note_url(note), {"version": note.version})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.deleted


def test_the_board_offers_the_removal_as_a_question(client, fay, note):
    client.force_login(fay)
    board = client.get(reverse("labs:board", args=[note.table.lab.slug, note.table.number]))
    assert f'href="{_note_url(note)}?version={note.version}"' in board.text
    assert 'value="delete"' not in board.text


def test_a_stale_removal_is_refused(client, fay, note):
    services.edit_note(note, "Makerspaces in every library", note.version)
    client.force_login(fay)
    response = client.post(_note_url(note), {"version": 1}, follow=True)
    assert "Someone changed this note" in response.text
    note.refresh_from_db()
    assert not note.deleted


def test_a_participant_who_does_not_host_cannot_remove_a_note(client, note, people):
    client.force_login(people[1].user)
    assert client.get(f"{_note_url(note)}?version=1").status_code == 403
    assert client.post(_note_url(note), {"version": 1}).status_code == 403
    note.refresh_from_db()
    assert not note.deleted


def test_removing_a_theme_asks_first_and_keeps_its_notes(client, fay, alice, note, people):
    theme = services.create_theme(note.table.lab, "Spaces", [note])
    lab = note.table.lab
    services.open_voting(lab)
    services.vote(people[2], theme)
    url = reverse("labs:theme-remove", args=[lab.slug, theme.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    client.force_login(fay)
    response = client.get(url)
    assert "Remove the theme “Spaces”?" in response.text
    assert "Its notes stay in the harvest" in response.text
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert client.post(url).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists() and not Vote.objects.exists()
    assert Note.objects.filter(pk=note.pk, deleted=False).exists()


def test_removing_a_participant_asks_first_and_keeps_their_notes(client, fay, alice, note, people):
    participant = people[1]
    lab = participant.lab
    url = reverse("labs:participant-remove", args=[lab.slug, participant.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    client.force_login(fay)
    console = client.get(reverse("labs:detail", args=[lab.slug]))
    assert f'href="{url}"' in console.text
    response = client.get(url)
    assert f"Remove {participant} from the lab?" in response.text
    assert "The notes they wrote stay in the lab without their name." in response.text
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert client.post(url).status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    note.refresh_from_db()
    assert note.author is None and not note.deleted
