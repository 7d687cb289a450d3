"""A lab in the browser, on the real ASGI server (uvicorn, with the boards' websockets): a note
posted at a table appears live on the other boards; the facilitator moves the rounds and the
participants are reseated; harvest (a theme made, renamed and regrouped), vote and report; a
question is translated, and a theme becomes a plan's action."""

import os
import re
import uuid

import pytest
import redis
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.core import RedisChannelLayer

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question, Seat
from tests.browsing import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The boards poll every 3 seconds without a websocket; well under that proves the push.
LIVE = 2_000


# The channel layer of one server process (``make demo``), and Redis, which carries the pushes
# between the processes of a larger deployment (REDIS_URL).
REDIS_URL = os.environ.get("ATELIER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["in-memory", "redis"])
def channel_layer(request, settings):
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError:
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [REDIS_URL], "prefix": f"atelier-test-{uuid.uuid4().hex}"},
            }
        }
    else:
        # One process's own layer, even where REDIS_URL makes Redis the configured one.
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return request.param


def _join(page, lab, axe=None):
    page.goto(f"/labs/join/{lab.join_token}/")
    if axe:
        axe(page)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(lambda url: "/join/" not in url)


def _wait_until_live(page):
    """The board's socket is open and its notes caught up; HTMX polling is off."""
    page.locator("#lab-board[data-live=websocket]").wait_for(timeout=5_000)
    assert page.locator("#lab-notes-poll[hx-get]").count() == 0


def _lab(fay, *questions, **fields):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        status=Lab.Status.OPEN,
        **fields,
    )
    for position, text in enumerate(questions, start=1):
        question = Question.objects.create(
            lab=lab, text=MultilingualText(text, "en"), position=position
        )
        services.add_round(lab, question, 20)
    return lab


def _seating(lab, round_):
    return dict(Seat.objects.filter(round=round_).values_list("participant_id", "table__number"))


def test_a_note_posted_at_a_table_appears_at_once_on_the_other_board(
    channel_layer, asgi_live_server, new_asgi_page, axe, fay, alice, bob, password
):
    layer = {"in-memory": InMemoryChannelLayer, "redis": RedisChannelLayer}[channel_layer]
    assert isinstance(get_channel_layer(), layer)
    lab = _lab(fay, "What works in our city?")
    services.add_table(lab, 1, language="en")
    writer, reader = new_asgi_page(), new_asgi_page()
    log_in(reader, bob, password)
    _join(reader, lab)
    log_in(writer, alice, password)
    _join(writer, lab, axe)
    asgi_live_server.run(services.start_next_round, lab)

    writer.goto("/labs/local-lab/my-table/")
    reader.goto("/labs/local-lab/my-table/")
    assert writer.get_by_role("heading", name="Table 1").is_visible()
    assert "What works in our city?" in reader.text_content("main")
    _wait_until_live(reader)
    _wait_until_live(writer)
    axe(reader)
    # From here the reader's board fetches no notes: the note must come in the websocket's
    # message itself, not from polling or a reload.
    notes_url = reader.get_attribute("#lab-board", "data-notes-url")
    asked = []
    reader.on("request", lambda request: asked.append(request.url))

    writer.get_by_label("Your note").fill("Open the libraries in the evening")
    writer.get_by_role("button", name="Post the note").click()
    writer.locator("#lab-notes .lab-note > p", has_text="Open the libraries").wait_for()
    note = reader.locator("#lab-notes .lab-note", has_text="Open the libraries in the evening")
    note.wait_for(timeout=LIVE)
    assert note.locator(".meta").text_content() == "Alice Member"
    assert not [url for url in asked if notes_url in url]
    assert reader.get_attribute("#lab-board", "data-live") == "websocket"
    axe(reader)
    axe(writer)


def test_facilitator_moves_the_rounds_and_participants_are_reseated(
    asgi_live_server, new_asgi_page, axe, fay, alice, bob, password
):
    lab = _lab(fay, "What works?", "What next?", allow_guests=True)
    services.add_table(lab, 1, host=bob)
    services.add_table(lab, 2)
    services.join(lab, user=bob)
    for n in range(4):
        services.join(lab, user=UserFactory(email=f"m{n}@example.org", display_name=f"M{n}"))
    services.join(lab, guest_name="Ioana")

    facilitator, participant = new_asgi_page(), new_asgi_page()
    log_in(participant, alice, password)
    _join(participant, lab)
    assert participant.get_by_role("status").filter(has_text="You have joined").is_visible()
    axe(participant)
    log_in(facilitator, fay, password)
    facilitator.goto("/labs/local-lab/")
    axe(facilitator)
    facilitator.get_by_role("button", name="Start the first round").click()
    facilitator.get_by_text("The round started; everyone was seated.").wait_for()

    lab.refresh_from_db()
    first_round = lab.current_round
    first = _seating(lab, first_round)
    me = lab.participants.get(user=alice)
    # The waiting page takes the participant to their table by itself (it asks every 5 s).
    participant.wait_for_url(f"**/labs/local-lab/tables/{first[me.pk]}/", timeout=8_000)
    assert participant.get_by_role("heading", name="Round 1").is_visible()
    _wait_until_live(participant)
    participant.get_by_label("Your note").fill("Libraries open late")
    participant.get_by_role("button", name="Post the note").click()
    participant.locator("#lab-notes .lab-note > p", has_text="Libraries open late").wait_for()
    axe(participant)

    # The clock and the rounds reach the boards over the websocket, not by polling.
    facilitator.get_by_role("button", name="Pause the clock").click()
    participant.locator("[data-lab-timer][data-paused='1']").wait_for(timeout=LIVE)
    facilitator.get_by_role("button", name="Resume the clock").click()
    participant.locator("[data-lab-timer][data-paused='']").wait_for(timeout=LIVE)
    facilitator.get_by_role("button", name="Next round (reseat everyone)").click()
    facilitator.get_by_text("The round started; everyone was seated.").wait_for()
    facilitator.get_by_text("Round 2: What next?").wait_for()

    lab.refresh_from_db()
    second = _seating(lab, lab.current_round)
    host = lab.participants.get(user=bob)
    assert sorted(second) == sorted(first) == sorted(lab.participants.values_list("pk", flat=True))
    assert first[host.pk] == second[host.pk] == 1  # the host stays at their table
    groups = {
        seating_round: {
            frozenset(p for p, table in seating.items() if table == number) for number in (1, 2)
        }
        for seating_round, seating in (("first", first), ("second", second))
    }
    assert groups["first"] != groups["second"]  # people moved to meet others
    assert sorted(len(group) for group in groups["second"]) == [3, 4]
    # The participant's board sends them on to their table of the new round by itself: only
    # the websocket's message does that (polling reloads the notes, not the page).
    participant.get_by_role("heading", name="Round 2").wait_for(timeout=5_000)
    participant.wait_for_url(f"**/labs/local-lab/tables/{second[me.pk]}/")
    assert participant.get_by_role("heading", name=f"Table {second[me.pk]}").is_visible()
    assert "What next?" in participant.text_content("main")
    assert "Libraries open late" not in participant.text_content("#lab-notes")
    _wait_until_live(participant)
    axe(participant)
    participant.goto("/labs/local-lab/my-table/")
    assert re.search(rf"/labs/local-lab/tables/{second[me.pk]}/$", participant.url)
    assert participant.get_by_role("heading", name="Round 2").is_visible()
    participant.get_by_label("Your note").fill("Free entry on Sunday evenings")
    participant.get_by_role("button", name="Post the note").click()
    participant.locator("#lab-notes .lab-note > p", has_text="Free entry on Sunday").wait_for()

    facilitator.get_by_role("link", name="Harvest").click()
    facilitator.wait_for_url("**/labs/local-lab/harvest/")
    axe(facilitator)
    facilitator.get_by_role("textbox", name="Theme").fill("Opening hours")
    facilitator.get_by_label("Libraries open late").check()
    facilitator.get_by_role("button", name="Create the theme").click()
    facilitator.get_by_text("The theme was created.").wait_for()
    edit = re.compile(r"^Rename or regroup\s*: Opening hours$")
    facilitator.get_by_role("link", name=edit).click()
    facilitator.wait_for_url("**/labs/local-lab/themes/*/")
    axe(facilitator)
    assert facilitator.get_by_label("Libraries open late").is_checked()
    facilitator.get_by_role("textbox", name="Theme").fill("Evenings")
    facilitator.get_by_label("Free entry on Sunday evenings").check()
    facilitator.get_by_role("button", name="Save the theme").click()
    facilitator.get_by_text("The theme was saved.").wait_for()
    theme = facilitator.locator(".lab-themes > li")
    assert theme.locator("strong").all_text_contents() == ["Evenings"]
    assert theme.locator("li").all_text_contents() == [
        "Libraries open late",
        "Free entry on Sunday evenings",
    ]
    facilitator.get_by_label("Votes per participant").fill("2")
    facilitator.get_by_role("button", name="Open the dot vote").click()
    facilitator.get_by_text("Voting is open: 2 votes each.").wait_for()
    axe(facilitator)

    participant.goto("/labs/local-lab/vote/")
    axe(participant)
    participant.get_by_role("button", name="Vote for “Evenings”").click()
    participant.get_by_text("You have 1 vote left.").wait_for()
    axe(participant)

    facilitator.goto("/labs/local-lab/report/")
    axe(facilitator)
    main = " ".join(facilitator.text_content("main").split())
    assert "Evenings — 1 vote" in main
    assert "Libraries open late" in main and "Free entry on Sunday evenings" in main


def test_facilitator_opens_a_draft_and_turns_a_theme_into_a_plans_action(
    asgi_live_server, asgi_page, axe, fay, alice, password
):
    from tests.plans.factories import GoalFactory, PlanFactory

    page = asgi_page
    plan = PlanFactory(slug="sme-growth", title=MultilingualText("SME growth plan", "en"))
    plan.managers.add(fay)
    GoalFactory(plan=plan, title=MultilingualText("More start-ups", "en"))
    lab = services.create_lab(fay, title=MultilingualText("Draft lab", "en"), slug="draft-lab")
    question = Question.objects.create(
        lab=lab, text=MultilingualText("What helps?", "en"), position=1
    )
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)

    log_in(page, fay, password)
    page.goto("/labs/draft-lab/")
    assert page.get_by_text("This lab is a draft: no one can join it yet.").is_visible()
    assert page.locator(".lab-qr").count() == 0
    axe(page)
    page.get_by_role("button", name="Open the lab for joining").click()
    page.get_by_text("The lab is open: people can join with the link").wait_for()
    assert page.locator(".lab-qr svg").is_visible()
    page.get_by_role("link", name=re.compile(r"^Translations\s*: What helps\?$")).click()
    page.wait_for_url("**/labs/draft-lab/questions/*/")
    axe(page)
    page.get_by_label("Language of the translation").select_option("ro")
    page.get_by_role("textbox", name="Translation").fill("Ce ajută?")
    page.get_by_role("button", name="Save the translation").click()
    page.get_by_text("The translation was saved.").wait_for()
    assert page.locator(".lab-translations [lang=ro]").text_content() == "Ce ajută?"
    axe(page)

    def run_and_harvest():
        participant = services.join(lab, user=alice)
        services.start_next_round(lab)
        note = services.post_note(table, participant, "Empty shops for makers")
        services.create_theme(lab, "Spaces for makers", [note])

    asgi_live_server.run(run_and_harvest)
    page.goto("/labs/draft-lab/harvest/")
    axe(page)
    page.get_by_role("combobox", name="Theme").select_option(label="Spaces for makers")
    page.get_by_label("Goal of the action plan").select_option(label="More start-ups")
    page.get_by_label("Title of the action").fill("Maker spaces in empty shops")
    page.get_by_role("button", name="Propose the action").click()
    page.get_by_text("is now a proposed action of the plan").wait_for()
    page.get_by_role("link", name="Maker spaces in empty shops").click()
    page.wait_for_url("**/plans/sme-growth/actions/*/")
    main = " ".join(page.text_content("main").split())
    assert "Comes from the lab theme “Spaces for makers”" in main
    page.get_by_text("The 1 note it came from").click()
    assert page.get_by_text("Empty shops for makers").is_visible()
    axe(page)
    page.get_by_role("link", name="Read the lab report").click()
    page.wait_for_url("**/labs/draft-lab/report/#theme-*")
    assert "Spaces for makers" in page.text_content("main")
    page.goto("/plans/sme-growth/")
    assert "Comes from the lab theme" in page.text_content("main")
    axe(page)


def test_a_hosts_edit_in_progress_survives_a_new_note_and_the_board_catches_up_after(
    asgi_live_server, new_asgi_page, axe, fay, alice, bob, password
):
    lab = _lab(fay, "What works in our city?")
    table = services.add_table(lab, 1, language="en", host=bob)
    host = new_asgi_page()
    log_in(host, bob, password)
    _join(host, lab)
    participant = services.join(lab, user=alice)
    asgi_live_server.run(services.start_next_round, lab)
    asgi_live_server.run(services.post_note, table, participant, "Open the libraries")

    host.goto("/labs/local-lab/my-table/")
    _wait_until_live(host)
    host.get_by_text("Edit, star, merge").click()
    editor = host.get_by_label("Text")
    editor.fill("Open the libraries in the evening")
    asgi_live_server.run(services.post_note, table, participant, "Mentors from other cities")

    hint = host.get_by_text("The notes have changed: they are shown when you close the note")
    hint.wait_for(timeout=LIVE)
    axe(host)
    assert editor.input_value() == "Open the libraries in the evening"
    assert host.locator("#lab-notes .lab-note > p", has_text="Mentors").count() == 0

    host.get_by_text("Edit, star, merge").click()  # closes the editor
    host.locator("#lab-notes .lab-note > p", has_text="Mentors from other cities").wait_for(
        timeout=LIVE
    )
    assert hint.is_hidden()


def test_a_host_removes_a_note_only_after_the_question(
    asgi_live_server, new_asgi_page, axe, fay, alice, bob, password
):
    lab = _lab(fay, "What works in our city?")
    table = services.add_table(lab, 1, language="en", host=bob)
    host = new_asgi_page()
    log_in(host, bob, password)
    _join(host, lab)
    participant = services.join(lab, user=alice)
    asgi_live_server.run(services.start_next_round, lab)
    note = asgi_live_server.run(services.post_note, table, participant, "Open the libraries")

    host.goto("/labs/local-lab/my-table/")
    _wait_until_live(host)
    host.get_by_text("Edit, star, merge").click()
    host.get_by_role("link", name="Remove Open the libraries").click()
    dialog = host.get_by_role("dialog")
    dialog.get_by_text("“Open the libraries” disappears from the board of Table 1").wait_for()
    axe(host)
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    note.refresh_from_db()
    assert not note.deleted
    host.get_by_role("link", name="Remove Open the libraries").click()
    host.get_by_role("dialog").get_by_role("button", name="Remove the note").click()
    host.get_by_text("The note was removed.").wait_for()
    assert host.locator("#lab-notes .lab-note", has_text="Open the libraries").count() == 0
    note.refresh_from_db()
    assert note.deleted
