"""A participant's lab notes and votes in their data export; erasure unlinks their notes."""

import json

from atelier.accounts.services import export_json
from atelier.labs import services
from atelier.labs.models import Note, Seat
from tests.factories import PASSWORD


def test_export_and_erasure(running, people, rf):
    member = people[1]
    table = Seat.objects.get(round=running.current_round, participant=member).table
    services.post_note(table, member, "Evening openings")
    theme = services.create_theme(running, "Openings", list(Note.objects.all()))
    services.open_voting(running, 3)
    services.vote(member, theme)

    data = json.loads(export_json(member.user))
    [row] = data["lab_participations"]
    assert row["lab"] == "Local Learning Lab"
    assert row["notes"][0]["text"] == "Evening openings"
    assert row["votes"] == ["Openings"]

    from django.contrib.sessions.middleware import SessionMiddleware

    from atelier.accounts.services import erase_account

    request = rf.post("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = member.user
    erase_account(request, member.user, PASSWORD)
    note = Note.objects.get()
    assert note.text == "Evening openings" and note.author is None
