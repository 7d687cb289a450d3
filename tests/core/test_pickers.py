"""Type-to-search pickers: the search endpoint and the widget without JavaScript."""

import pytest
from django import forms
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core import pickers
from atelier.core.multilingual import MultilingualText
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def pick(client, source, **params):
    return client.get(reverse("core:pick", args=[source]), {"field": "programme", **params})


def test_typing_finds_programmes_by_title_or_acronym(client):
    ProgrammeFactory(title=MultilingualText("Creative Harbours", "en"), acronym="CH")
    ProgrammeFactory(title=MultilingualText("Mountain Arts", "en"))
    response = pick(client, "programmes", programme__q="harb", select="id_programme")
    page = response.content.decode()
    assert response.status_code == 200
    assert "CH – Creative Harbours" in page
    assert "Mountain Arts" not in page
    assert 'id="id_programme__status"' in page
    assert "1 option matches “harb”." in page


def test_a_draft_is_offered_to_its_team_only(client, alice):
    draft = ProgrammeFactory(title=MultilingualText("Secret Draft", "en"), state="draft")
    assert "Secret Draft" not in pick(client, "programmes", programme__q="secret").content.decode()
    assign_role(alice, "coordinator", scope=draft)
    client.force_login(alice)
    assert "Secret Draft" in pick(client, "programmes", programme__q="secret").content.decode()


def test_ones_own_programmes_come_first(client, alice):
    for n in range(30):
        ProgrammeFactory(title=MultilingualText(f"Programme {n:02d}", "en"), slug=f"a-{n:02d}")
    own = ProgrammeFactory(title=MultilingualText("Zeta Mine", "en"), slug="z-mine")
    assign_role(alice, "facilitator", scope=own)
    client.force_login(alice)
    page = pick(client, "programmes").content.decode()
    assert page.index('<optgroup label="Your programmes">') < page.index("Zeta Mine")
    assert page.index("Zeta Mine") < page.index('<optgroup label="Other programmes">')
    assert page.count("<option") == pickers.LIMIT + 1  # no select holds hundreds


def test_the_selected_option_is_kept(client):
    chosen = ProgrammeFactory(title=MultilingualText("Chosen One", "en"))
    ProgrammeFactory(title=MultilingualText("Other", "en"))
    page = pick(client, "programmes", programme=chosen.pk, programme__q="other", blank="1")
    text = page.content.decode()
    assert f'<option value="{chosen.pk}" selected>Chosen One</option>' in text
    assert '<option value="">---------</option>' in text


def test_only_declared_value_fields_are_answered(client):
    programme = ProgrammeFactory(slug="by-slug")
    page = pick(client, "programmes", to="slug").content.decode()
    assert 'value="by-slug"' in page
    page = pick(client, "network.organisations", to="normalised_name", programme__q="x")
    assert "normalised" not in page.content.decode()
    assert programme.pk


def test_organisations_are_offered_only_once_something_is_typed(client):
    OrganisationFactory(name=MultilingualText("Harbour Lab", "en"), city="Gdańsk", country="PL")
    assert "Harbour" not in pick(client, "network.organisations").content.decode()
    page = pick(client, "network.organisations", programme__q="harbour").content.decode()
    assert "Harbour Lab (Gdańsk, Poland)" in page


def test_an_unknown_source_is_not_found(client):
    assert pick(client, "nothing-here").status_code == 404


class ProgrammeForm(forms.Form):
    programme = pickers.PickerField("programmes", label="Programme", required=False)


def test_the_widget_searches_without_javascript_and_validates_the_choice(alice):
    wanted = ProgrammeFactory(title=MultilingualText("Wanted", "en"))
    draft = ProgrammeFactory(title=MultilingualText("Hidden draft", "en"), state="draft")
    form = ProgrammeForm({"programme": "", "programme__q": "want"})
    pickers.bind_pickers(form, alice)
    html = str(form["programme"])
    assert "Wanted" in html
    assert 'name="_picker"' in html
    assert "hx-get" in html
    form = ProgrammeForm({"programme": str(draft.pk)})
    pickers.bind_pickers(form, alice)
    assert not form.is_valid()
    form = ProgrammeForm({"programme": str(wanted.pk)})
    pickers.bind_pickers(form, alice)
    assert form.is_valid()
    assert form.cleaned_data["programme"] == wanted


def test_the_picker_endpoint_queries_stay_few(client, alice):
    from tests.queries import assert_same_queries

    ProgrammeFactory()
    client.force_login(alice)
    assert_same_queries(
        lambda: pick(client, "programmes", programme__q="programme"),
        lambda: [ProgrammeFactory() for _ in range(5)],
    )


def test_the_organisation_directory_filters_by_a_programme_typed_not_listed(client):
    from tests.programmes.factories import PartnerFactory

    partner = PartnerFactory(organisation__name=MultilingualText("In It", "en"))
    OrganisationFactory(name=MultilingualText("Not In It", "en"))
    for _ in range(30):
        ProgrammeFactory()
    url = reverse("network:organisation-list")
    page = client.get(url).content.decode()
    select = page.split('<select name="programme"', 1)[1].split("</select>", 1)[0]
    assert select.count("<option") == pickers.LIMIT + 1  # not 31 programmes
    filtered = client.get(url, {"programme": partner.programme.slug})
    names = [str(o.name) for o in filtered.context["organisations"]]
    assert names == ["In It"]
    assert f'value="{partner.programme.slug}" selected' in filtered.content.decode()


def test_a_form_sent_by_the_search_button_is_never_valid(alice):
    wanted = ProgrammeFactory(title=MultilingualText("Wanted", "en"))
    form = ProgrammeForm({"programme": str(wanted.pk), "programme__q": "w", "_picker": "programme"})
    pickers.bind_pickers(form, alice)
    assert not form.is_valid()
    assert form.errors["programme"] == [
        "Choose one of the options found, then send the form again."
    ]
