"""Every lab page, for those who may and those who may not."""

import csv
import io
import re

import pytest
from django.urls import reverse

from atelier.labs import services
from atelier.labs.models import Lab, Note, Seat, Theme, Vote
from tests.factories import UserFactory
from tests.queries import assert_same_queries


def _seat(lab, participant):
    return Seat.objects.get(round=lab.current_round, participant=participant).table


# -- design --------------------------------------------------------------------------------


def test_list_and_create_are_for_facilitators(client, alice, fay, lab):
    client.force_login(alice)
    response = client.get(reverse("labs:list"))  # a member sees only the labs they joined
    assert response.status_code == 200
    assert "Local Learning Lab" not in response.text and "Design a new lab" not in response.text
    assert client.get(reverse("labs:create")).status_code == 403
    client.force_login(fay)
    response = client.get(reverse("labs:list"))
    assert response.status_code == 200
    assert "Local Learning Lab" in response.text
    response = client.post(
        reverse("labs:create"),
        {
            "title_text": "Laboratorul local",
            "content_language": "ro",
            "format": "hybrid",
            "votes_per_participant": 3,
            "status": "open",
        },
    )
    lab = Lab.objects.get(slug="laboratorul-local")
    assert response.status_code == 302
    assert lab.title.text == "Laboratorul local" and lab.title.language == "ro"
    assert lab.facilitators.filter(pk=fay.pk).exists()


def test_visitors_are_sent_to_log_in(client, lab):
    response = client.get(reverse("labs:detail", args=[lab.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_lab_list_query_count(client, fay):
    def add_labs(first, n):
        for number in range(first, first + n):
            services.create_lab(
                fay, title={"lang": "en", "text": f"Lab {number}"}, slug=f"lab-{number}"
            )

    add_labs(0, 1)
    client.force_login(fay)
    one, several = assert_same_queries(
        lambda: client.get(reverse("labs:list")), lambda: add_labs(1, 3)
    )
    assert several.text.count('class="card"') == 4


def test_console_edits_questions_rounds_and_tables(client, fay, alice, bob, lab):
    client.force_login(alice)
    for name in ("detail", "edit"):
        assert client.get(reverse(f"labs:{name}", args=[lab.slug])).status_code == 403
    for name in ("question-add", "round-add", "table-add", "control"):
        assert client.post(reverse(f"labs:{name}", args=[lab.slug]), {}).status_code == 403
    client.force_login(fay)
    response = client.get(reverse("labs:detail", args=[lab.slug]))
    assert response.status_code == 200
    assert "<svg" in response.text and lab.join_token in response.text
    client.post(
        reverse("labs:question-add", args=[lab.slug]), {"text": "Who is missing?", "language": "en"}
    )
    question = lab.questions.get(text__text="Who is missing?")
    client.post(
        reverse("labs:round-add", args=[lab.slug]),
        {"question": question.pk, "duration_minutes": 10},
    )
    assert lab.rounds.filter(question=question, position=3).exists()
    response = client.post(
        reverse("labs:table-add", args=[lab.slug]),
        {"number": 4, "language": "ro", "host_email": "nobody@example.org"},
    )
    assert "No one on Atelier has this e-mail address." in response.text
    assert not lab.tables.filter(number=4).exists()
    response = client.post(reverse("labs:table-add", args=[lab.slug]), {"number": 1})
    assert "There is already a table 1 in this lab." in response.text
    client.post(
        reverse("labs:table-add", args=[lab.slug]),
        {"number": 4, "language": "ro", "host_email": bob.email},
    )
    assert lab.tables.get(number=4).host == bob


def test_edit_keeps_a_facilitators_changes(client, fay, lab):
    client.force_login(fay)
    response = client.post(
        reverse("labs:edit", args=[lab.slug]),
        {
            "title_text": "Lab renamed",
            "content_language": "en",
            "slug": lab.slug,
            "format": "online",
            "votes_per_participant": 5,
            "status": "open",
            "allow_guests": "on",
        },
    )
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.title.text == "Lab renamed" and lab.format == "online"


def test_controls_run_the_clock(client, fay, lab, people):
    client.force_login(fay)
    url = reverse("labs:control", args=[lab.slug])
    client.post(url, {"action": "next"})
    lab.refresh_from_db()
    assert lab.current_round.position == 1
    client.post(url, {"action": "pause"})
    client.post(url, {"action": "extend", "minutes": "abc"})
    client.post(url, {"action": "extend", "minutes": "5"})
    client.post(url, {"action": "broadcast", "message": "Five more minutes"})
    lab.refresh_from_db()
    assert lab.round_paused_at and lab.extra_seconds == 300
    assert lab.broadcast_message == "Five more minutes"
    response = client.get(reverse("labs:detail", args=[lab.slug]))
    assert "data-lab-timer" in response.text and "Resume the clock" in response.text


# -- joining -------------------------------------------------------------------------------


def test_members_and_guests_join(client, lab, alice):
    url = reverse("labs:join", args=[lab.join_token])
    response = client.post(url, {"name": ""})
    assert "Please give a name" in response.text
    response = client.post(url, {"name": "Ioana"})
    assert response.status_code == 302
    assert lab.participants.filter(guest_name="Ioana").exists()
    client.force_login(alice)
    client.post(url)
    assert lab.participants.filter(user=alice).exists()


def test_guests_cannot_join_a_members_lab_or_a_closed_lab(client, lab):
    lab.allow_guests = False
    lab.save()
    url = reverse("labs:join", args=[lab.join_token])
    assert "Sign in to join" in client.get(url).text
    client.post(url, {"name": "Radu"})
    assert not lab.participants.exists()
    lab.status = Lab.Status.DRAFT
    lab.save()
    assert client.get(url).status_code == 302  # to log in
    assert client.get(reverse("labs:join", args=["nonsense"])).status_code == 404


def test_my_table_sends_a_participant_to_their_board(client, running, people):
    member = people[1]
    client.force_login(member.user)
    response = client.get(reverse("labs:my-table", args=[running.slug]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/tables/{_seat(running, member).number}/")
    outsider = UserFactory(email="out@example.org")
    client.force_login(outsider)
    assert client.get(reverse("labs:my-table", args=[running.slug])).status_code == 403


def test_the_waiting_page_takes_a_participant_to_their_table_once_the_round_starts(
    client, lab, people
):
    member = people[1]
    client.force_login(member.user)
    url = reverse("labs:my-table", args=[lab.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert f'hx-get="{url}" hx-trigger="every 5s"' in page.text
    asked = client.get(url, headers={"HX-Request": "true"})
    assert asked.status_code == 204 and "HX-Redirect" not in asked
    lab = services.start_next_round(lab)
    asked = client.get(url, headers={"HX-Request": "true"})
    table = _seat(lab, member)
    assert asked.status_code == 200
    assert asked["HX-Redirect"] == reverse("labs:board", args=[lab.slug, table.number])
    client.force_login(UserFactory(email="out@example.org"))
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 403


# -- boards --------------------------------------------------------------------------------


def test_participants_see_and_post_only_at_their_table(client, running, people):
    member = people[1]
    table = _seat(running, member)
    other = running.tables.exclude(pk=table.pk).first()
    client.force_login(member.user)
    board = reverse("labs:board", args=[running.slug, table.number])
    response = client.get(board)
    assert response.status_code == 200
    assert 'hx-trigger="every 3s"' in response.text and "data-ws-path" in response.text
    assert client.get(reverse("labs:board", args=[running.slug, other.number])).status_code == 403
    response = client.post(
        reverse("labs:note-post", args=[running.slug, table.number]),
        {"text": "Night openings"},
        HTTP_HX_REQUEST="true",
    )
    assert "Night openings" in response.text
    assert (
        client.post(
            reverse("labs:note-post", args=[running.slug, other.number]), {"text": "Elsewhere"}
        ).status_code
        == 403
    )
    notes = client.get(reverse("labs:notes", args=[running.slug, table.number]))
    assert "Night openings" in notes.text and "Edit, star, merge" not in notes.text
    note = Note.objects.get()
    response = client.post(
        reverse("labs:note-change", args=[running.slug, table.number, note.pk]),
        {"action": "edit", "text": "Hijack", "version": 1},
    )
    assert response.status_code == 403


def test_a_guest_posts_at_their_table(client, running):
    client.post(reverse("labs:join", args=[running.join_token]), {"name": "Ioana"})
    guest = running.participants.get(guest_name="Ioana")
    table = _seat(running, guest)
    client.post(reverse("labs:note-post", args=[running.slug, table.number]), {"text": "Hello"})
    assert Note.objects.get().author == guest


def test_a_stale_edit_is_refused_with_a_clear_message(client, running, people, bob):
    member = people[1]
    table = running.tables.get(number=1)
    note = services.post_note(table, member, "Shared tools")
    url = reverse("labs:note-change", args=[running.slug, 1, note.pk])
    client.force_login(bob)  # hosts table 1
    response = client.post(
        url, {"action": "edit", "text": "Shared tools library", "version": 1}, HTTP_HX_REQUEST="1"
    )
    assert "Shared tools library" in response.text
    response = client.post(
        url, {"action": "edit", "text": "Stale overwrite", "version": 1}, HTTP_HX_REQUEST="1"
    )
    assert "Someone changed this note while you were editing it" in response.text
    note.refresh_from_db()
    assert note.text == "Shared tools library" and note.version == 2
    response = client.post(url, {"action": "edit", "text": "Stale", "version": 1}, follow=True)
    assert "Someone changed this note" in response.text


def test_a_stale_edit_is_refused_in_the_editors_language(client, running, people, bob, fay):
    table = running.tables.get(number=1)
    note = services.post_note(table, people[1], "Shared tools")
    url = reverse("labs:note-change", args=[running.slug, 1, note.pk])
    client.force_login(fay)  # the facilitator saves first
    client.post(url, {"action": "edit", "text": "Shared tools library", "version": 1})
    client.force_login(bob)  # the host's form still holds version 1
    response = client.post(
        url,
        {"action": "star", "version": 1},
        HTTP_HX_REQUEST="1",
        HTTP_ACCEPT_LANGUAGE="bg",
    )
    assert response.status_code == 200
    assert "Някой промени тази бележка, докато я редактирахте." in response.text
    assert "Shared tools library" in response.text  # the current text, to apply the change to
    note.refresh_from_db()
    assert (note.text, note.starred, note.version) == ("Shared tools library", False, 2)


def test_host_stars_and_merges_but_not_at_another_table(client, running, people, bob):
    member = people[1]
    table = running.tables.get(number=1)
    a = services.post_note(table, member, "Open doors")
    b = services.post_note(table, member, "Late hours")
    client.force_login(bob)
    client.post(
        reverse("labs:note-change", args=[running.slug, 1, b.pk]),
        {"action": "star", "version": 1},
    )
    b.refresh_from_db()
    assert b.starred and b.version == 2
    client.post(
        reverse("labs:note-change", args=[running.slug, 1, b.pk]),
        {"action": "merge", "version": 2, "into": a.pk, f"into_version_{a.pk}": 1},
    )
    a.refresh_from_db()
    assert a.text == "Open doors / Late hours" and a.starred
    other = running.tables.get(number=2)
    c = services.post_note(other, member, "Elsewhere")
    response = client.post(
        reverse("labs:note-change", args=[running.slug, 2, c.pk]),
        {"action": "star", "version": 1},
    )
    assert response.status_code == 403


def test_note_ids_on_the_board_are_not_localised(client, running, people, bob):
    table = running.tables.get(number=1)
    Note.objects.create(
        pk=1234, table=table, round=running.current_round, author=people[1], text="Open doors"
    )
    services.post_note(table, people[1], "Late hours")
    client.force_login(bob)
    html = client.get(reverse("labs:notes", args=[running.slug, 1])).content.decode()
    assert 'id="note-1234"' in html
    assert 'value="1234"' in html and 'name="into_version_1234"' in html


def test_a_twenty_minute_round_gives_the_timer_plain_seconds_in_every_language(
    client, running, people
):
    """1,200 seconds printed as "1 200" made the timer read 1 second."""
    member = people[1]
    client.force_login(member.user)
    table = _seat(running, member)
    for language in ("pl", "bg", "en"):
        client.cookies["atelier_language"] = language
        html = client.get(reverse("labs:board", args=[running.slug, table.number])).content
        remaining = re.search(r'data-remaining="([^"]*)"', html.decode()).group(1)
        assert remaining.isdigit() and 1100 < int(remaining) <= 1200, remaining
        assert f'data-round="{running.current_round_id}"' in html.decode()


# -- harvest, vote, report -----------------------------------------------------------------


@pytest.fixture
def harvested(running, people):
    member = people[1]
    table = _seat(running, member)
    n1 = services.post_note(table, member, "Makerspaces in libraries")
    n2 = services.post_note(table, member, "Mentors from other cities")
    services.create_theme(running, "Spaces", [n1])
    services.create_theme(running, "People", [n2])
    return running


def test_harvest_themes_and_vote(client, fay, alice, harvested, people):
    lab = harvested
    client.force_login(alice)
    assert client.get(reverse("labs:harvest", args=[lab.slug])).status_code == 403
    client.force_login(fay)
    response = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert "Makerspaces in libraries" in response.text
    note = Note.objects.get(text="Mentors from other cities")
    client.post(
        reverse("labs:harvest", args=[lab.slug]),
        {"action": "theme", "name": "Mentoring", "notes": [note.pk]},
    )
    assert Theme.objects.get(name="Mentoring").notes.get() == note
    client.post(reverse("labs:harvest", args=[lab.slug]), {"action": "open-vote", "votes": "2"})
    lab.refresh_from_db()
    assert lab.voting_open and lab.votes_per_participant == 2

    voter = people[2]
    client.force_login(voter.user)
    spaces = Theme.objects.get(name="Spaces")
    url = reverse("labs:vote", args=[lab.slug])
    for _ in range(3):
        client.post(url, {"theme": spaces.pk})
    assert Vote.objects.filter(participant=voter).count() == 2
    response = client.get(url)
    assert "You have 0 votes left." in response.text
    client.force_login(alice)  # not a participant
    assert client.get(url).status_code == 403
    response = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert response.status_code == 403


def test_vote_page_closed_when_voting_is_closed(client, harvested, people):
    client.force_login(people[1].user)
    assert client.get(reverse("labs:vote", args=[harvested.slug])).status_code == 403


def test_report_and_exports(client, fay, alice, harvested, people):
    lab = harvested
    services.open_voting(lab, 3)
    services.vote(people[2], Theme.objects.get(name="People"))
    client.force_login(alice)
    for name in ("report", "report-md", "report-csv", "report-pdf"):
        assert client.get(reverse(f"labs:{name}", args=[lab.slug])).status_code == 403
    client.force_login(fay)

    def more_votes():
        for person in people[3:6]:
            services.vote(person, Theme.objects.get(name="People"))

    one, response = assert_same_queries(
        lambda: client.get(reverse("labs:report", args=[lab.slug])), more_votes
    )
    assert "Makerspaces in libraries" in response.text
    assert "<dt>Participants</dt><dd>8</dd>" in response.text
    markdown = client.get(reverse("labs:report-md", args=[lab.slug])).content.decode()
    assert markdown.startswith("# Local Learning Lab")
    assert "- **People** — 4 votes\n" in markdown
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("labs:report-csv", args=[lab.slug])).content.decode())
        )
    )
    assert rows[0][3] == "note"
    assert {r[3] for r in rows[1:]} == {"Makerspaces in libraries", "Mentors from other cities"}
    assert any(r[6] == "Spaces" for r in rows[1:])
    response = client.get(reverse("labs:report-pdf", args=[lab.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Makerspaces in libraries" in text and "Spaces" in text


def test_a_programme_facilitator_ties_a_lab_to_their_programme_only(client, alice):
    from atelier.accounts.roles import Role
    from atelier.accounts.services import assign_role
    from tests.programmes.factories import ProgrammeFactory

    mine, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(alice, Role.FACILITATOR, scope=mine)
    client.force_login(alice)
    data = {
        "title_text": "Programme lab",
        "content_language": "en",
        "slug": "programme-lab",
        "format": "on_site",
        "votes_per_participant": 3,
        "status": "draft",
    }
    response = client.post(reverse("labs:create"), {**data, "programme": other.pk})
    assert response.status_code == 200 and not Lab.objects.exists()
    response = client.post(reverse("labs:create"), {**data, "programme": mine.pk})
    assert response.status_code == 302
    assert Lab.objects.get().programme == mine


@pytest.mark.parametrize("page", ["labs:board", "labs:notes"])
def test_board_and_notes_query_counts(client, running, people, page):
    member = people[1]
    table = _seat(running, member)

    def post_notes(first, n):
        for number in range(first, first + n):
            services.post_note(table, people[number % len(people)], f"Idea {number}")

    post_notes(0, 1)
    client.force_login(member.user)
    one, several = assert_same_queries(
        lambda: client.get(reverse(page, args=[running.slug, table.number])),
        lambda: post_notes(1, 3),
    )
    assert all(f"Idea {number}" in several.text for number in range(4))
