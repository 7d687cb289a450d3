"""A second factor (authenticator app) for those who want one, required of the platform roles
the setting names, and the admin's log-in going through it."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_for(secret, at=None):
    """The six digits an authenticator app shows for ``secret`` now (RFC 6238)."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_coordinator_turns_on_an_authenticator_app_from_their_page(client, cora, password):
    log_in(client, cora.email, password)
    me = client.get("/me/").content.decode()
    assert 'href="/accounts/2fa/"' in me
    # Turning it on asks for the password once more.
    asked = client.get("/accounts/2fa/totp/activate/")
    assert (
        asked["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    client.post("/accounts/reauthenticate/", {"password": password})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()  # shown for apps that cannot scan the QR code

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=cora).exists()

    response = client.post("/accounts/2fa/totp/activate/", {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=cora, type=Authenticator.Type.TOTP).count() == 1
    assert "(on)" in client.get("/me/").content.decode()


def test_a_password_alone_no_longer_signs_in_once_a_second_factor_is_on(client, cora, password):
    TOTP.activate(cora, SECRET)
    response = log_in(client, cora.email, password)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session
    assert client.get("/me/").status_code == 302  # still signed out

    refused = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert refused.status_code == 200
    assert SESSION_KEY not in client.session

    accepted = client.post("/accounts/2fa/authenticate/", {"code": code_for(SECRET)})
    assert accepted.status_code == 302
    assert client.session[SESSION_KEY] == str(cora.pk)


def test_a_required_role_without_a_second_factor_is_sent_to_set_one_up(
    client, cora, password, settings
):
    settings.ATELIER_MFA_REQUIRED_ROLES = ["coordinator", "admin"]
    log_in(client, cora.email, password)
    response = client.get("/programmes/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    assert client.get("/bg/library/")["Location"] == "/bg/accounts/2fa/"
    refused = client.get("/api/programmes/")
    assert refused.status_code == 403
    assert "second factor" in refused.json()["detail"]
    # Setting one up stays open, and so does logging out.
    assert client.get("/accounts/2fa/").status_code == 200
    client.post("/accounts/reauthenticate/", {"password": password})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_a_required_role_with_a_second_factor_works_as_before(client, cora, password, settings):
    settings.ATELIER_MFA_REQUIRED_ROLES = ["coordinator"]
    TOTP.activate(cora, SECRET)
    log_in(client, cora.email, password)
    client.post("/accounts/2fa/authenticate/", {"code": code_for(SECRET)})
    assert client.get("/programmes/").status_code == 200


def test_members_and_roles_not_named_are_never_asked(client, alice, fay, password, settings):
    settings.ATELIER_MFA_REQUIRED_ROLES = ["coordinator"]
    log_in(client, alice.email, password)
    assert client.get("/programmes/").status_code == 200
    client.logout()
    log_in(client, fay.email, password)
    assert client.get("/programmes/").status_code == 200


def test_admins_are_asked_when_the_setting_names_admin(client, ada, password, settings):
    settings.ATELIER_MFA_REQUIRED_ROLES = ["admin"]
    log_in(client, ada.email, password)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"


def test_the_admin_log_in_goes_through_allauth(client, ada, password):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # Django's own admin form, which knows nothing of second factors, takes no password.
    client.post("/admin/login/", {"username": ada.email, "password": password})
    assert SESSION_KEY not in client.session


def test_the_admin_log_in_asks_an_admins_second_factor(client, ada, password):
    TOTP.activate(ada, SECRET)
    log_in(client, ada.email, password)
    assert SESSION_KEY not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": code_for(SECRET)})
    assert client.get("/admin/login/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_log_in_refuses_a_signed_in_member(client, alice):
    client.force_login(alice)
    assert client.get("/admin/login/").status_code == 403


def test_the_admin_log_in_never_sends_people_to_another_site(client, ada, password):
    response = client.get("/admin/login/?next=https://evil.invalid/")
    assert response["Location"].startswith("/accounts/login/?next=%2Fadmin%2Flogin%2F")
    signed_in = client.post(response["Location"], {"login": ada.email, "password": password})
    followed = client.get(signed_in["Location"])
    assert followed["Location"] == "/admin/"


def test_an_unknown_role_in_the_setting_fails_the_checks(settings):
    settings.ATELIER_MFA_REQUIRED_ROLES = ["coordinater"]
    with pytest.raises(SystemCheckError, match="coordinater"):
        call_command("check")
