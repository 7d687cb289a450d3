"""Peak memory of the web process and the task worker for hostile uploads.

Usage: .venv/bin/python bench/upload_memory.py
Target: no process above 300 MB (peak resident set), the sandboxed children included.

The files are made here (by tests/core/bombs.py, which the tests share): PDFs whose one page
inflates to 1 GB and 4 GB, a PNG of 9400 × 9400 pixels in 260 KB, an XLSX of 1.5 million rows
(11 MB) written by a streaming writer, DOCX and EPUB zip bombs, and, for comparison, an ordinary 12
megapixel photo. Each upload goes through the real views in a fresh web-like process
(Django's test client, sessions and middleware included); when it leaves work for the task
worker, a fresh worker then runs ``manage.py db_worker --batch``. Each process reports its own
peak (``ru_maxrss``) and the peak of the child processes it started (``RUSAGE_CHILDREN``: the
sandboxed renderers and readers; a child also reports its own peak, since ``ru_maxrss`` counts
it from the fork, its parent's pages included). The test client builds each request in the
web process itself, so an upload's bytes count there several times over. Search by meaning is
off, so the worker does not load the embedding model, whose memory is the search benchmarks'
concern.
"""

import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 300
MEGABYTE = 1024 * 1024
MEMBER = "bench-member@example.org"
COORDINATOR = "bench-coordinator@example.org"


def _peaks():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _current_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _ChildPeaks(logging.Handler):
    """Collects what each sandboxed child reports as its own peak (VmHWM)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.peaks_kb = [0]

    def emit(self, record):
        self.peaks_kb.append(getattr(record, "sandbox_peak_kb", 0))

    @property
    def highest_mb(self):
        return max(self.peaks_kb) / 1024


def _listen_to_children():
    handler = _ChildPeaks()
    sandbox_logger = logging.getLogger("atelier.core.sandbox")
    sandbox_logger.setLevel(logging.DEBUG)
    sandbox_logger.addHandler(handler)
    return handler


def _django(var):
    os.environ["ATELIER_VAR_DIR"] = var
    os.environ["DJANGO_SETTINGS_MODULE"] = "atelier.settings"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["ATELIER_SEARCH_SEMANTIC"] = "false"
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()


# Roles run in their own processes --------------------------------------------------------------


def prepare(var):
    """Migrate a fresh database and create the two people the uploads are made by."""
    _django(var)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from atelier.accounts.models import User
    from atelier.accounts.services import assign_role

    User.objects.create_user(MEMBER, "bench-password", display_name="Bench Member")
    coordinator = User.objects.create_user(
        COORDINATOR, "bench-password", display_name="Bench Coordinator"
    )
    assign_role(coordinator, "coordinator")


def _errors_of(response):
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        errors = data.get("errors") or data.get("detail") or data
        return json.dumps(errors, ensure_ascii=False)
    try:
        form = response.context["form"]
    except (KeyError, TypeError):
        return f"status {response.status_code}"
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


def _library_upload(client, path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    metadata = {
        "kind": "document",
        "title": f"Bench upload {path.name}",
        "language": "en",
        "licence": "cc-by",
        "languages": ["en"],
    }
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read(), "application/octet-stream")
    return client.post(
        "/api/library/resources/upload", {"metadata": json.dumps(metadata), "files": [upload]}
    )


def _avatar(client, path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read(), "image/png")
    return client.post(
        reverse("accounts:edit-profile"),
        {"display_name": "Bench Member", "preferred_language": "en", "avatar": upload},
    )


def _projects_import(client, path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    with open(path, "rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read(), "application/octet-stream")
    return client.post(reverse("programmes:import"), {"file": upload})


UPLOADS = {
    "library": (MEMBER, _library_upload, (201,)),
    "avatar": (MEMBER, _avatar, (302,)),
    "import": (COORDINATOR, _projects_import, (302,)),
}


def web(var, kind, path, copies):
    """Upload ``path`` ``copies`` times at once (one thread each) through the real views."""
    _django(var)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from atelier.accounts.models import User

    # So that a response carries its context: a refused form's messages are read from it.
    setup_test_environment()

    children_peaks = _listen_to_children()
    email, send, accepted = UPLOADS[kind]
    user = User.objects.get(email=email)
    clients = []
    for _number in range(copies):
        client = Client()
        client.force_login(user)
        clients.append(client)
    # Every module a request needs is loaded before the baseline is read.
    clients[0].get(reverse("accounts:edit-profile"))
    clients[0].get("/api/library/resources/")
    baseline = _current_mb()
    responses = [None] * copies

    def one(number):
        responses[number] = send(clients[number], Path(path))

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(n,)) for n in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    own, children = _peaks()
    statuses = sorted({response.status_code for response in responses})
    first = responses[0]
    outcome = "accepted" if first.status_code in accepted else "refused: " + _errors_of(first)
    print(
        json.dumps(
            {
                "baseline": baseline,
                "peak": own,
                "children": children,
                "children_own": children_peaks.highest_mb,
                "seconds": seconds,
                "statuses": statuses,
                "outcome": outcome,
            },
            ensure_ascii=False,
        )
    )


def worker(var):
    """Run every queued task, as ``manage.py db_worker --batch`` does, then report."""
    _django(var)
    from django.core.management import call_command

    from atelier.library.models import ResourceFile

    children_peaks = _listen_to_children()
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*")
    seconds = time.perf_counter() - started
    own, children = _peaks()
    latest = ResourceFile.objects.order_by("-pk").first()
    outcome = ""
    if latest is not None:
        outcome = (
            f"text: {latest.extraction}, "
            f"thumbnail: {'yes' if latest.thumbnail else 'no'}, "
            f"{len(latest.extracted_text)} characters kept"
        )
    print(
        json.dumps(
            {
                "peak": own,
                "children": children,
                "children_own": children_peaks.highest_mb,
                "seconds": seconds,
                "outcome": outcome,
            }
        )
    )


# The benchmark ------------------------------------------------------------------------------


def _run(*args):
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _make_files(folder):
    sys.path.insert(0, str(ROOT))
    from PIL import Image

    from tests.core import bombs

    made = {}

    def write(name, content):
        path = folder / name
        path.write_bytes(content)
        made[name] = path

    write("page-bomb-1gb.pdf", bombs.pdf_with_content_bomb(1024 * MEGABYTE))
    write("page-bomb-4gb.pdf", bombs.pdf_with_content_bomb(4096 * MEGABYTE))
    write("huge-9400x9400.png", bombs.png(9400, 9400))
    write("zip-bomb-2gb.docx", bombs.docx_bomb(2048 * MEGABYTE))
    write("zip-bomb-2gb.epub", bombs.epub_bomb(2048 * MEGABYTE))
    photo = folder / "photo-12mp.jpg"
    Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(photo, quality=90)
    made[photo.name] = photo
    started = time.perf_counter()
    made["rows-1.5m.xlsx"] = bombs.xlsx_rows(folder / "rows-1.5m.xlsx", 1_500_000)
    print(f"(the 1.5-million-row XLSX took {time.perf_counter() - started:.0f} s to write)")
    return made


CASES = [
    # file, upload path, copies at once, whether the worker has work to do
    ("page-bomb-1gb.pdf", "library", 1, True),
    ("page-bomb-4gb.pdf", "library", 1, True),
    ("huge-9400x9400.png", "avatar", 1, False),
    ("huge-9400x9400.png", "avatar", 6, False),
    ("huge-9400x9400.png", "library", 1, False),
    ("rows-1.5m.xlsx", "import", 1, False),
    ("rows-1.5m.xlsx", "library", 1, True),
    ("zip-bomb-2gb.docx", "library", 1, False),
    ("zip-bomb-2gb.epub", "library", 1, False),
    ("photo-12mp.jpg", "avatar", 1, False),
]


def _children(result):
    """The sandboxed children's peak: ru_maxrss (which counts a child from its fork, so at
    least its parent's size then) and, when it finished, what it reported of its own."""
    if not result["children"]:
        return "none"
    own = f", own {result['children_own']:3.0f}" if result["children_own"] else ""
    return f"{result['children']:3.0f} MB{own}"


def _mark(*peaks):
    return "ok" if max(peaks) <= TARGET_MB else "OVER"


def main():
    var = tempfile.mkdtemp(prefix="atelier-bench-uploads-")
    folder = Path(var) / "bench-files"
    folder.mkdir()
    made = _make_files(folder)
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "prepare", var], check=True)
    print(f"target: every process at most {TARGET_MB} MB of peak RSS, sandboxed children included")
    worst = 0.0
    for name, kind, copies, queued in CASES:
        path = made[name]
        size = path.stat().st_size / MEGABYTE
        web_result = _run("web", var, kind, str(path), str(copies))
        peaks = [web_result["peak"], web_result["children"]]
        line = (
            f"{name:<19} {size:5.2f} MB  {kind + (f' x{copies}' if copies > 1 else ''):<10}"
            f"web {web_result['peak']:3.0f} MB (at rest {web_result['baseline']:3.0f}), "
            f"children {_children(web_result)}"
        )
        if queued and web_result["outcome"] == "accepted":
            worker_result = _run("worker", var)
            peaks += [worker_result["peak"], worker_result["children"]]
            line += (
                f"; worker {worker_result['peak']:3.0f} MB, children {_children(worker_result)}"
                f" [{worker_result['outcome']}]"
            )
        line += f"  {_mark(*peaks)}\n    {web_result['outcome'][:150]}"
        worst = max(worst, *peaks)
        print(line, flush=True)
    print(f"highest peak: {worst:.0f} MB (target {TARGET_MB} MB): {_mark(worst)}")


if __name__ == "__main__":
    role = sys.argv[1] if len(sys.argv) > 1 else "main"
    if role == "prepare":
        prepare(sys.argv[2])
    elif role == "web":
        web(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif role == "worker":
        worker(sys.argv[2])
    else:
        main()
