from atelier.accounts.models import User


def test_signed_in_person_keeps_their_language_choice_for_emails(client, alice):
    client.force_login(alice)
    response = client.post("/i18n/setlang/", {"language": "ro", "next": "/me/"})
    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).preferred_language == "ro"


def test_unsupported_language_choice_changes_nothing(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/me/"})
    assert User.objects.get(pk=alice.pk).preferred_language == "en"


def test_anonymous_language_choice_stores_only_a_cookie(client, db):
    response = client.post("/i18n/setlang/", {"language": "sl", "next": "/"})
    assert response.cookies["atelier_language"].value == "sl"
    assert User.objects.count() == 0
