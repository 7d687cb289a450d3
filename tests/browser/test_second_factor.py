"""A coordinator protects their account with a security key in a real browser (Chromium's
virtual authenticator stands in for the key), then logs in with password and key; every
page of the way passes axe-core."""

import pytest
from allauth.mfa.models import Authenticator

from tests.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def plug_in_a_security_key(page):
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return session


def test_coordinator_adds_a_security_key_and_logs_in_with_it(page, axe, cora, password):
    plug_in_a_security_key(page)
    log_in(page, cora, password)
    page.goto("/me/")
    page.get_by_role("link", name="Two-factor authentication").click()
    page.wait_for_url("**/accounts/2fa/")
    axe(page)

    page.goto("/accounts/2fa/webauthn/add/")
    # Adding a key asks for the password again first.
    page.wait_for_url("**/accounts/reauthenticate/**")
    axe(page)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    axe(page)
    page.locator("input[name=name]").fill("Office key")
    page.locator("#mfa_webauthn_add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=cora, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Office key"
    axe(page)

    # Next time, the password alone does not sign in: the key does.
    page.goto("/accounts/logout/")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    log_in(page, cora, password)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    axe(page)
    page.goto("/me/")  # not signed in yet: back to the second step
    assert page.url.endswith("/accounts/2fa/authenticate/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Cora Coordinator"
