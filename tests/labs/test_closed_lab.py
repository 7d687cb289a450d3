"""A closed lab: no round controls, no message left from an earlier round, nothing to run."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atelier.labs import services
from atelier.labs.models import Lab

pytestmark = pytest.mark.django_db


def test_closing_asks_first_then_closes(client, fay, running):
    client.force_login(fay)
    url = reverse("labs:close", args=[running.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert "Close the lab “Local Learning Lab”?" in response.text
    assert "the join link stops working" in response.text
    running.refresh_from_db()
    assert running.status == Lab.Status.RUNNING
    assert client.post(url).status_code == 302
    running.refresh_from_db()
    assert running.status == Lab.Status.CLOSED


def test_only_those_who_run_the_lab_close_it(client, alice, running):
    client.force_login(alice)
    assert client.get(reverse("labs:close", args=[running.slug])).status_code == 403
    assert client.post(reverse("labs:close", args=[running.slug])).status_code == 403
    running.refresh_from_db()
    assert running.status == Lab.Status.RUNNING


def test_a_closed_lab_shows_no_round_controls_and_no_old_message(client, fay, running, people):
    services.broadcast(running, "Five more minutes at table 2")
    client.force_login(fay)
    html = client.get(reverse("labs:detail", args=[running.slug])).text
    assert "Five more minutes at table 2" in html and 'value="next"' in html
    services.close(running)
    html = client.get(reverse("labs:detail", args=[running.slug])).text
    assert "This lab is closed: its rounds are over." in html
    for control in ('value="next"', 'value="pause"', 'value="resume"', 'value="extend"'):
        assert control not in html
    assert 'value="broadcast"' not in html and "Close the lab" not in html
    assert "Five more minutes at table 2" not in html
    member = people[1]
    client.force_login(member.user)
    board = client.get(reverse("labs:board", args=[running.slug, 1]))
    assert "Five more minutes" not in board.text


def test_a_closed_lab_refuses_its_round_controls(running):
    services.close(running)
    for action in (services.start_next_round, services.resume, services.pause):
        with pytest.raises(ValidationError):
            action(running)
    with pytest.raises(ValidationError):
        services.broadcast(running, "Late message")
    running.refresh_from_db()
    assert running.broadcast_message == ""


def test_a_new_round_takes_down_the_message_of_the_last(running):
    services.broadcast(running, "Remember the question")
    lab = services.start_next_round(running)
    assert lab.broadcast_message == ""


def test_the_console_keeps_its_sections_in_the_page_body(client, fay, lab):
    client.force_login(fay)
    html = client.get(reverse("labs:detail", args=[lab.slug])).text
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<section" not in title and html.count('id="participants-heading"') == 1
