"""Schemathesis fuzzes the whole API, as a visitor and as a signed-in member, against the real
ASGI server: any server error, or any answer that its OpenAPI document does not describe
(status, content type, headers, body), fails the test.

Each run is bounded by examples per operation and by time, so the two take under two minutes.
The output names every failure with a curl command that reproduces it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.crypto import get_random_string

from tests.api import data

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
EXAMPLES_PER_OPERATION = 20
SECONDS_PER_RUN = 40


def _schemathesis():
    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if found is None:
        pytest.fail("schemathesis is missing: pip install -e '.[test]'")
    return found


def _fuzz(server_url, workdir, *headers):
    command = [
        _schemathesis(),
        "run",
        f"{server_url}/api/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--max-time",
        str(SECONDS_PER_RUN),
        # One request at a time: the server shares the test's database connection.
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--no-color",
        *[part for header in headers for part in ("-H", header)],
    ]
    result = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=SECONDS_PER_RUN + 60
    )
    return result.returncode, result.stdout + result.stderr


def test_the_api_answers_visitors_and_members_as_documented(asgi_live_server, client, tmp_path):
    member = data.make()
    client.force_login(member)
    session = client.cookies["sessionid"].value
    token = get_random_string(32)  # a CSRF secret, as the cookie holds it
    runs = {
        "visitor": [],
        "member": [f"Cookie: sessionid={session}; csrftoken={token}", f"X-CSRFToken: {token}"],
    }
    failures = {}
    for who, headers in runs.items():
        code, output = _fuzz(asgi_live_server.url, tmp_path, *headers)
        # Schemathesis lists the endpoints that answered nothing but 401: for the member, the
        # session would not have been taken, and the run only fuzzed what a visitor sees.
        if code != 0 or (headers and "401 Unauthorized (" in output):
            failures[who] = output
    assert not failures, "\n\n".join(f"As a {who}:\n{output}" for who, output in failures.items())
