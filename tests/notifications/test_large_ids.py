"""A notification numbered 1234 is marked read from the list, whatever the reader's locale."""

import pytest
from django.conf import settings
from django.urls import reverse

from atelier.notifications.models import Notification
from tests.pages import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["bg", "pl"])
def test_marking_notification_1234_read(client, alice, language):
    big = Notification.objects.create(pk=1234, recipient=alice, verb="test.a", title="Approved")
    other = Notification.objects.create(recipient=alice, verb="test.b", title="Commented")
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("notifications:list")).content.decode()

    assert f'<html lang="{language}"' in html
    page = Page(html)
    named = [form.inputs["id"] for form in page.forms if "id" in form.inputs]
    assert "1234" in named, named
    (form,) = page.forms_with({"id": "1234"})
    assert client.post(form.action, form.inputs).status_code == 302
    big.refresh_from_db()
    other.refresh_from_db()
    assert big.read_at is not None
    assert other.read_at is None
