"""Creating and editing a programme in the browser, and its history."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from atelier.accounts.rules import holds_role
from atelier.accounts.services import assign_role
from atelier.core.models import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.programmes.models import Programme
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("programmes:create")


def form_data(**extra):
    data = {
        "title_text": "Creative Ports",
        "acronym": "CPorts",
        "content_language": "en",
        "description_text": "Harbour towns learn from each other.",
        "funding_programme": "interreg",
        "funding_strand": "Interreg South Baltic",
        "action_type": "",
        "identifier": "",
        "start_date": "2025-01-01",
        "end_date": "2027-06-30",
        "total_budget": "1000000.00",
        "eu_contribution": "800000.00",
        "cofinancing_rate": "80",
        "themes": ["capacity-building"],
        "website": "https://ports.example.org",
        "community_access": "open",
        "state": "draft",
        "tr-TOTAL_FORMS": "1",
        "tr-INITIAL_FORMS": "0",
        "tr-MIN_NUM_FORMS": "0",
        "tr-MAX_NUM_FORMS": "30",
        "tr-0-language": "pl",
        "tr-0-title": "Kreatywne porty",
        "tr-0-description": "Miasta portowe uczą się od siebie.",
        "tr-0-by": "",
    }
    data.update(extra)
    return data


def themes_by_slug(data):
    from atelier.core.models import Theme

    data["themes"] = [Theme.objects.get(slug=slug).pk for slug in data["themes"]]
    return data


def edit_url(programme):
    return reverse("programmes:edit", args=[programme.slug])


def test_new_programme_is_for_platform_coordinators_admins_and_allowed_creators(
    client, alice, cora, ada
):
    assert client.get(CREATE).status_code == 302  # a visitor is asked to log in
    client.force_login(alice)
    assert client.get(CREATE).status_code == 403
    assign_role(alice, "programme-creator")
    assert client.get(CREATE).status_code == 200
    for person in (cora, ada):
        client.force_login(person)
        assert client.get(CREATE).status_code == 200


def test_a_programme_coordinator_does_not_create_other_programmes(client, alice):
    assign_role(alice, "coordinator", scope=ProgrammeFactory())
    client.force_login(alice)
    assert client.get(CREATE).status_code == 403


def test_new_programme_button_shows_to_those_who_may(client, alice, cora):
    client.force_login(alice)
    assert "New programme" not in client.get(reverse("programmes:list")).content.decode()
    client.force_login(cora)
    assert "New programme" in client.get(reverse("programmes:list")).content.decode()


def test_creating_a_programme_makes_a_draft_its_creator_coordinates(client, alice):
    assign_role(alice, "programme-creator")
    client.force_login(alice)
    response = client.post(CREATE, themes_by_slug(form_data()))
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:partners", args=[programme.slug])
    assert programme.slug == "cports"
    assert programme.state == "draft"
    assert programme.title.text == "Creative Ports"
    assert programme.title.translations == {"pl": {"text": "Kreatywne porty", "by": "human"}}
    assert programme.description.get("pl") == "Miasta portowe uczą się od siebie."
    assert (programme.start_date, programme.end_date) == (date(2025, 1, 1), date(2027, 6, 30))
    assert programme.total_budget == Decimal("1000000.00")
    assert programme.computed_cofinancing_rate == Decimal("80.0")
    assert [t.slug for t in programme.themes.all()] == ["capacity-building"]
    alice.__dict__.pop("_atelier_role_keys", None)
    assert holds_role(alice, "coordinator", programme) is True
    assert holds_role(alice, "coordinator", ProgrammeFactory()) is False


def test_a_draft_is_seen_by_its_team_only(client, alice, bob):
    programme = ProgrammeFactory(state="draft")
    assign_role(alice, "coordinator", scope=programme)
    detail = reverse("programmes:detail", args=[programme.slug])
    assert client.get(detail).status_code == 404
    client.force_login(bob)
    assert client.get(detail).status_code == 404
    assert programme.slug not in client.get(reverse("programmes:list")).content.decode()
    client.force_login(alice)
    assert client.get(detail).status_code == 200
    assert programme.slug in client.get(reverse("programmes:list")).content.decode()


def test_bad_input_is_answered_on_the_form_and_nothing_is_saved(client, cora):
    client.force_login(cora)
    data = themes_by_slug(
        form_data(
            end_date="2024-01-01",
            eu_contribution="2000000",
            cofinancing_rate="180",
            **{"tr-0-language": "en"},
        )
    )
    response = client.post(CREATE, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The programme cannot end before it starts." in page
    assert "The contribution cannot be larger than the total budget." in page
    assert "This is the language of the texts above, not a translation." in page
    assert Programme.objects.count() == 0


def test_a_taken_identifier_is_refused(client, cora):
    ProgrammeFactory(identifier="101234567")
    client.force_login(cora)
    response = client.post(CREATE, themes_by_slug(form_data(identifier="101234567")))
    assert response.status_code == 400
    assert Programme.objects.count() == 1


def test_a_coordinator_edits_their_programme_and_not_another(client, alice):
    programme = ProgrammeFactory()
    other = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    assert client.get(edit_url(programme)).status_code == 200
    assert client.get(edit_url(other)).status_code == 403
    assert client.post(edit_url(other), themes_by_slug(form_data())).status_code == 403
    other.refresh_from_db()
    assert other.acronym == ""


def test_a_member_may_not_edit(client, bob):
    programme = ProgrammeFactory()
    client.force_login(bob)
    assert client.get(edit_url(programme)).status_code == 403


def test_editing_keeps_the_history_of_each_change(client, alice):
    programme = ProgrammeFactory(total_budget=Decimal("500000.00"))
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    data = themes_by_slug(form_data(state="published"))
    response = client.post(edit_url(programme), data)
    assert response.status_code == 302
    entry = AuditLogEntry.objects.filter(action="programmes.programme.update").get()
    assert entry.actor == alice
    changes = entry.data["changes"]
    assert changes["total_budget"] == ["500000.00", "1000000.00"]
    assert changes["acronym"] == ["", "CPorts"]
    assert "state" not in changes
    history = client.get(reverse("programmes:history", args=[programme.slug]))
    page = history.content.decode()
    assert history.status_code == 200
    assert "Programme edited" in page
    assert "500000.00 → 1000000.00" in page
    assert "Alice Member" in page


def test_saving_unchanged_records_nothing(client, alice):
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    client.post(edit_url(programme), themes_by_slug(form_data(state="published")))
    client.post(edit_url(programme), themes_by_slug(form_data(state="published")))
    assert AuditLogEntry.objects.filter(action="programmes.programme.update").count() == 1


def test_a_machine_translation_left_as_it_was_stays_a_machine_one(client, cora):
    from atelier.core.multilingual import MultilingualText

    programme = ProgrammeFactory(
        title=MultilingualText("Ports", "en").translate("de", "Häfen", by="machine")
    )
    client.force_login(cora)
    data = themes_by_slug(
        form_data(
            state="published",
            title_text="Ports",
            **{
                "tr-TOTAL_FORMS": "2",
                "tr-INITIAL_FORMS": "1",
                "tr-0-language": "de",
                "tr-0-title": "Häfen",
                "tr-0-description": "",
                "tr-0-by": "machine",
                "tr-1-language": "",
                "tr-1-title": "",
                "tr-1-description": "",
            },
        )
    )
    assert client.post(edit_url(programme), data).status_code == 302
    programme.refresh_from_db()
    assert programme.title.translations == {"de": {"text": "Häfen", "by": "machine"}}


def test_history_is_for_the_programmes_coordinators(client, alice, bob):
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    history = reverse("programmes:history", args=[programme.slug])
    client.force_login(bob)
    assert client.get(history).status_code == 403
    client.force_login(alice)
    assert client.get(history).status_code == 200
    assign_role(bob, "coordinator", scope=ProgrammeFactory())
    client.force_login(bob)
    assert client.get(history).status_code == 403


def test_history_page_queries_do_not_grow_with_entries(client, cora):
    from atelier.core.audit import log_action
    from tests.factories import UserFactory
    from tests.queries import assert_same_queries

    programme = ProgrammeFactory()

    def add(count):
        for _ in range(count):
            person = UserFactory()
            log_action("programmes.team.assign", actor=cora, target=programme, user=person.pk,
                       role="moderator")  # fmt: skip
            log_action("programmes.partner.update", actor=person, target=programme, name="X",
                       changes={"budget": ["1.00", "2.00"]})  # fmt: skip

    add(1)
    client.force_login(cora)
    url = reverse("programmes:history", args=[programme.slug])
    one, several = assert_same_queries(lambda: client.get(url), lambda: add(3))
    assert len(several.context["rows"]) == 8


def test_logo_is_re_encoded(client, cora):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "red").save(buffer, "PNG")
    client.force_login(cora)
    data = themes_by_slug(form_data())
    data["logo_upload"] = SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")
    assert client.post(CREATE, data).status_code == 302
    programme = Programme.objects.get()
    with Image.open(programme.logo.open("rb")) as picture:
        assert max(picture.size) == 600


def test_a_file_that_is_not_a_picture_is_refused_as_logo(client, cora):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cora)
    data = themes_by_slug(form_data())
    data["logo_upload"] = SimpleUploadedFile("logo.png", b"<svg></svg>", "image/png")
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert Programme.objects.count() == 0


def test_a_draft_is_not_in_the_api_nor_the_search(client):
    from atelier.search import services as search_services

    draft = ProgrammeFactory(state="draft", title=MultilingualText("Quiet Draft", "en"))
    assert client.get(f"/api/programmes/{draft.slug}").status_code == 404
    listed = client.get("/api/programmes/").json()
    assert draft.slug not in [item["slug"] for item in listed["items"]]
    search_services.reindex()
    found = client.get("/search/", {"q": "Quiet Draft"}).content.decode()
    assert draft.get_absolute_url() not in found
    draft.state = "published"
    draft.save()
    search_services.reindex()
    found = client.get("/search/", {"q": "Quiet Draft"}).content.decode()
    assert draft.get_absolute_url() in found


def test_programme_list_queries_do_not_grow_with_ones_own_programmes(client, alice):
    from tests.queries import assert_same_queries

    def add(count):
        for _ in range(count):
            assign_role(alice, "coordinator", scope=ProgrammeFactory(state="draft"))

    add(1)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(reverse("programmes:list")), lambda: add(3)
    )
    assert len(several.context["own"]) == 4


def test_creators_page_is_for_platform_admins_and_lists_without_growing(client, ada, cora):
    from tests.factories import UserFactory
    from tests.queries import assert_same_queries

    url = reverse("programmes:creators")
    client.force_login(cora)
    assert client.get(url).status_code == 403
    client.force_login(ada)

    def add(count):
        for _ in range(count):
            assign_role(UserFactory(), "programme-creator")

    add(1)
    one, several = assert_same_queries(lambda: client.get(url), lambda: add(3))
    assert len(several.context["creators"]) == 4


def test_a_platform_admin_allows_and_stops_someone_creating_programmes(client, ada, bob):
    client.force_login(ada)
    url = reverse("programmes:creators")
    assert client.post(url, {"email": "BOB@example.org"}).status_code == 302
    assert bob.has_perm("programmes.add_programme") is True
    remove = reverse("programmes:creator-remove", args=[bob.pk])
    assert "Stop creating programmes" in client.get(remove).content.decode()
    client.post(remove)
    bob = type(bob).objects.get(pk=bob.pk)
    assert bob.has_perm("programmes.add_programme") is False
    response = client.post(url, {"email": "nobody@example.org"})
    assert response.status_code == 400
