from django.conf import settings


def test_language_choice_is_remembered_in_a_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "pl", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/pl/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pl"
    later = client.get("/", headers={"accept-language": "bg"})
    assert '<html lang="pl"' in later.content.decode()


def test_unsupported_browser_language_falls_back_to_english(client, db):
    response = client.get("/", headers={"accept-language": "ja"})
    assert '<html lang="en"' in response.content.decode()


def test_prefixed_links_stay_in_the_chosen_language(client, db):
    html = client.get("/ro/").content.decode()
    assert 'href="/ro/privacy/"' in html


def test_language_switcher_lists_every_supported_language(client, db):
    html = client.get("/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html
