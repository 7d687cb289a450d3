"""Ids of 1000 and more survive the reader's locale: Bulgarian groups thousands as "1 234"."""

import pytest
from django.conf import settings
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.library import services
from tests.library.factories import PublishedResourceFactory
from tests.pages import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["bg", "pl"])
def test_a_resource_numbered_1234_is_added_from_the_edit_page(client, cora, language):
    collection = services.create_collection(cora, title="Audience toolkits", language="en")
    resource = PublishedResourceFactory(pk=1234, title=MultilingualText("Audience panels", "en"))
    client.force_login(cora)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    edit = reverse("library:collection-edit", args=[collection.slug])

    html = client.get(edit, {"q": "panels"}).content.decode()

    assert f'<html lang="{language}"' in html
    page = Page(html)
    offered = [form.inputs["add-resource"] for form in page.forms if "add-resource" in form.inputs]
    assert "1234" in offered, offered
    (form,) = page.forms_with({"add-resource": "1234"})
    assert page.dangling_references() == []
    # The form goes back as the browser sends it, and adds that very resource.
    response = client.post(form.action, form.inputs)
    assert response.status_code == 302
    assert [item.resource for item in collection.items.all()] == [resource]
