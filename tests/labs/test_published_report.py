"""Who reads a lab's report: its facilitators (programme roles included) and participants; once a
facilitator publishes it, anyone, from the programme's Learning labs tab too."""

import pytest
from django.urls import reverse

from atelier.accounts.roles import Role
from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="ecoc-sme")


@pytest.fixture
def other_programme():
    return ProgrammeFactory(slug="elsewhere")


def _person(name, role=None, scope=None):
    user = UserFactory(email=f"{name}@example.org", display_name=name.capitalize())
    if role:
        assign_role(user, role, scope=scope)
    return user


def _lab(creator, programme, title, **fields):
    fields.setdefault("status", Lab.Status.OPEN)
    return services.create_lab(
        creator, title=MultilingualText(title, "en"), programme=programme, **fields
    )


@pytest.fixture
def lab(programme, fay):
    return _lab(fay, programme, "Harbour lab")


def _report(client, lab, user=None):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    return client.get(reverse("labs:report", args=[lab.slug]))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR])
def test_a_programme_role_runs_and_publishes_its_own_programmes_labs_only(
    client, lab, programme, other_programme, fay, role
):
    mine = _person("mine", role, programme)
    theirs = _person("theirs", role, other_programme)
    assert mine.has_perm("labs.run_lab", lab) and mine.has_perm("labs.publish_report", lab)
    assert not theirs.has_perm("labs.run_lab", lab)
    client.force_login(theirs)
    assert client.get(reverse("labs:detail", args=[lab.slug])).status_code == 403
    assert client.post(reverse("labs:report-publish", args=[lab.slug])).status_code == 403
    assert _report(client, lab, theirs).status_code == 403
    client.force_login(mine)
    assert client.get(reverse("labs:detail", args=[lab.slug])).status_code == 200
    response = client.post(reverse("labs:report-publish", args=[lab.slug]))
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.report_published


def test_a_coordinator_of_a_programme_may_design_labs_for_it_only(programme, other_programme):
    cora = _person("cora", Role.COORDINATOR, programme)
    from atelier.labs import queries

    assert cora.has_perm("labs.add_lab")
    assert list(queries.facilitated_programmes(cora)) == [programme]


def test_a_participant_reads_the_report_a_non_participant_does_not(client, lab, alice, bob):
    services.join(lab, user=alice)
    services.close(lab)
    assert _report(client, lab, alice).status_code == 200
    assert _report(client, lab, bob).status_code == 403
    response = _report(client, lab)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(bob)
    for name in ("report-md", "report-pdf", "report-csv"):
        assert client.get(reverse(f"labs:{name}", args=[lab.slug])).status_code == 403
    client.force_login(alice)
    assert client.post(reverse("labs:report-publish", args=[lab.slug])).status_code == 403


def test_a_published_report_is_for_everyone_but_the_notes_csv_is_not(client, lab, fay, bob):
    client.force_login(fay)
    client.post(reverse("labs:report-publish", args=[lab.slug]))
    for user in (None, bob):
        response = _report(client, lab, user)
        assert response.status_code == 200 and "Harbour lab" in response.text
        assert "Publish the report" not in response.text
        for name in ("report-md", "report-pdf"):
            assert client.get(reverse(f"labs:{name}", args=[lab.slug])).status_code == 200
        assert client.get(reverse("labs:report-csv", args=[lab.slug])).status_code in (302, 403)


def test_a_published_report_of_a_draft_programme_stays_private(client, lab, programme, fay):
    services.publish_report(lab, actor=fay)
    programme.state = "draft"
    programme.save()
    response = _report(client, lab)
    assert response.status_code == 302


def test_unpublishing_asks_first_and_then_hides_the_report(client, lab, fay):
    services.publish_report(lab, actor=fay)
    client.force_login(fay)
    url = reverse("labs:report-unpublish", args=[lab.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert "Unpublish the report of “Harbour lab”?" in response.text
    assert "can no longer read the report" in response.text
    lab.refresh_from_db()
    assert lab.report_published
    assert client.post(url).status_code == 302
    lab.refresh_from_db()
    assert not lab.report_published
    assert _report(client, lab).status_code == 302


def test_the_programme_tab_lists_published_reports_for_visitors(client, lab, programme, fay):
    draft_report = _lab(fay, programme, "Unpublished lab")
    services.publish_report(lab, actor=fay)
    client.logout()
    response = client.get(reverse("labs:programme", args=[programme.slug]))
    assert response.status_code == 200
    assert reverse("labs:report", args=[lab.slug]) in response.text
    assert "Unpublished lab" not in response.text
    assert reverse("labs:report", args=[draft_report.slug]) not in response.text
    # the programme page's tab leads there
    page = client.get(programme.get_absolute_url())
    assert f'href="{reverse("labs:programme", args=[programme.slug])}"' in page.text


def test_the_programme_tab_shows_a_member_the_labs_they_joined(client, lab, programme, fay, alice):
    joined = _lab(fay, programme, "Joined lab")
    services.join(joined, user=alice)
    client.force_login(alice)
    response = client.get(reverse("labs:programme", args=[programme.slug]))
    assert "Joined lab" in response.text and "Harbour lab" not in response.text
    client.force_login(fay)
    response = client.get(reverse("labs:programme", args=[programme.slug]))
    assert "Joined lab" in response.text and "Harbour lab" in response.text


def test_the_tab_of_a_draft_programme_is_its_teams(client, programme):
    programme.state = "draft"
    programme.save()
    response = client.get(reverse("labs:programme", args=[programme.slug]))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["visitor", "facilitator"])
def test_the_programme_tab_query_count(client, programme, fay, who):
    def add_labs(first, n):
        for number in range(first, first + n):
            lab = _lab(fay, programme, f"Lab {number}")
            services.publish_report(lab, actor=fay)

    add_labs(0, 1)
    if who == "facilitator":
        client.force_login(fay)
    one, several = assert_same_queries(
        lambda: client.get(reverse("labs:programme", args=[programme.slug])),
        lambda: add_labs(1, 3),
    )
    assert several.text.count('class="card"') == 4
