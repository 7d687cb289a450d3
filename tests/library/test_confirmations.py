"""Removing a file and taking a resource out of a collection ask first: GET says what will
happen and changes nothing, POST does it; who may not still may not."""

import pytest
from django.urls import reverse

from atelier.library import files, services
from atelier.library.models import CollectionItem, ResourceFile
from tests.library import samples
from tests.library.test_collections import create, published
from tests.library.test_contribute import resource_with_audio
from tests.library.test_files import stored_paths

pytestmark = pytest.mark.django_db


def test_removing_a_file_asks_first_and_says_what_is_lost(client, alice, media_root):
    resource, audio = resource_with_audio(alice)
    client.force_login(alice)
    remove = reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
    html = client.get(remove).content.decode()
    assert "Remove “talk.ogg”?" in html
    assert "“talk.ogg” and its captions and transcripts are deleted from this resource" in html
    assert "This cannot be undone" in html
    assert f'<form method="post" action="{remove}">' in html
    assert ResourceFile.objects.filter(pk=audio.pk).exists()
    assert stored_paths(media_root) == [audio.file.name]


def test_removing_a_caption_asks_about_the_caption_alone(client, alice):
    resource, audio = resource_with_audio(alice)
    captions = files.store_upload(
        resource, samples.upload("c.vtt", samples.vtt("Hi")), role="captions", media=audio
    )
    client.force_login(alice)
    html = client.get(
        reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": captions.pk})
    ).content.decode()
    assert "“c.vtt” is deleted from this resource" in html
    assert ResourceFile.objects.filter(pk=captions.pk).exists()


def test_the_question_opens_as_a_dialog_for_htmx(client, alice):
    resource, audio = resource_with_audio(alice)
    client.force_login(alice)
    remove = reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
    page = client.get(reverse("library:files", kwargs={"pk": resource.pk})).content.decode()
    assert f'href="{remove}" hx-get="{remove}"' in page
    assert 'action="' + remove not in page  # the files page itself no longer removes at once
    dialog = client.get(remove, headers={"HX-Request": "true"}).content.decode()
    assert dialog.lstrip().startswith("<dialog")
    assert "Remove the file" in dialog


def test_another_member_may_not_see_the_question(client, alice, bob):
    resource, audio = resource_with_audio(alice)
    client.force_login(bob)
    remove = reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
    assert client.get(remove).status_code == 403
    client.logout()
    assert client.get(remove).status_code == 302  # to log in
    assert ResourceFile.objects.filter(pk=audio.pk).exists()


def test_taking_a_resource_out_of_a_collection_asks_first_then_does_it(client, cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("Mapping audiences"))
    remove = reverse("library:collection-item-remove", args=[collection.slug, item.pk])
    client.force_login(cora)
    edit = client.get(reverse("library:collection-edit", args=[collection.slug])).content.decode()
    assert f'hx-get="{remove}"' in edit
    html = client.get(remove).content.decode()
    assert "Take “Mapping audiences” out of “Audience development toolkit”?" in html
    assert "The resource stays in the library" in html
    assert CollectionItem.objects.filter(pk=item.pk).exists()
    response = client.post(remove)
    assert response["Location"] == reverse("library:collection-edit", args=[collection.slug])
    assert not CollectionItem.objects.filter(pk=item.pk).exists()


def test_a_member_may_not_take_items_out_of_a_collection(client, alice, cora):
    collection = create(cora)
    item = services.add_to_collection(cora, collection, published("Mapping audiences"))
    remove = reverse("library:collection-item-remove", args=[collection.slug, item.pk])
    client.force_login(alice)
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403
    assert CollectionItem.objects.filter(pk=item.pk).exists()
    other = create(cora, title="Another collection")
    client.force_login(cora)
    wrong = reverse("library:collection-item-remove", args=[other.slug, item.pk])
    assert client.get(wrong).status_code == 404


def test_the_withdraw_page_says_who_is_told(client, alice, mona):
    resource, _audio = resource_with_audio(alice)
    withdraw = reverse("library:withdraw", args=[resource.pk])
    client.force_login(alice)
    assert "Nobody else is told." in client.get(withdraw).content.decode()
    client.force_login(mona)
    html = client.get(withdraw).content.decode()
    assert "Its contributor is told, with the reason you give." in html
    resource.refresh_from_db()
    assert resource.status != "withdrawn"
