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
    # The form token (CSRF) and the chosen language; nothing that tracks.
    assert sorted(client.cookies) == ["atelier_language", "csrftoken"]


def test_htmx_is_served_as_a_static_file(client, db):
    html = client.get("/").content.decode()
    assert '<script src="/static/atelier/htmx.min.js" defer></script>' in html
