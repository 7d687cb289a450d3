"""No form lists every programme, organisation or event: each offers a picker with a few
options, the person's own programmes first, and takes what is typed to find the rest."""

import re

import pytest
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.core.pickers import LIMIT
from tests.events.factories import EventFactory
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("events:create", ["programme"]),
    ("calls:create", ["programme", "event"]),
    ("plans:create", ["programme", "organisation"]),
    ("experts:support-new", ["programme"]),
    ("experts:offer-new", ["organisation"]),
    ("library:contribute", ["programme"]),
    ("library:collection-create", ["programme"]),
    ("library:podcast-add", ["programme"]),
]


def options_of(page, field):
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no picker for {field}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


@pytest.fixture
def many():
    for n in range(LIMIT + 10):
        ProgrammeFactory(title=MultilingualText(f"Programme {n:03d}", "en"))
        OrganisationFactory()
        EventFactory()


@pytest.mark.parametrize(("name", "fields"), PAGES)
def test_a_platform_coordinator_is_offered_a_few_options_and_a_search(
    client, cora, many, name, fields
):
    client.force_login(cora)
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    for field in fields:
        assert len(options_of(page, field)) <= LIMIT + 1
        assert f'name="{field}__q"' in page


@pytest.mark.parametrize(("name", "fields"), PAGES[:3])
def test_a_programmes_coordinator_is_offered_their_programme_first(
    client, alice, many, name, fields
):
    own = ProgrammeFactory(title=MultilingualText("Zeta, my own", "en"))
    assign_role(alice, "coordinator", scope=own)
    client.force_login(alice)
    options = options_of(client.get(reverse(name)).content.decode(), "programme")
    assert [o for o in options if o != "---------"][0] == "Zeta, my own"
    assert not any(o.startswith("Programme 0") for o in options)


def test_a_facilitator_is_offered_programme_and_event_pickers_for_a_lab(client, fay, many):
    client.force_login(fay)
    page = client.get(reverse("labs:create")).content.decode()
    for field in ("programme", "event"):
        assert len(options_of(page, field)) <= LIMIT + 1
        assert f'name="{field}__q"' in page
