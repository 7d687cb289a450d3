"""HTMX acts only on markup our templates made: no eval, no scripts in swapped content, no
requests to other hosts."""

import json
import re
from pathlib import Path

import atelier

HTMX = Path(atelier.__file__).parent / "core" / "static" / "atelier" / "htmx.min.js"


def _config(html):
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    return json.loads(match.group(1))


def test_every_page_configures_htmx_to_act_only_on_our_own_markup(client, db):
    config = _config(client.get("/").content.decode())
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True


def test_the_htmx_we_serve_knows_self_requests_only():
    # Added in htmx 1.9.9; older versions would ignore the setting without a word.
    source = HTMX.read_text()
    assert "selfRequestsOnly" in source
    major, minor = (int(n) for n in re.search(r'version:"(\d+)\.(\d+)', source).groups())
    assert (major, minor) >= (2, 0)
