"""Every admin change page with a multilingual text opens for a platform admin and saves.

The page is submitted as a browser would submit it (every input, select and textarea of the
change form as rendered), with the multilingual text edited as the JSON the admin shows.
"""

import json
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from atelier.core.multilingual import MultilingualText, MultilingualTextField
from tests.calls.factories import CallFactory
from tests.events.factories import EventFactory, SessionFactory
from tests.experts.factories import ExpertProfileFactory
from tests.library.factories import CollectionFactory, PodcastFactory, ResourceFactory
from tests.network.factories import OrganisationFactory
from tests.plans.factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory
from tests.programmes.factories import PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


class ChangeForm(HTMLParser):
    """The fields of the admin's change form, with the values a browser would send."""

    def __init__(self):
        super().__init__()
        self.data = []
        self._in_form = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _form_data(html):
    parser = ChangeForm()
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def _multilingual_field(model):
    return next(f for f in model._meta.fields if isinstance(f, MultilingualTextField))


def _programme():
    programme = ProgrammeFactory()
    PartnerFactory(programme=programme)
    return programme


def _event():
    event = EventFactory()
    SessionFactory(event=event)
    return event


def _plan():
    plan = PlanFactory()
    GoalFactory(plan=plan)
    return plan


MAKERS = {
    "organisation": OrganisationFactory,
    "programme": _programme,
    "resource": ResourceFactory,
    "collection": CollectionFactory,
    "podcast": PodcastFactory,
    "plan": _plan,
    "action": ActionFactory,
    "indicator": IndicatorFactory,
    "event": _event,
    "call": CallFactory,
    "expertprofile": ExpertProfileFactory,
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_the_change_page_opens_and_saves_an_edited_text(client, ada, kind):
    obj = MAKERS[kind]()
    model = type(obj)
    field = _multilingual_field(model)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    client.force_login(ada)
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page.content.decode())
    shown = json.loads(data[field.name][0])
    assert shown == getattr(obj, field.name).to_json()
    data[field.name] = [
        json.dumps({"lang": "en", "text": "Edited", "tr": {"bg": {"text": "Ново", "by": "human"}}})
    ]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    text = getattr(obj, field.name)
    assert (text.text, text.language, text.get("bg")) == ("Edited", "en", "Ново")


def test_a_text_that_is_not_a_json_object_is_refused_with_a_message(client, ada):
    organisation = OrganisationFactory()
    url = reverse("admin:network_organisation_change", args=[organisation.pk])
    client.force_login(ada)
    data = _form_data(client.get(url).content.decode())
    data["name"] = ['["a", "list"]']
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        'Give the text as a JSON object: {"lang": "en", "text": "...", "tr": {...}}.'
    ]
    organisation.refresh_from_db()
    assert organisation.name.text != "a"


def test_an_empty_optional_text_is_saved_as_an_empty_text(client, ada):
    organisation = OrganisationFactory(description=MultilingualText("Old", "en"))
    url = reverse("admin:network_organisation_change", args=[organisation.pk])
    client.force_login(ada)
    data = _form_data(client.get(url).content.decode())
    data["description"] = [""]
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == MultilingualText()


@pytest.mark.parametrize(
    "model_admin",
    [m for m in admin.site._registry.values() if m.model.__module__.startswith("atelier.")],
    ids=lambda m: m.model._meta.label,
)
def test_every_admin_list_and_add_page_opens(client, rf, ada, model_admin):
    opts = model_admin.model._meta
    request = rf.get("/admin/")
    request.user = ada
    client.force_login(ada)
    assert (
        client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    if model_admin.has_add_permission(request):
        assert (
            client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
        )
