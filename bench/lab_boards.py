"""Time from a lab note's POST until every board at its table has it (200 people, 25 tables)."""

import argparse
import asyncio
import http.client
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, django_with_fresh_database  # noqa: E402

HOST = "127.0.0.1"
TARGET_MS = 300
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NOTE_TEXT = re.compile(r"^bench note (\d+):")


def guard_database():
    url = os.environ.get("DATABASE_URL")
    if url:
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in ("", "test", "postgres", "atelier"):
            sys.exit(f"Give the benchmark a database of its own, not {name!r}.")


@dataclass
class Seat:
    """One participant's browser: signed in, seated at a table, with its board open."""

    index: int
    session_key: str
    table_pk: int
    table_number: int
    is_host: bool
    csrf_cookie: str = ""
    csrf_token: str = ""
    idle: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def populate(participants, tables, tag):
    """A running lab: tables with a host each, members who joined and were seated, signed in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from atelier.accounts.models import User
    from atelier.core.multilingual import MultilingualText
    from atelier.labs import services
    from atelier.labs.models import Lab, Question
    from atelier.labs.models import Seat as LabSeat

    facilitator = User.objects.create_user(f"facilitator-{tag}@example.org", display_name="Fay")
    lab = services.create_lab(
        facilitator,
        title=MultilingualText("Benchmark learning lab", "en"),
        slug=f"bench-lab-{tag}",
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(
        lab=lab, text=MultilingualText("What makes a cultural programme last?", "en"), position=1
    )
    services.add_round(lab, question, 60)
    users = [
        User.objects.create_user(f"participant{n}-{tag}@example.org", display_name=f"P{n}")
        for n in range(participants)
    ]
    for number, host in zip(range(1, tables + 1), users, strict=False):
        services.add_table(lab, number, language="en", host=host)
    for user in users:
        services.join(lab, user=user, languages=["en"])
    lab = services.start_next_round(lab, actor=facilitator)

    seats = LabSeat.objects.filter(round=lab.current_round).select_related("participant", "table")
    table_of = {s.participant.user_id: s.table for s in seats}
    result = []
    for index, user in enumerate(users):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        table = table_of[user.pk]
        is_host = table.host_id == user.pk
        result.append(Seat(index, session.session_key, table.pk, table.number, is_host))
    return lab.slug, result


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port, log_path):
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(ROOT / "src"), "--host", HOST,
        "--port", str(port), "--no-access-log", "--log-level", "warning",
        "atelier.asgi:application",
    ]  # fmt: skip
    log = open(log_path, "w")
    server = subprocess.Popen(command, env=os.environ.copy(), stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped at start-up; see {log_path}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return server, log
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"The server did not start within a minute; see {log_path}")


class Browser:
    """HTTP/1.1 with keep-alive and the seat's cookies, as a browser tab would send it."""

    def __init__(self, port):
        self.port = port
        self.origin = f"http://{HOST}:{port}"

    def request(self, seat, method, path, body=None, headers=None):
        cookies = f"sessionid={seat.session_key}"
        if seat.csrf_cookie:
            cookies += f"; csrftoken={seat.csrf_cookie}"
        headers = {"Cookie": cookies, **(headers or {})}
        with seat.lock:
            connection = seat.idle.pop() if seat.idle else None
        for attempt in range(2):
            if connection is None:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                connection = None
                if attempt:
                    raise
        with seat.lock:
            seat.idle.append(connection)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            if "csrftoken" in cookie:
                seat.csrf_cookie = cookie["csrftoken"].value
        return response.status, content.decode()

    def open_board(self, seat, slug):
        status, html = self.request(seat, "GET", f"/labs/{slug}/tables/{seat.table_number}/")
        match = CSRF_INPUT.search(html)
        if status != 200 or match is None or 'name="text"' not in html:
            raise RuntimeError(f"participant {seat.index} cannot post on their board ({status})")
        seat.csrf_token = match.group(1)

    def post_note(self, seat, slug, text):
        path = f"/labs/{slug}/tables/{seat.table_number}/"
        body = urlencode({"csrfmiddlewaretoken": seat.csrf_token, "text": text})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
            "HX-Request": "true",
        }
        return self.request(seat, "POST", path + "notes/new/", body, headers)

    def board_notes(self, seat, slug):
        path = f"/labs/{slug}/tables/{seat.table_number}/notes/"
        return self.request(seat, "GET", path, headers={"HX-Request": "true"})


def cpu_seconds(pid):
    """User and system CPU time of a process so far (Linux), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_stall_seconds():
    """Time some task on this machine waited for a CPU so far (Linux pressure stall), or None."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(some.rsplit("total=", 1)[1]) / 1e6


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(times):
    if not times:
        return "none"
    return (
        f"p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"max {max(times):.1f} ms"
    )


class Run:
    def __init__(self, args, slug, seats, port, server_pid):
        self.args, self.slug, self.seats, self.port = args, slug, seats, port
        self.server_pid = server_pid
        self.server_cpu = None
        self.browser = Browser(port)
        self.pool = ThreadPoolExecutor(max_workers=64)
        self.by_table = {}
        for seat in seats:
            self.by_table.setdefault(seat.table_pk, []).append(seat)
        self.tables = sorted(self.by_table)
        self.posted = {}  # note number -> (table pk, perf_counter at the start of the POST)
        self.post_times = []
        self.failed_posts = 0
        self.received = {}  # (note number, seat index) -> perf_counter on arrival
        self.shown = {}  # (note number, seat index) -> perf_counter when the board shows it
        self.stray = 0
        self.done = asyncio.Event()
        self.expected = 0

    async def in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.pool, function, *args)

    async def listen(self, seat, socket_):
        async for raw in socket_:
            arrived = time.perf_counter()
            message = json.loads(raw)
            if message.get("kind") != "note":
                continue
            match = NOTE_TEXT.match(message["note"]["text"])
            if match is None:
                continue
            number = int(match.group(1))
            posted = self.posted.get(number)
            if posted is None or posted[0] != seat.table_pk:
                self.stray += 1
                continue
            self.received.setdefault((number, seat.index), arrived)
            if self.args.reload or seat.is_host:
                asyncio.create_task(self.reload(seat, number))
            else:
                self.show(seat, number, arrived)

    async def reload(self, seat, number):
        """What board.js does on a host's board: reload the notes list, with its forms."""
        status, html = await self.in_thread(self.browser.board_notes, seat, self.slug)
        if status == 200 and f"bench note {number}:" in html:
            self.show(seat, number, time.perf_counter())

    def show(self, seat, number, when):
        self.shown.setdefault((number, seat.index), when)
        if len(self.shown) == self.expected:
            self.done.set()

    def post(self, number, seat):
        started = time.perf_counter()
        self.posted[number] = (seat.table_pk, started)
        text = f"bench note {number}: peer mentoring between partner cities, round {number}"
        status, _html = self.browser.post_note(seat, self.slug, text)
        if status != 200:
            self.failed_posts += 1
        return time.perf_counter() - started

    async def main(self):
        from websockets.asyncio.client import connect

        args = self.args
        await asyncio.gather(
            *(self.in_thread(self.browser.open_board, seat, self.slug) for seat in self.seats)
        )
        gate = asyncio.Semaphore(20)

        async def open_socket(seat):
            async with gate:
                return await connect(
                    f"ws://{HOST}:{self.port}/ws/labs/tables/{seat.table_pk}/",
                    origin=self.browser.origin,
                    additional_headers={"Cookie": f"sessionid={seat.session_key}"},
                    proxy=None,
                    open_timeout=30,
                )

        started = time.perf_counter()
        sockets = await asyncio.gather(*(open_socket(seat) for seat in self.seats))
        print(f"{len(sockets)} websockets open in {time.perf_counter() - started:.1f} s")
        listeners = [
            asyncio.create_task(self.listen(seat, ws))
            for seat, ws in zip(self.seats, sockets, strict=True)
        ]

        authors = {pk: itertools.cycle(self.by_table[pk]) for pk in self.tables}
        total = args.warmup + args.notes
        order = [self.tables[number % len(self.tables)] for number in range(total)]
        self.expected = sum(len(self.by_table[table]) for table in order)
        posts = []
        cpu_before = None
        begin = time.perf_counter()
        for number in range(total):
            if number == args.warmup:
                await asyncio.sleep(1)
                begin = time.perf_counter() - number / args.rate
                cpu_before, wall_before = cpu_seconds(self.server_pid), time.perf_counter()
                stall_before = cpu_stall_seconds()
            delay = begin + number / args.rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            seat = next(authors[order[number]])
            posts.append(asyncio.ensure_future(self.in_thread(self.post, number, seat)))
        self.post_times = (await asyncio.gather(*posts))[args.warmup :]
        try:
            await asyncio.wait_for(self.done.wait(), timeout=args.settle)
        except TimeoutError:
            pass
        cpu_after, stall_after = cpu_seconds(self.server_pid), cpu_stall_seconds()
        if cpu_before is not None and cpu_after is not None:
            wall = time.perf_counter() - wall_before
            stall = None if stall_before is None else (stall_after - stall_before) / wall
            self.server_cpu = (cpu_after - cpu_before, wall, stall)
        for ws in sockets:
            await ws.close()
        for task in listeners:
            task.cancel()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def report(self):
        args = self.args
        measured = range(args.warmup, args.warmup + args.notes)
        latencies, missing, shown, unshown = [], 0, [], 0
        for number in measured:
            table, started = self.posted[number]
            for seat in self.by_table[table]:
                arrived = self.received.get((number, seat.index))
                if arrived is None:
                    missing += 1
                else:
                    latencies.append((arrived - started) * 1000)
                seen = self.shown.get((number, seat.index))
                if seen is None:
                    unshown += 1
                else:
                    shown.append((seen - started) * 1000)
        if self.server_cpu:
            used, wall, stall = self.server_cpu
            print(
                f"server CPU while measuring: {used / wall:.0%} of one core, "
                f"{used / args.notes * 1000:.1f} ms per note; machine: "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
                + ("" if stall is None else f", tasks waiting for a CPU {stall:.0%} of the time")
            )
        posts = [t * 1000 for t in self.post_times]
        print(f"POST of a note: {figures(posts)}; failed {self.failed_posts}")
        print(
            f"lab boards: {len(self.seats)} participants, {len(self.tables)} tables, "
            f"{args.notes} notes at {args.rate:g}/s, {len(latencies)} deliveries; "
            f"{figures(latencies)}; missing {missing}"
            + (f", stray {self.stray}" if self.stray else "")
        )
        reloading = "every board reloads" if args.reload else "hosts' boards reload"
        print(
            f"shown on the boards ({reloading} the notes list): {len(shown)}; "
            f"{figures(shown)}; not shown {unshown}"
        )
        met = (
            missing == unshown == self.stray == self.failed_posts == 0
            and percentile(latencies, 0.95) <= TARGET_MS
            and percentile(shown, 0.95) <= TARGET_MS
        )
        print(f"target: every board within {TARGET_MS} ms at p95 —", "met" if met else "MISSED")
        return met


def main():
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="SQLite in a temporary directory by default; with DATABASE_URL, a database of "
        "the benchmark's own (its lab and people stay there).",
    )
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--tables", type=int, default=25)
    parser.add_argument("--notes", type=int, default=500, help="notes measured")
    parser.add_argument("--rate", type=float, default=10, help="notes posted per second")
    parser.add_argument("--warmup", type=int, default=50, help="notes posted first, not measured")
    parser.add_argument("--settle", type=float, default=10, help="seconds to wait for stragglers")
    parser.add_argument(
        "--reload",
        action="store_true",
        help="every board reloads its notes list on each message, as a moderator's board does",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    guard_database()
    os.environ["ALLOWED_HOSTS"] = HOST
    var = django_with_fresh_database()
    from django.db import connection, connections

    print(f"Lab boards benchmark on {connection.vendor}, uvicorn on loopback (one process)")
    started = time.perf_counter()
    slug, seats = populate(args.participants, args.tables, Path(var).name.rsplit("-", 1)[-1])
    print(
        f"lab with {args.tables} tables and {len(seats)} seated participants "
        f"in {time.perf_counter() - started:.1f} s"
    )
    connections.close_all()

    (Path(var) / "static").mkdir(exist_ok=True)
    port = free_port()
    log_path = Path(var) / "server.log"
    server, log = start_server(port, log_path)
    try:
        run = Run(args, slug, seats, port, server.pid)
        try:
            asyncio.run(run.main())
        except RuntimeError as error:
            print(error)
            met = False
        else:
            met = run.report()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        errors = log_path.read_text().strip()
        if errors:
            print(f"server log ({log_path}), from its start:\n{errors[:4000]}")
        if not args.keep:
            shutil.rmtree(var, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
