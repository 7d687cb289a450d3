"""In Chromium: a coordinator's help text written as HTMX markup makes no request when an
admin opens the application form (it once granted a role to its author)."""

import pytest

from atelier.core.multilingual import MultilingualText
from tests.browsing import log_in
from tests.calls.factories import CallFactory, QuestionFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HELP = (
    '<span hx-post="/xss-probe/htmx/" hx-trigger="load">Tell us</span>'
    '<img src="/xss-probe/img.png" onerror="fetch(\'/xss-probe/js/\')">'
    '<a href="/xss-probe/link/" hx-boost="true" id="probe-link">more</a>'
)


def test_help_text_markup_makes_no_request_on_the_application_form(page, ada, password):
    call = CallFactory(programme=ProgrammeFactory())
    QuestionFactory(
        call=call,
        label=MultilingualText("Your plans", "en"),
        help=MultilingualText(HELP, "en"),
    )
    log_in(page, ada, password, clear=True)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"/calls/{call.slug}/apply/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # htmx's "load" trigger fires once htmx has processed the page
    assert any(url.endswith("/static/atelier/htmx.min.js") for url in requests)
    assert [url for url in requests if "xss-probe" in url] == []
    assert page.locator("#probe-link").count() == 0
    assert page.get_by_text(HELP).is_visible()
