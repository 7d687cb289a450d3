"""A participant whose connection drops and comes back sees every note, without reloading.

The participant's browser reaches the ASGI server through a ``Link``, a TCP relay the test
unplugs: every connection through it dies (the board's websocket included) and new ones fail,
as on a train going into a tunnel, while the others at the table go on posting.
"""

import socket
import threading

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question
from tests.browsing import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 2_000  # well under the boards' 3-second polling


class Link:
    """One person's network path to the server: ``cut()`` closes every connection through it
    and refuses new ones until ``restore()``."""

    def __init__(self, server_url):
        host, port = server_url.removeprefix("http://").split(":")
        self.server = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.up = True
        self.open = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                if not self.up:
                    client.close()
                    continue
                upstream = socket.create_connection(self.server)
                self.open |= {client, upstream}
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            self._drop(end)

    def _drop(self, end):
        with self.lock:
            self.open.discard(end)
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        end.close()

    def cut(self):
        with self.lock:
            self.up = False
            ends = list(self.open)
        for end in ends:
            self._drop(end)

    def restore(self):
        with self.lock:
            self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def link(asgi_live_server):
    link = Link(asgi_live_server.url)
    yield link
    link.close()


@pytest.fixture
def table(fay, alice, bob):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(
        lab=lab, text=MultilingualText("What works in our city?", "en"), position=1
    )
    services.add_round(lab, question, 20)
    table = services.add_table(lab, 1)
    services.join(lab, user=alice)
    services.join(lab, user=bob)
    return table


def _board(page, user, password):
    log_in(page, user, password)
    page.goto("/labs/local-lab/tables/1/")
    page.locator("#lab-board[data-live=websocket]").wait_for(timeout=5_000)
    page.evaluate("window.sameDocument = 'the page was not reloaded'")


def _post(page, text):
    page.get_by_label("Your note").fill(text)
    page.get_by_role("button", name="Post the note").click()
    page.locator("#lab-notes .lab-note > p", has_text=text).wait_for()


def _notes(page):
    return page.locator("#lab-notes .lab-note > p:first-child").all_text_contents()


def _eventually(page, condition, seconds=2):
    for _ in range(seconds * 20):
        if condition():
            return True
        page.wait_for_timeout(50)
    return condition()


def _not_reloaded(page):
    return page.evaluate("window.sameDocument") == "the page was not reloaded"


def test_a_participant_who_loses_the_connection_sees_every_note_on_coming_back(
    asgi_live_server, new_asgi_page, link, table, alice, bob, password
):
    asgi_live_server.run(services.start_next_round, table.lab)
    away, here = new_asgi_page(link.url), new_asgi_page()
    _board(away, alice, password)
    _board(here, bob, password)
    _post(here, "Before the tunnel")
    away.locator("#lab-notes .lab-note", has_text="Before the tunnel").wait_for(timeout=LIVE)

    link.cut()
    away.context.set_offline(True)
    away.locator("#lab-board[data-live=polling]").wait_for(timeout=LIVE)
    for text in ("Night openings", "Shared tools library", "Mentors from other cities"):
        _post(here, text)
    away.wait_for_timeout(3_500)  # a polling round and a retry, both failing
    assert _notes(away) == ["Before the tunnel"]

    link.restore()
    away.context.set_offline(False)
    away.locator("#lab-board[data-live=websocket]").wait_for(timeout=5_000)
    assert _notes(away) == [
        "Before the tunnel",
        "Night openings",
        "Shared tools library",
        "Mentors from other cities",
    ]
    assert _not_reloaded(away)
    # The socket is the table's again: the next note arrives by itself.
    _post(here, "After the tunnel")
    away.locator("#lab-notes .lab-note", has_text="After the tunnel").wait_for(timeout=LIVE)
    assert away.locator("#lab-notes-poll[hx-get]").count() == 0


def test_the_board_keeps_trying_through_a_long_outage(
    asgi_live_server, new_asgi_page, link, table, alice, bob, password
):
    """No ``online`` event here (the browser thinks its network is fine, the server is out of
    reach): the board retries, ever less often, for as long as the outage lasts."""
    asgi_live_server.run(services.start_next_round, table.lab)
    away, here = new_asgi_page(link.url), new_asgi_page()
    away.clock.install()
    _board(away, alice, password)
    _board(here, bob, password)

    tries = []
    away.on("websocket", lambda websocket: tries.append(websocket))

    link.cut()
    away.locator("#lab-board[data-live=polling]").wait_for(timeout=LIVE)
    _post(here, "Said during the outage")
    # Ten minutes away: many more than the five tries the board used to make.
    for minute in range(1, 11):
        before = len(tries)
        away.clock.run_for("01:00")
        assert _eventually(away, lambda n=before: len(tries) > n), f"no try in minute {minute}"
        assert _eventually(away, tries[-1].is_closed)  # refused: the board waits again
    assert len(tries) >= 10
    assert _notes(away) == []

    link.restore()
    away.clock.run_for("00:30")
    away.locator("#lab-board[data-live=websocket]").wait_for(timeout=5_000)
    assert _notes(away) == ["Said during the outage"]
    assert _not_reloaded(away)


def test_a_participant_reseated_while_away_is_sent_to_their_new_table(
    asgi_live_server, new_asgi_page, link, fay, alice, bob, password
):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        status=Lab.Status.OPEN,
    )
    for position, text in enumerate(["What works?", "What next?"], start=1):
        question = Question.objects.create(
            lab=lab, text=MultilingualText(text, "en"), position=position
        )
        services.add_round(lab, question, 20)
    services.add_table(lab, 1, host=bob)
    services.add_table(lab, 2)
    for user in [alice, bob] + [UserFactory() for _ in range(3)]:
        services.join(lab, user=user)
    asgi_live_server.run(services.start_next_round, lab)
    away = new_asgi_page(link.url)
    log_in(away, alice, password)
    away.goto("/labs/local-lab/my-table/")
    away.locator("#lab-board[data-live=websocket]").wait_for(timeout=5_000)
    away.evaluate("window.sameDocument = 'the page was not reloaded'")

    link.cut()
    away.context.set_offline(True)
    away.locator("#lab-board[data-live=polling]").wait_for(timeout=LIVE)
    asgi_live_server.run(services.start_next_round, lab)
    link.restore()
    away.context.set_offline(False)

    away.get_by_role("heading", name="Round 2").wait_for(timeout=5_000)
    seat = lab.participants.get(user=alice).seats.get(round__position=2)
    assert away.url.endswith(f"/labs/local-lab/tables/{seat.table.number}/")
    assert "What next?" in away.text_content("main")
    assert _not_reloaded(away) is False  # a new page: the table of the new round
