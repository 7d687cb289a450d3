"""Decision messages per call: the coordinator writes them (per language) in the browser, the
default text shows where none is written, and the applicant is told in their language."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import Call
from atelier.core.multilingual import MultilingualText
from atelier.notifications.models import Notification

from .factories import ApplicationFactory

DEFAULT_ACCEPTED = "Congratulations! The coordinators will be in touch."


def _close(call):
    call.opens_at = timezone.now() - timedelta(days=10)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()


def test_the_messages_page_is_for_the_calls_coordinators(client, call, pia, otto, alice):
    url = reverse("calls:messages", args=[call.slug])
    assert "/accounts/login/" in client.get(url)["Location"]
    for person in (otto, alice):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"language": "en", "accepted_message": "x"}).status_code == 403
    call.refresh_from_db()
    assert call.accepted_message == MultilingualText()
    client.force_login(pia)
    html = client.get(url).content.decode()
    # The default text is shown where the call has none of its own.
    assert f'placeholder="{DEFAULT_ACCEPTED}"' in html
    assert "No text of this call" in html


def test_a_coordinator_writes_the_messages_in_two_languages(client, call, pia):
    url = reverse("calls:messages", args=[call.slug])
    client.force_login(pia)
    response = client.post(
        url, {"language": "en", "accepted_message": "  Welcome aboard!  ", "rejected_message": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?language=en")
    client.post(url, {"language": "bg", "accepted_message": "Добре дошли!"})
    call.refresh_from_db()
    assert call.accepted_message.to_json() == {
        "lang": "en",
        "text": "Welcome aboard!",
        "tr": {"bg": {"text": "Добре дошли!", "by": "human"}},
    }
    assert call.rejected_message == MultilingualText()
    page = client.get(f"{url}?language=bg").content.decode()
    assert "Добре дошли!" in page
    assert "Written in: " in page
    # Emptying a translation removes it; the original stays.
    client.post(url, {"language": "bg", "accepted_message": ""})
    call.refresh_from_db()
    assert call.accepted_message.to_json() == {"lang": "en", "text": "Welcome aboard!"}


def test_a_too_long_message_is_refused_and_nothing_is_written(client, call, pia):
    client.force_login(pia)
    response = client.post(
        reverse("calls:messages", args=[call.slug]),
        {"language": "en", "accepted_message": "Fine.", "rejected_message": "x" * 5001},
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    call.refresh_from_db()
    assert call.accepted_message == MultilingualText()
    with pytest.raises(ValidationError) as raised:
        services.set_decision_messages(
            call, "en", {"accepted_message": "Fine.", "rejected_message": "x" * 5001}, actor=pia
        )
    assert "rejected_message" in raised.value.message_dict
    assert Call.objects.get(pk=call.pk).accepted_message == MultilingualText()


def test_the_decision_mail_uses_the_calls_text_in_the_applicants_language(
    call, pia, alice, bob, mailoutbox
):
    alice.preferred_language = "bg"
    alice.save()
    bob.preferred_language = "pl"
    bob.save()
    _close(call)
    services.set_decision_messages(call, "en", {"accepted_message": "Welcome aboard!"}, actor=pia)
    services.set_decision_messages(call, "bg", {"accepted_message": "Добре дошли!"}, actor=pia)
    for person in (alice, bob):
        services.decide(ApplicationFactory(call=call, applicant=person), "accept", actor=pia)
    # Alice reads the Bulgarian text; Bob, with no Polish text, the text as written.
    assert Notification.objects.get(recipient=alice).body == "Добре дошли!"
    assert Notification.objects.get(recipient=bob).body == "Welcome aboard!"
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "Добре дошли!" in bodies["alice@example.org"]
    assert "Welcome aboard!" in bodies["bob@example.org"]


def test_without_a_text_of_its_own_the_default_is_sent(call, pia, alice):
    _close(call)
    services.set_decision_messages(call, "en", {"accepted_message": "Welcome aboard!"}, actor=pia)
    services.decide(ApplicationFactory(call=call, applicant=alice), "reject", actor=pia)
    assert Notification.objects.get(recipient=alice).body == (
        "Thank you for applying. We hope to see you in another call."
    )
