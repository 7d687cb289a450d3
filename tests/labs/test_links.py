"""Where signed-in people find labs: the programme's tab, the lab list, /me/, the event page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab
from atelier.programmes.queries import tabs_for
from tests.events.factories import EventFactory
from tests.programmes.factories import ProgrammeFactory


def _lab(fay, slug, **fields):
    fields.setdefault("status", Lab.Status.OPEN)
    return services.create_lab(
        fay, title=MultilingualText(f"Lab {slug}", "en"), slug=slug, **fields
    )


def test_a_programme_has_a_labs_tab(db):
    programme = ProgrammeFactory(slug="ecoc-sme")
    urls = {tab["key"]: tab["url"] for tab in tabs_for(programme)}
    assert urls["labs"] == "/labs/programme/ecoc-sme/"


def test_the_list_shows_the_labs_one_runs_or_joined(client, fay, alice, bob):
    programme = ProgrammeFactory(slug="ecoc-sme")
    joined = _lab(fay, "joined", programme=programme)
    elsewhere = _lab(fay, "elsewhere")
    _lab(fay, "not-joined", programme=programme)
    services.join(joined, user=alice)
    services.join(elsewhere, user=alice)
    client.force_login(alice)
    html = client.get(reverse("labs:list")).content.decode()
    assert "Lab joined" in html and "Lab elsewhere" in html and "Lab not-joined" not in html
    assert reverse("labs:my-table", args=["joined"]) in html
    assert f'href="{reverse("labs:detail", args=["joined"])}"' not in html
    assert "you joined it" in html and "Design a new lab" not in html
    html = client.get(reverse("labs:list") + "?programme=ecoc-sme").content.decode()
    assert "Lab joined" in html and "Lab elsewhere" not in html
    assert "Of the programme" in html
    client.force_login(bob)
    html = client.get(reverse("labs:list")).content.decode()
    assert "No lab yet." in html
    client.force_login(fay)
    html = client.get(reverse("labs:list") + "?programme=ecoc-sme").content.decode()
    assert reverse("labs:detail", args=["not-joined"]) in html and "Design a new lab" in html


def test_visitors_are_sent_to_log_in_from_the_list(client):
    response = client.get(reverse("labs:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/labs/", "/me/"])
def test_list_and_me_query_counts_with_one_and_three_labs(client, fay, alice, url):
    client.force_login(alice)
    counts = []
    for count in (1, 3):
        for n in range(count):
            services.join(_lab(fay, f"lab-{count}-{n}"), user=alice)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


def test_me_shows_ones_labs(client, fay, alice, bob):
    lab = _lab(fay, "mine")
    services.join(lab, user=alice)
    client.force_login(alice)
    html = client.get("/me/").content.decode()
    assert "Your learning labs" in html and reverse("labs:my-table", args=["mine"]) in html
    client.force_login(fay)
    html = client.get("/me/").content.decode()
    assert reverse("labs:detail", args=["mine"]) in html and "you facilitate it" in html
    client.force_login(bob)
    assert "Your learning labs" not in client.get("/me/").content.decode()


def test_the_me_and_event_sections_cost_one_query(fay, alice, django_assert_num_queries):
    from atelier.labs.templatetags.labs import event_labs, my_labs

    event = EventFactory()
    services.join(_lab(fay, "one", event=event), user=alice)
    alice = type(alice).objects.get(pk=alice.pk)  # nothing cached on the person
    with django_assert_num_queries(1):
        assert len(my_labs(alice)["labs"]) == 1
    with django_assert_num_queries(1):
        assert len(event_labs(event, alice)) == 1
    with django_assert_num_queries(0):
        assert event_labs(event, AnonymousUser()) == []


def test_the_event_page_links_its_lab_for_those_in_it(client, fay, alice, bob):
    event = EventFactory()
    lab = _lab(fay, "at-the-event", event=event)
    services.join(lab, user=alice)
    url = event.get_absolute_url()
    assert "Learning labs at this event" not in client.get(url).content.decode()
    client.force_login(bob)
    assert "Learning labs at this event" not in client.get(url).content.decode()
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert "Learning labs at this event" in html
    assert reverse("labs:my-table", args=[lab.slug]) in html
    client.force_login(fay)
    assert reverse("labs:detail", args=[lab.slug]) in client.get(url).content.decode()
