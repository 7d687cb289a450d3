"""The live board's websocket: changes reach the table's own group, and no one else."""

import asyncio
import functools
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from atelier.labs import services
from atelier.labs.models import Seat
from atelier.labs.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


def run(coroutine_function):
    """Runs an async test body in its own thread and event loop: the suite has no asyncio
    plugin, and Playwright may already run a loop in the test's thread."""

    @functools.wraps(coroutine_function)
    def wrapper(*args, **kwargs):
        outcome = {}

        def target():
            try:
                asyncio.run(coroutine_function(*args, **kwargs))
            except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
                outcome["error"] = error

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=60)
        if "error" in outcome:
            raise outcome["error"]

    return wrapper


def _connect(user, table, session=None):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/labs/tables/{table.pk}/"
    )
    communicator.scope["user"] = user
    communicator.scope["session"] = session or {}
    return communicator


@pytest.fixture
def scene(running, people):
    seats = {s.participant_id: s.table for s in Seat.objects.filter(round=running.current_round)}
    author = people[1]
    table = seats[author.pk]
    other = next(t for t in running.tables.all() if t.pk != table.pk)
    return running, author, table, other


@run
async def test_a_posted_note_reaches_its_table_and_not_another(scene, fay):
    lab, author, table, other = scene
    here = _connect(fay, table)
    there = _connect(fay, other)
    assert (await here.connect())[0]
    assert (await there.connect())[0]

    await sync_to_async(services.post_note)(table, author, "Mentoring between cities")

    message = await here.receive_json_from(timeout=2)
    assert message["kind"] == "note"
    assert message["note"]["text"] == "Mentoring between cities"
    assert await there.receive_nothing(timeout=0.3)
    await here.disconnect()
    await there.disconnect()


@run
async def test_clock_changes_reach_every_table_of_the_lab(scene, fay):
    lab, author, table, other = scene
    there = _connect(fay, other)
    assert (await there.connect())[0]
    await sync_to_async(services.pause)(lab)
    message = await there.receive_json_from(timeout=2)
    assert message == {
        "kind": "lab",
        "lab": {
            "status": "running",
            "round": lab.current_round_id,
            "remaining": message["lab"]["remaining"],
            "paused": True,
            "message": "",
        },
    }
    await there.disconnect()


@run
async def test_outsiders_and_other_tables_participants_are_refused(scene, alice):
    lab, author, table, other = scene
    outsider = _connect(alice, table)
    connected, code = await outsider.connect()
    assert not connected
    stranger_at_other_table = _connect(await sync_to_async(lambda: author.user)(), other)
    connected, _ = await stranger_at_other_table.connect()
    assert not connected
    anonymous = _connect(AnonymousUser(), table)
    connected, _ = await anonymous.connect()
    assert not connected


@run
async def test_a_seated_guest_connects_with_the_token_in_the_session(scene):
    lab, author, table, other = scene
    guest = await sync_to_async(services.join)(lab, guest_name="Ioana")
    seat_table = await sync_to_async(lambda: guest.seats.get().table)()
    session = {f"labs.guest.{lab.pk}": guest.guest_token}
    communicator = _connect(AnonymousUser(), seat_table, session)
    assert (await communicator.connect())[0]
    await communicator.disconnect()


@run
async def test_the_asgi_application_routes_websockets_with_the_session(scene, fay, client):
    from atelier.asgi import application

    lab, author, table, other = scene
    await sync_to_async(client.force_login)(fay)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        f"/ws/labs/tables/{table.pk}/",
        headers=[(b"cookie", cookie), (b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    assert (await communicator.connect())[0]
    await communicator.disconnect()
