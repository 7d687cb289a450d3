"""Collections: curated, ordered lists of published resources, with a page of their own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.audit import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.library import services
from atelier.library.models import Collection, CollectionItem, Status
from tests.library.factories import (
    CollectionFactory,
    PublishedResourceFactory,
    ResourceFactory,
)
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

LIST = "/library/collections/"
NEW = "/library/collections/new/"


def fresh(user):
    user.__dict__.pop("_atelier_role_keys", None)
    return user


def create(curator, title="Audience development toolkit", **extra):
    return services.create_collection(
        curator, title=title, language=extra.pop("language", "en"), **extra
    )


def titles(collection):
    return [
        item.resource.title.text
        for item in collection.items.select_related("resource").order_by("position")
    ]


def published(title):
    return PublishedResourceFactory(title=MultilingualText(title, "en"))


def test_urls():
    assert reverse("library:collections") == LIST
    assert reverse("library:collection-create") == NEW
    assert reverse("library:collection", args=["x"]) == "/library/collections/x/"
    assert reverse("library:collection-edit", args=["x"]) == "/library/collections/x/edit/"


# Services: creating -------------------------------------------------------------------------


def test_coordinator_creates_a_collection(cora):
    collection = create(cora, description="Tools for reaching new publics.")
    assert collection.slug == "audience-development-toolkit"
    assert collection.title == MultilingualText("Audience development toolkit", "en")
    assert collection.description.text == "Tools for reaching new publics."
    assert collection.curator == cora
    assert AuditLogEntry.objects.filter(action="library.collection.create", actor=cora).exists()


def test_moderator_creates_a_collection(mona):
    assert create(mona).pk is not None


def test_slugs_stay_unique(cora):
    assert create(cora).slug == "audience-development-toolkit"
    assert create(cora).slug == "audience-development-toolkit-2"
    assert create(cora, title="New").slug == "new-2"
    assert create(cora, title="Ресурси", language="bg").slug == "collection"


def test_member_cannot_create_a_collection(alice):
    with pytest.raises(PermissionDenied):
        create(alice)
    assert not Collection.objects.exists()


def test_programme_coordinator_creates_only_in_their_programme(alice):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    with pytest.raises(ValidationError) as error:
        create(fresh(alice))
    assert error.value.message_dict == {
        "programme": ["Choose a programme you coordinate or moderate."]
    }
    with pytest.raises(ValidationError):
        create(fresh(alice), programme=other)
    assert create(fresh(alice), programme=programme).programme == programme
    assert Collection.objects.count() == 1


def test_a_collection_needs_a_title_and_its_language(cora):
    with pytest.raises(ValidationError) as error:
        create(cora, title="  ", language="")
    assert set(error.value.message_dict) == {"title", "language"}
    with pytest.raises(ValidationError):
        create(cora, language="klingon")
    assert not Collection.objects.exists()


# Services: updating -------------------------------------------------------------------------


def test_update_keeps_the_address_and_drops_stale_translations(cora):
    collection = create(cora)
    collection.title.translate("bg", "Инструменти", by="human")
    collection.save()
    services.update_collection(
        cora, collection, title="Audience development toolkit", language="en"
    )
    collection.refresh_from_db()
    assert collection.title.get("bg") == "Инструменти"
    services.update_collection(cora, collection, title="Audience toolkit", language="en")
    collection.refresh_from_db()
    assert collection.slug == "audience-development-toolkit"
    assert collection.title.text == "Audience toolkit"
    assert collection.title.get("bg") is None


def test_programme_moderator_updates_only_their_programmes_collections(bob, cora):
    programme = ProgrammeFactory()
    theirs = create(cora, programme=programme)
    platform = create(cora, title="Platform")
    assign_role(bob, "moderator", scope=programme)
    services.update_collection(
        fresh(bob), theirs, title="Renamed", language="en", programme=programme
    )
    with pytest.raises(PermissionDenied):
        services.update_collection(fresh(bob), platform, title="Mine now", language="en")
    with pytest.raises(ValidationError):
        # Moving it out of their programme would lock them out of it.
        services.update_collection(fresh(bob), theirs, title="Renamed", language="en")
    assert Collection.objects.get(pk=platform.pk).title.text == "Platform"


def test_member_cannot_update(alice, cora):
    collection = create(cora)
    with pytest.raises(PermissionDenied):
        services.update_collection(alice, collection, title="Hijacked", language="en")


# Services: items ----------------------------------------------------------------------------


def test_add_items_in_order_with_notes(cora):
    collection = create(cora)
    first, second = published("First"), published("Second")
    services.add_to_collection(cora, collection, first, note="Start here.")
    services.add_to_collection(cora, collection, second)
    assert titles(collection) == ["First", "Second"]
    assert collection.items.get(resource=first).note == "Start here."


def test_only_published_resources_can_be_added(cora):
    collection = create(cora)
    with pytest.raises(ValidationError) as error:
        services.add_to_collection(cora, collection, ResourceFactory(status=Status.SUBMITTED))
    assert error.value.message_dict == {
        "resource": ["Only published resources can be added to a collection."]
    }
    assert not collection.items.exists()


def test_a_resource_is_added_once(cora):
    collection = create(cora)
    resource = published("Once")
    services.add_to_collection(cora, collection, resource)
    with pytest.raises(ValidationError) as error:
        services.add_to_collection(cora, collection, resource)
    assert error.value.message_dict == {"resource": ["This resource is already in the collection."]}
    assert collection.items.count() == 1


def test_a_note_is_at_most_300_characters(cora):
    collection = create(cora)
    with pytest.raises(ValidationError):
        services.add_to_collection(cora, collection, published("Long"), note="x" * 301)
    assert not collection.items.exists()


def test_move_items_up_and_down(cora):
    collection = create(cora)
    for title in ("A", "B", "C"):
        services.add_to_collection(cora, collection, published(title))
    b = collection.items.get(resource__title__text="B")
    a = collection.items.get(resource__title__text="A")
    services.move_item(cora, collection, b, -1)
    assert titles(collection) == ["B", "A", "C"]
    services.move_item(cora, collection, a, 1)
    assert titles(collection) == ["B", "C", "A"]
    # At either end nothing moves.
    services.move_item(cora, collection, a, 1)
    services.move_item(cora, collection, collection.items.get(resource__title__text="B"), -1)
    assert titles(collection) == ["B", "C", "A"]
    assert list(collection.items.values_list("position", flat=True).order_by("position")) == [
        0,
        1,
        2,
    ]


def test_remove_an_item_keeps_the_resource_and_the_order(cora):
    collection = create(cora)
    for title in ("A", "B", "C"):
        services.add_to_collection(cora, collection, published(title))
    b = collection.items.get(resource__title__text="B")
    services.remove_from_collection(cora, collection, b)
    assert titles(collection) == ["A", "C"]
    assert sorted(collection.items.values_list("position", flat=True)) == [0, 1]
    assert b.resource.__class__.objects.filter(pk=b.resource_id).exists()
    with pytest.raises(ValidationError):
        services.remove_from_collection(cora, collection, b)


def test_set_an_items_note(cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("A"))
    services.set_item_note(cora, collection, item, "  Read chapter two.  ")
    item.refresh_from_db()
    assert item.note == "Read chapter two."


def test_member_cannot_change_items(alice, cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("A"))
    for call in (
        lambda: services.add_to_collection(alice, collection, published("B")),
        lambda: services.remove_from_collection(alice, collection, item),
        lambda: services.move_item(alice, collection, item, 1),
        lambda: services.set_item_note(alice, collection, item, "Mine"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert titles(collection) == ["A"]


def test_item_changes_are_in_the_audit_log(cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("A"))
    services.set_item_note(cora, collection, item, "Note")
    services.remove_from_collection(cora, collection, item)
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "library.collection.add",
        "library.collection.note",
        "library.collection.remove",
    } <= actions


# Pages: list and collection -----------------------------------------------------------------


def test_list_is_public_and_counts_published_items(client, cora):
    collection = create(cora, description="Tools for new publics.")
    services.add_to_collection(cora, collection, published("A"))
    item = services.add_to_collection(cora, collection, published("B"))
    item.resource.status = Status.WITHDRAWN
    item.resource.save()
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{collection.get_absolute_url()}"' in html
    assert "Tools for new publics." in html
    assert "1 resource" in html
    assert NEW not in html


def test_list_offers_creation_to_curators_only(client, alice, cora, mona):
    client.force_login(alice)
    assert NEW not in client.get(LIST).content.decode()
    for person in (cora, mona):
        client.force_login(person)
        assert NEW in client.get(LIST).content.decode()


def test_list_paginates(client, db):
    for number in range(21):
        CollectionFactory(title=MultilingualText(f"Shelf {number:02d}", "en"))
    assert "Page 1 of 2" in client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert second.count('<h2 class="card-title">') == 1


def test_list_queries_do_not_grow(client, db):
    programme = ProgrammeFactory()
    CollectionFactory(programme=programme)
    one, several = assert_same_queries(
        lambda: client.get(LIST), lambda: CollectionFactory.create_batch(3, programme=programme)
    )
    assert several.content.decode().count('<h2 class="card-title">') == 4


def test_collection_page_shows_published_items_in_order_with_notes(client, cora):
    collection = create(cora)
    for title in ("First", "Second", "Third"):
        services.add_to_collection(cora, collection, published(title), note=f"About {title}.")
    hidden = collection.items.get(resource__title__text="Second").resource
    hidden.status = Status.WITHDRAWN
    hidden.save()
    third = collection.items.get(resource__title__text="Third")
    services.move_item(cora, collection, third, -1)
    services.move_item(cora, collection, third, -1)
    response = client.get(collection.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">Third<") < html.index(">First<")
    assert "About Third." in html and "About First." in html
    assert "Second" not in html
    assert "Edit the collection" not in html


def test_collection_page_escapes_what_curators_write(client, cora):
    collection = create(cora, title="<script>alert(1)</script>")
    services.add_to_collection(cora, collection, published("A"), note="<b>bold</b>")
    html = client.get(collection.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_collection_page_offers_editing_to_its_curators(client, cora, alice):
    collection = create(cora)
    client.force_login(cora)
    edit = reverse("library:collection-edit", args=[collection.slug])
    assert edit in client.get(collection.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert edit not in client.get(collection.get_absolute_url()).content.decode()


def test_unknown_collection_is_not_found(client, db):
    assert client.get("/library/collections/nothing-here/").status_code == 404


def test_collection_page_queries_do_not_grow(client, cora):
    collection = create(cora, programme=ProgrammeFactory())

    def add_items(first, n):
        for number in range(first, first + n):
            resource = PublishedResourceFactory(programme=collection.programme)
            resource.authors.create(name=f"Author {number}")
            services.add_to_collection(cora, collection, resource, note=f"Note {number}")

    add_items(0, 1)
    one, several = assert_same_queries(
        lambda: client.get(collection.get_absolute_url()), lambda: add_items(1, 3)
    )
    html = several.content.decode()
    assert html.count("Curator&#x27;s note:") + html.count("Curator's note:") == 4
    assert html.count("Author ") == 4


# Pages: creating and editing ----------------------------------------------------------------


def test_create_page_is_for_curators(client, alice, cora):
    client.force_login(alice)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, {"title": "X", "language": "en"}).status_code == 403
    client.force_login(cora)
    assert client.get(NEW).status_code == 200
    assert not Collection.objects.exists()


def test_create_page_sends_visitors_to_log_in(client, db):
    assert client.get(NEW)["Location"].startswith("/accounts/login/")


def test_create_from_the_page(client, cora):
    client.force_login(cora)
    response = client.post(
        NEW, {"title": "Heritage toolkit", "language": "en", "description": "Old and new."}
    )
    collection = Collection.objects.get()
    assert response["Location"] == reverse("library:collection-edit", args=[collection.slug])
    assert collection.title.text == "Heritage toolkit"
    assert collection.programme is None


def test_create_page_shows_clear_errors(client, cora):
    client.force_login(cora)
    response = client.post(NEW, {"title": "", "language": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert not Collection.objects.exists()


def test_programme_coordinator_chooses_among_their_programmes(client, alice):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    client.force_login(alice)
    html = client.get(NEW).content.decode()
    assert f'value="{programme.pk}"' in html
    assert f'value="{other.pk}"' not in html
    response = client.post(NEW, {"title": "X", "language": "en", "programme": other.pk})
    assert response.status_code == 400
    assert not Collection.objects.exists()
    client.post(NEW, {"title": "X", "language": "en", "programme": programme.pk})
    assert Collection.objects.get().programme == programme


def edit_url(collection, *rest):
    name = "library:collection-" + ("edit" if not rest else rest[0])
    return reverse(name, args=[collection.slug, *rest[1:]])


def test_edit_page_is_for_the_collections_curators(client, alice, bob, cora):
    programme = ProgrammeFactory()
    collection = create(cora, programme=programme)
    client.force_login(alice)
    assert client.get(edit_url(collection)).status_code == 403
    assign_role(bob, "moderator", scope=programme)
    client.force_login(bob)
    assert client.get(edit_url(collection)).status_code == 200
    other = create(cora, title="Elsewhere", programme=ProgrammeFactory())
    assert client.get(edit_url(other)).status_code == 403


def test_edit_page_sends_visitors_to_log_in(client, cora):
    collection = create(cora)
    assert client.get(edit_url(collection))["Location"].startswith("/accounts/login/")


def test_edit_the_collections_details(client, cora):
    collection = create(cora)
    client.force_login(cora)
    response = client.post(
        edit_url(collection), {"title": "Renamed", "language": "en", "description": "New."}
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert (collection.title.text, collection.description.text) == ("Renamed", "New.")


def test_add_by_address_or_number_and_find_by_title(client, cora):
    collection = create(cora)
    first, second = published("Mapping audiences"), published("Audience surveys")
    client.force_login(cora)
    add = edit_url(collection, "item-add")
    client.post(add, {"add-resource": f"http://testserver{first.get_absolute_url()}"})
    client.post(add, {"add-resource": str(second.pk), "add-note": "Then this."})
    assert titles(collection) == ["Mapping audiences", "Audience surveys"]
    third = published("Audience panels")
    html = client.get(edit_url(collection), {"q": "audience"}).content.decode()
    assert f'name="add-resource" value="{third.pk}"' in html
    assert f'name="add-resource" value="{first.pk}"' not in html


def test_adding_an_unpublished_or_unknown_resource_says_so(client, cora):
    collection = create(cora)
    waiting = ResourceFactory(status=Status.SUBMITTED)
    client.force_login(cora)
    add = edit_url(collection, "item-add")
    for value in (str(waiting.pk), "999999", "not an address"):
        response = client.post(add, {"add-resource": value})
        assert response.status_code == 400
    html = response.content.decode()
    assert "Give the address of a resource in the library, or its number." in html
    assert not collection.items.exists()


def test_move_remove_and_note_from_the_page(client, cora):
    collection = create(cora)
    for title in ("A", "B"):
        services.add_to_collection(cora, collection, published(title))
    a = collection.items.get(resource__title__text="A")
    client.force_login(cora)
    client.post(edit_url(collection, "item-move", a.pk), {"direction": "down"})
    assert titles(collection) == ["B", "A"]
    client.post(edit_url(collection, "item-note", a.pk), {f"note-{a.pk}-note": "Last."})
    a.refresh_from_db()
    assert a.note == "Last."
    client.post(edit_url(collection, "item-remove", a.pk))
    assert titles(collection) == ["B"]


def test_a_bad_move_changes_nothing(client, cora):
    collection = create(cora)
    for title in ("A", "B"):
        services.add_to_collection(cora, collection, published(title))
    a = collection.items.get(resource__title__text="A")
    client.force_login(cora)
    response = client.post(edit_url(collection, "item-move", a.pk), {"direction": "sideways"})
    assert response.status_code == 302
    assert titles(collection) == ["A", "B"]


def test_item_of_another_collection_is_not_found(client, cora):
    collection, other = create(cora), create(cora, title="Other")
    item = services.add_to_collection(cora, other, published("A"))
    client.force_login(cora)
    response = client.post(edit_url(collection, "item-remove", item.pk))
    assert response.status_code == 404
    assert CollectionItem.objects.filter(pk=item.pk).exists()


def test_member_cannot_change_items_from_the_page(client, alice, cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("A"))
    client.force_login(alice)
    for url, data in (
        (edit_url(collection, "item-add"), {"add-resource": str(published("B").pk)}),
        (edit_url(collection, "item-move", item.pk), {"direction": "down"}),
        (edit_url(collection, "item-note", item.pk), {f"note-{item.pk}-note": "x"}),
        (edit_url(collection, "item-remove", item.pk), {}),
    ):
        assert client.post(url, data).status_code == 403
    assert titles(collection) == ["A"]
    item.refresh_from_db()
    assert item.note == ""
