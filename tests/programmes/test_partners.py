"""A programme's partners managed in the browser: added, created on the spot, corrected,
reordered, removed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.models import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.network.models import Organisation
from atelier.programmes.models import Partner
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def partners_url(programme):
    return reverse("programmes:partners", args=[programme.slug])


def partner_url(partner, action=""):
    name = f"programmes:partner-{action}" if action else "programmes:partner-edit"
    return reverse(name, args=[partner.programme.slug, partner.pk])


@pytest.fixture
def programme(alice):
    """A programme Alice coordinates."""
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    return programme


def test_partners_page_is_for_the_programmes_coordinators(client, programme, alice, bob):
    other = ProgrammeFactory()
    assert client.get(partners_url(programme)).status_code == 302
    client.force_login(bob)
    assert client.get(partners_url(programme)).status_code == 403
    client.force_login(alice)
    assert client.get(partners_url(programme)).status_code == 200
    assert client.get(partners_url(other)).status_code == 403


def test_coordinator_adds_an_organisation_of_the_directory(client, programme, alice):
    organisation = OrganisationFactory()
    client.force_login(alice)
    response = client.post(
        partners_url(programme),
        {"organisation": organisation.pk, "role": "lead", "budget": "120000.50"},
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.organisation, partner.role, partner.budget, partner.order) == (
        organisation,
        "lead",
        Decimal("120000.50"),
        0,
    )
    entry = AuditLogEntry.objects.get(action="programmes.partner.add")
    assert (entry.actor, entry.data["role"], entry.data["budget"]) == (alice, "lead", "120000.50")


def test_an_organisation_is_created_on_the_spot(client, programme, alice):
    client.force_login(alice)
    response = client.post(
        partners_url(programme),
        {
            "organisation": "",
            "new_name": "Fundacja Nowe Porty",
            "new_country": "PL",
            "new_city": "Gdynia",
            "role": "partner",
            "budget": "",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.name.text, organisation.country.code, organisation.city) == (
        "Fundacja Nowe Porty",
        "PL",
        "Gdynia",
    )
    assert programme.partners.get().organisation == organisation


def test_a_name_already_in_the_directory_is_not_created_twice(client, programme, alice):
    existing = OrganisationFactory(name=MultilingualText("Nowe Porty", "en"), country="PL")
    client.force_login(alice)
    client.post(
        partners_url(programme),
        {"new_name": "NOWE  porty", "new_country": "PL", "new_city": "", "role": "partner"},
    )
    assert Organisation.objects.count() == 1
    assert programme.partners.get().organisation == existing


def test_adding_asks_for_an_organisation_and_a_country(client, programme, alice):
    client.force_login(alice)
    response = client.post(partners_url(programme), {"role": "partner"})
    assert response.status_code == 400
    assert "Choose an organisation, or type the name of a new one below." in (
        response.content.decode()
    )
    response = client.post(partners_url(programme), {"new_name": "Somebody", "role": "partner"})
    assert "Say in which country the new organisation is." in response.content.decode()
    assert Partner.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_an_organisation_is_a_partner_once(client, programme, alice):
    partner = PartnerFactory(programme=programme)
    client.force_login(alice)
    response = client.post(
        partners_url(programme), {"organisation": partner.organisation.pk, "role": "lead"}
    )
    assert response.status_code == 400
    assert "is already a partner of this programme." in response.content.decode()
    assert Partner.objects.count() == 1


def test_a_wrong_imported_figure_is_corrected_and_the_history_keeps_both(client, programme, alice):
    partner = PartnerFactory(programme=programme, budget=Decimal("1000.00"))
    client.force_login(alice)
    response = client.post(
        partner_url(partner),
        {f"p{partner.pk}-role": "associated", f"p{partner.pk}-budget": "10000.00"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.role, partner.budget) == ("associated", Decimal("10000.00"))
    entry = AuditLogEntry.objects.get(action="programmes.partner.update")
    assert entry.data["changes"] == {
        "role": ["partner", "associated"],
        "budget": ["1000.00", "10000.00"],
    }
    page = client.get(reverse("programmes:history", args=[programme.slug])).content.decode()
    assert "1000.00 → 10000.00" in page
    assert "Partner → Associated partner" in page


def test_a_negative_budget_is_refused(client, programme, alice):
    partner = PartnerFactory(programme=programme, budget=Decimal("1000.00"))
    client.force_login(alice)
    client.post(
        partner_url(partner), {f"p{partner.pk}-role": "lead", f"p{partner.pk}-budget": "-5"}
    )
    partner.refresh_from_db()
    assert (partner.role, partner.budget) == ("partner", Decimal("1000.00"))


def test_partners_are_reordered(client, programme, alice):
    first, second, third = (PartnerFactory(programme=programme, order=5) for _ in range(3))
    client.force_login(alice)
    client.post(partner_url(third, "move"), {"direction": "up"})
    order = list(programme.partners.order_by("order").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    client.post(partner_url(first, "move"), {"direction": "down"})
    order = list(programme.partners.order_by("order").values_list("pk", flat=True))
    assert order == [third.pk, first.pk, second.pk]


def test_removing_a_partner_asks_first(client, programme, alice):
    partner = PartnerFactory(programme=programme)
    client.force_login(alice)
    question = client.get(partner_url(partner, "remove"))
    assert question.status_code == 200
    assert "Remove the partner" in question.content.decode()
    assert Partner.objects.count() == 1
    dialog = client.get(partner_url(partner, "remove"), headers={"HX-Request": "true"})
    assert dialog.content.decode().strip().startswith("<dialog")
    assert client.post(partner_url(partner, "remove")).status_code == 302
    assert Partner.objects.count() == 0
    assert Organisation.objects.count() == 1  # the organisation stays in the directory


def test_another_programmes_coordinator_cannot_touch_these_partners(client, programme, bob):
    partner = PartnerFactory(programme=programme, budget=Decimal("1.00"))
    assign_role(bob, "coordinator", scope=ProgrammeFactory())
    client.force_login(bob)
    data = {f"p{partner.pk}-role": "lead", f"p{partner.pk}-budget": "9"}
    assert client.post(partner_url(partner), data).status_code == 403
    assert client.post(partner_url(partner, "move"), {"direction": "up"}).status_code == 403
    assert client.post(partner_url(partner, "remove")).status_code == 403
    assert client.post(partners_url(programme), {"new_name": "X", "new_country": "PL",
                                                  "role": "lead"}).status_code == 403  # fmt: skip
    partner.refresh_from_db()
    assert (partner.role, partner.budget) == ("partner", Decimal("1.00"))
    assert Partner.objects.count() == 1


def test_a_partner_of_another_programme_is_not_found_through_this_one(client, programme, alice):
    stranger = PartnerFactory()
    client.force_login(alice)
    url = reverse("programmes:partner-remove", args=[programme.slug, stranger.pk])
    assert client.post(url).status_code == 404
    assert Partner.objects.filter(pk=stranger.pk).exists()


def test_the_picker_search_without_javascript_saves_nothing(client, programme, alice):
    OrganisationFactory(name=MultilingualText("Harbour Lab", "en"), city="Gdańsk")
    OrganisationFactory(name=MultilingualText("Mountain Lab", "en"))
    client.force_login(alice)
    response = client.post(
        partners_url(programme),
        {"organisation": "", "organisation__q": "harbour", "_picker": "organisation",
         "role": "partner"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Harbour Lab (Gdańsk" in page
    assert "Mountain Lab" not in page
    assert "Please correct the errors below." not in page
    assert Partner.objects.count() == 0


def test_partners_page_queries_do_not_grow_with_partners(client, programme, alice):
    from tests.queries import assert_same_queries

    PartnerFactory(programme=programme)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(partners_url(programme)),
        lambda: [PartnerFactory(programme=programme) for _ in range(4)],
    )
    assert len(several.context["partners"]) == 5
