from django.test import override_settings


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_pages_forbid_framing_and_sniffing(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_anonymous_visit_sets_only_strictly_necessary_cookies(client, db):
    client.get("/")
    client.post("/i18n/setlang/", {"language": "bg", "next": "/"})
    # The chosen language; nothing that tracks. Anonymous pages carry no form token (CSRF),
    # so no token cookie either: the language switch needs none from them.
    assert sorted(client.cookies) == ["atelier_language"]


def test_htmx_is_served_as_a_static_file(client, db):
    html = client.get("/").content.decode()
    assert '<script src="/static/atelier/htmx.min.js" defer></script>' in html


def test_pages_switch_off_browser_features_they_never_use(client, db):
    policy = client.get("/")["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    assert features["camera"] == "()"
    assert features["microphone"] == "()"
    assert features["geolocation"] == "()"
    assert features["payment"] == "()"
    # Security keys for the second factor stay usable on our own pages.
    assert features["publickey-credentials-get"] == "(self)"
    assert features["publickey-credentials-create"] == "(self)"


def test_every_kind_of_response_carries_the_permissions_policy(client, db):
    for path in ("/healthz", "/api/openapi.json", "/no-such-page/"):
        assert "camera=()" in client.get(path)["Permissions-Policy"]


@override_settings(LANGUAGE_COOKIE_SECURE=True)
def test_the_language_cookie_is_secure_when_the_site_is(client, db):
    client.post("/i18n/setlang/", {"language": "bg", "next": "/"})
    assert client.cookies["atelier_language"]["secure"] is True
