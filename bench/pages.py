"""Server time and throughput of every public page type, served as in production.

Usage: .venv/bin/python bench/pages.py [--seconds N] [--requests N] [--locmem]

Loads the demo into a fresh var directory (SQLite, as `make demo`), collects the static files
and starts uvicorn with two worker processes (the README's production command) with Redis as
the cache (REDIS_URL, database 14, emptied first; --locmem keeps the local-memory cache and
one worker). The same processes also serve ``/bare/``, a Django view that does nothing
(bench/bare_asgi.py), through the same middleware: the ceiling for any page.

Each page is measured twice, on two server runs: without the page cache
(ATELIER_PAGE_CACHE=0) and with it. Server time (p50 and p95 of --requests sequential
requests) and queries come from the Server-Timing header, which measures the Django stack
without the network; bytes are the body's length; throughput is wrk's requests per second
with 8 connections for --seconds seconds, beside the bare view's.
Targets: every page at most 15 ms server time at p95 uncached; cached pages at least 50 % of
the bare view's throughput; a repeat visit with the ETag gets 304.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REDIS_URL = "redis://127.0.0.1:6379/14"

LISTS = [
    ("home", "/"),
    ("programmes", "/programmes/"),
    ("organisations", "/organisations/"),
    ("library", "/library/"),
    ("events", "/events/"),
    ("calls", "/calls/"),
    ("experts", "/experts/"),
    ("plans", "/plans/"),
    ("labs", "/labs/"),
    ("people", "/people/"),
    ("search", "/search/?q=culture"),
]
# (name, list page, link pattern, words that are other pages, not an item's)
DETAILS = [
    ("a programme", "/programmes/", r'href="(/programmes/[\w-]+/)"', {"import"}),
    ("an organisation", "/organisations/", r'href="(/organisations/\d+/)"', set()),
    ("a resource", "/library/", r'href="(/library/[\w-]+/)"', {"new", "mine", "collections"}),
    ("an event", "/events/", r'href="(/events/[\w-]+/)"', {"mine", "new", "month"}),
    ("a call", "/calls/", r'href="(/calls/[\w-]+/)"', {"mine", "manage", "reviews", "new"}),
    ("an expert", "/experts/", r'href="(/experts/\d+/)"', set()),
    ("a plan", "/plans/", r'href="(/plans/[\w-]+/)"', {"new"}),
    ("a lab", "/labs/", r'href="(/labs/[\w-]+/)"', {"new", "join"}),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(var, page_cache, locmem):
    env = dict(os.environ)
    env.update(
        ATELIER_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="atelier.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        ATELIER_SERVER_TIMING="1",
        ATELIER_PAGE_CACHE="1" if page_cache else "0",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench")]),
    )
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    if locmem:
        env.pop("REDIS_URL", None)
    else:
        env["REDIS_URL"] = REDIS_URL
    return env


def prepare(var):
    env = environment(var, page_cache=False, locmem=True)
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *command, "--verbosity", "0"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def empty_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


class Server:
    def __init__(self, var, page_cache, locmem):
        self.port = free_port()
        workers = "1" if locmem else "2"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", workers, "--no-access-log", "--log-level", "warning",
             "bare_asgi:application"],
            env=environment(var, page_cache, locmem),
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/bare/")[0] == 200:
                    # Each worker imports Django lazily on its first request: warm them all.
                    for _ in range(20):
                        self.get("/bare/")
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("uvicorn did not start")

    def get(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return response.status, dict(response.getheaders()), body
        finally:
            connection.close()

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def server_timing(headers):
    value = headers.get("Server-Timing", "")
    app = re.search(r"app;dur=([\d.]+)", value)
    queries = re.search(r'db;dur=[\d.]+;desc="(\d+)"', value)
    return float(app.group(1)) if app else None, int(queries.group(1)) if queries else None


def discover(server):
    pages = list(LISTS)
    for name, list_path, pattern, other in DETAILS:
        html = server.get(list_path)[2].decode("utf-8", "replace")
        for path in dict.fromkeys(re.findall(pattern, html)):
            if path.rstrip("/").rsplit("/", 1)[-1] in other:
                continue
            if server.get(path)[0] == 200:
                pages.append((name, path))
                break
        else:
            print(f"({list_path} links to no public page for {name})")
    return pages


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timings(server, path, requests):
    server.get(path)
    times, queries, size, status, headers = [], None, 0, None, {}
    for _ in range(requests):
        status, headers, body = server.get(path)
        elapsed, queries = server_timing(headers)
        times.append(elapsed)
        size = len(body)
    return {
        "status": status,
        "p50": statistics.median(times),
        "p95": percentile(times, 0.95),
        "queries": queries,
        "bytes": size,
        "headers": headers,
    }


def throughput(port, path, seconds):
    result = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if "Non-2xx" in result.stdout:
        print(f"  wrk: non-2xx answers on {path}")
    return float(match.group(1))


def repeat_visit(server, path):
    status, headers, _ = server.get(path)
    if "ETag" not in headers and "Last-Modified" not in headers:
        return "-"
    conditions = {}
    if "ETag" in headers:
        conditions["If-None-Match"] = headers["ETag"]
    if "Last-Modified" in headers:
        conditions["If-Modified-Since"] = headers["Last-Modified"]
    return str(server.get(path, conditions)[0])


def measure(var, page_cache, locmem, pages, requests, seconds):
    if not locmem:
        empty_redis()
    server = Server(var, page_cache, locmem)
    try:
        pages = pages or discover(server)
        bare = throughput(server.port, "/bare/", seconds)
        rows = []
        for name, path in pages:
            row = timings(server, path, requests)
            row.update(name=name, path=path, rps=throughput(server.port, path, seconds))
            row["repeat"] = repeat_visit(server, path)
            rows.append(row)
        return pages, bare, rows
    finally:
        server.stop()


def report(title, bare, rows):
    print(f"\n{title}: bare Django view {bare:.0f} requests/s")
    print(f"{'page':<16} {'path':<34} {'status':>6} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} "
          f"{'bytes':>7} {'req/s':>7} {'% bare':>6} {'repeat':>6}")  # fmt: skip
    for row in rows:
        queries = "-" if row["queries"] is None else row["queries"]
        print(
            f"{row['name']:<16} {row['path'][:34]:<34} {row['status']:>6} "
            f"{row['p50']:>7.1f} {row['p95']:>7.1f} "
            f"{queries:>7} {row['bytes']:>7} {row['rps']:>7.0f} "
            f"{100 * row['rps'] / bare:>5.1f}% {row['repeat']:>6}"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=4, help="wrk's duration per page")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--locmem", action="store_true", help="one worker, no Redis")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (apt-get install wrk)")
    var = tempfile.mkdtemp(prefix="atelier-bench-")
    try:
        started = time.perf_counter()
        prepare(var)
        print(f"demo loaded in {time.perf_counter() - started:.0f} s ({var})")
        arguments = (options.locmem, None, options.requests, options.seconds)
        pages, bare, uncached = measure(var, False, *arguments)
        report("Without the page cache", bare, uncached)
        arguments = (options.locmem, pages, options.requests, options.seconds)
        _, bare_cached, cached = measure(var, True, *arguments)
        report("With the page cache (anonymous visitors)", bare_cached, cached)
        worst = max(uncached, key=lambda row: row["p95"])
        slowest = min(cached, key=lambda row: row["rps"] / bare_cached)
        print("\nTargets")
        print(
            f"  p95 server time uncached <= 15 ms: worst {worst['p95']:.1f} ms "
            f"({worst['path']}) {'met' if worst['p95'] <= 15 else 'NOT met'}"
        )
        share = 100 * slowest["rps"] / bare_cached
        print(
            f"  cached throughput >= 50 % of bare: lowest {share:.0f} % "
            f"({slowest['path']}) {'met' if share >= 50 else 'NOT met'}"
        )
        not_modified = all(row["repeat"] == "304" for row in cached if row["status"] == 200)
        print(f"  repeat visit answered 304: {'met' if not_modified else 'NOT met'}")
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
