"""Ids of 1000 and more survive the reader's locale on the reviewers page: Bulgarian and Polish
group thousands as "1 234", which no form field or label target may carry."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from atelier.accounts.services import assign_role
from atelier.calls.models import ReviewAssignment
from tests.factories import UserFactory
from tests.pages import Page

from .factories import ApplicationFactory, AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["bg", "pl"])
def test_assigning_and_taking_off_reviewers_numbered_in_thousands(
    client, call, programme, pia, ria, language
):
    application = ApplicationFactory(
        pk=1234, call=call, applicant=UserFactory(display_name="Ana Applicant")
    )
    newcomer = UserFactory(pk=2345, email="rolf@example.org", display_name="Rolf Reviewer")
    assign_role(newcomer, "reviewer", scope=programme)
    AssignmentFactory(pk=3456, application=application, reviewer=ria)
    client.force_login(pia)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("calls:reviewers", args=[call.slug])

    html = client.get(url).content.decode()

    assert f'<html lang="{language}"' in html
    page = Page(html)
    # The heading the card is labelled by, and the select its label is for, carry plain ids.
    assert "application-1234" in page.references
    assert "reviewer-1234" in page.references
    assert page.dangling_references() == []
    (assign,) = page.forms_with({"action": "assign"})
    assert assign.inputs["application"] == "1234"
    assert "2345" in assign.options["reviewer"], assign.options["reviewer"]
    # Taking off asks first, at an address with the plain id.
    with translation.override(language):
        take_off = reverse("calls:reviewer-remove", args=[call.slug, 3456])
    assert f'href="{take_off}"' in html

    # The form, sent back as the page wrote it, and the question answered, do what they say.
    response = client.post(url, {**assign.inputs, "reviewer": "2345"})
    assert response.status_code == 302
    assert client.get(take_off).status_code == 200
    response = client.post(take_off)
    assert response.status_code == 302
    assert list(
        ReviewAssignment.objects.filter(application=application).values_list(
            "reviewer_id", flat=True
        )
    ) == [2345]
