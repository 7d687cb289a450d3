"""Contributing and editing a resource through its pages, and managing its files."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from atelier.accounts.services import assign_role
from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.library import files
from atelier.library.models import ModerationEvent, Resource, ResourceAuthor, ResourceFile, Status
from atelier.network.models import Sector
from tests.library import samples
from tests.library.factories import PodcastFactory, PublishedResourceFactory, ResourceFactory
from tests.library.samples import upload
from tests.library.test_files import stored_paths
from tests.network.factories import OrganisationFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

CONTRIBUTE = reverse("library:contribute")


def form_data(**overrides):
    data = {
        "kind": "toolkit",
        "language": "en",
        "title": "Audience development toolkit",
        "abstract": "How small venues reach new audiences.",
        "body": "",
        "authors": "",
        "licence": "cc-by",
        "licence_url": "",
        "external_url": "",
        "published_on": "2024-05-01",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def submit(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CONTRIBUTE, form_data(**overrides))


# Who may ---------------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in_before_contributing(client):
    response = client.get(CONTRIBUTE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_visitor_cannot_post_a_contribution(client, media_root):
    response = client.post(CONTRIBUTE, form_data(files=upload("toolkit.pdf", samples.pdf())))
    assert response.status_code == 302
    assert Resource.objects.count() == 0
    assert stored_paths(media_root) == []


def test_a_member_sees_the_contribution_form(client, alice):
    client.force_login(alice)
    response = client.get(CONTRIBUTE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Contribute a resource" in content
    assert 'name="files"' in content and "multiple" in content
    assert 'enctype="multipart/form-data"' in content
    # No podcast of theirs: a member adds episodes only to podcasts they manage.
    assert list(response.context["form"].fields["podcast"].queryset) == []


# Contributing -----------------------------------------------------------------------------------


def test_a_member_submits_a_pdf_toolkit_that_awaits_review(
    client, alice, media_root, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    heritage, music = Theme.objects.all()[:2]
    sector = Sector.objects.first()
    programme = ProgrammeFactory()
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        files=upload("Toolkit (final).pdf", samples.pdf("Participatory budgeting in Plovdiv")),
        authors="Maria Ivanova\n  Plovdiv 2019 Foundation  \nMaria Ivanova",
        themes=[heritage.pk, music.pk],
        sectors=[sector.pk],
        audience=["cultural-workers", "trainers"],
        countries=["BG", "RO"],
        languages=["en", "bg"],
        programme=programme.pk,
    )
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("library:resource", kwargs={"pk": resource.pk})
    assert messages_of(response) == [
        "Thank you! Your resource awaits review by a moderator. You will be told when it is "
        "published."
    ]
    assert resource.status == Status.SUBMITTED
    assert resource.contributor == alice
    assert resource.title == MultilingualText("Audience development toolkit", "en")
    assert resource.abstract == MultilingualText("How small venues reach new audiences.", "en")
    assert resource.programme == programme
    assert set(resource.themes.all()) == {heritage, music}
    assert list(resource.sectors.all()) == [sector]
    assert resource.audience == ["cultural-workers", "trainers"]
    assert [country.code for country in resource.countries] == ["BG", "RO"]
    assert resource.languages == ["en", "bg"]
    assert str(resource.published_on) == "2024-05-01"
    assert [author.name for author in resource.authors.all()] == [
        "Maria Ivanova",
        "Plovdiv 2019 Foundation",
    ]
    stored = resource.files.get()
    assert stored.original_name == "Toolkit (final).pdf"
    assert stored.extraction == ResourceFile.Extraction.DONE
    assert "Participatory budgeting in Plovdiv" in stored.extracted_text
    assert stored.file.name in stored_paths(media_root)


def test_a_coordinators_contribution_is_published_at_once(
    client, cora, django_capture_on_commit_callbacks
):
    client.force_login(cora)
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        files=upload("toolkit.pdf", samples.pdf()),
    )
    assert messages_of(response) == ["Your resource is published."]
    assert Resource.objects.get().status == Status.PUBLISHED


def test_an_author_matching_an_organisation_of_the_directory_is_linked(
    client, alice, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name=MultilingualText("Fondacija Kulturni Centar", "sr"))
    client.force_login(alice)
    submit(
        client,
        django_capture_on_commit_callbacks,
        external_url="https://example.org/toolkit",
        authors="FONDACIJA  kulturni centar\nAna Novak",
    )
    first, second = ResourceAuthor.objects.order_by("position")
    assert (first.organisation, first.name) == (organisation, "")
    assert (second.organisation, second.name) == (None, "Ana Novak")


def test_a_link_needs_only_its_address(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    response = submit(
        client,
        django_capture_on_commit_callbacks,
        kind="link",
        external_url="https://culture.ec.europa.eu/",
    )
    assert response.status_code == 302
    assert Resource.objects.get().external_url == "https://culture.ec.europa.eu/"


def test_several_files_are_stored_in_the_order_given(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    submit(
        client,
        django_capture_on_commit_callbacks,
        files=[
            upload("guide.docx", samples.docx("Guide")),
            upload("talk.ogg", samples.sample("hello.ogg")),
            upload("photo.png", samples.image()),
        ],
    )
    stored = list(Resource.objects.get().files.order_by("position"))
    assert [(each.original_name, each.mime_type) for each in stored] == [
        ("guide.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("talk.ogg", "audio/ogg"),
        ("photo.png", "image/png"),
    ]
    assert stored[1].duration_seconds == 2
    assert stored[2].thumbnail


def test_a_cover_image_is_stored_as_webp(client, alice, django_capture_on_commit_callbacks):
    client.force_login(alice)
    submit(
        client,
        django_capture_on_commit_callbacks,
        external_url="https://example.org/",
        cover=upload("cover.jpg", samples.image("JPEG")),
    )
    assert Resource.objects.get().cover.name.endswith(".webp")


def test_a_body_is_sanitised_and_a_script_in_the_title_stays_text(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    submit(
        client,
        django_capture_on_commit_callbacks,
        external_url="https://example.org/",
        title="<script>alert('title')</script>",
        body=(
            '<p onclick="steal()">Hello <a href="javascript:alert(1)">link</a></p>'
            "<script>x</script>"
        ),
    )
    resource = Resource.objects.get()
    assert resource.title.text == "<script>alert('title')</script>"
    # Handlers and javascript: links go; the script someone wrote is shown as text.
    assert resource.body.text == (
        '<p>Hello <a rel="noopener noreferrer nofollow">link</a></p>&lt;script&gt;x&lt;/script&gt;'
    )
    page = client.get(reverse("library:edit", kwargs={"pk": resource.pk})).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    resource.status = Status.PUBLISHED
    resource.save()
    shown = client.get(resource.get_absolute_url()).content.decode()
    assert "<script>x</script>" not in shown
    assert "&lt;script&gt;x&lt;/script&gt;" in shown


def test_podcast_fields_are_kept_for_a_podcast_episode_of_a_podcast_one_manages(
    client, cora, django_capture_on_commit_callbacks
):
    podcast = PodcastFactory()
    client.force_login(cora)
    submit(
        client,
        django_capture_on_commit_callbacks,
        kind="podcast-episode",
        files=upload("episode.mp3", samples.sample("hello.mp3")),
        podcast=podcast.pk,
        season="2",
        episode_number="5",
        explicit="on",
    )
    resource = Resource.objects.get()
    assert (resource.podcast, resource.season, resource.episode_number, resource.explicit) == (
        podcast,
        2,
        5,
        True,
    )


def test_podcast_fields_are_dropped_for_other_types(
    client, cora, django_capture_on_commit_callbacks
):
    podcast = PodcastFactory()
    client.force_login(cora)
    submit(
        client,
        django_capture_on_commit_callbacks,
        external_url="https://example.org/",
        podcast=podcast.pk,
        season="2",
        explicit="on",
    )
    resource = Resource.objects.get()
    assert (resource.podcast, resource.season, resource.explicit) == (None, None, False)


def test_a_member_cannot_add_an_episode_to_someone_elses_podcast(client, alice):
    podcast = PodcastFactory()
    client.force_login(alice)
    response = client.post(
        CONTRIBUTE,
        form_data(
            kind="podcast-episode",
            files=upload("episode.mp3", samples.sample("hello.mp3")),
            podcast=podcast.pk,
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["podcast"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Resource.objects.count() == 0


# Errors -----------------------------------------------------------------------------------------


def refused(client, media_root, **overrides):
    response = client.post(CONTRIBUTE, form_data(**overrides))
    assert response.status_code == 400
    assert "The resource was not submitted. Please correct what is marked below." in (
        response.content.decode()
    )
    assert Resource.objects.count() == 0
    assert ResourceFile.objects.count() == 0
    assert stored_paths(media_root) == []
    return response.context["form"].errors


def test_a_title_is_required(client, alice, media_root):
    client.force_login(alice)
    errors = refused(client, media_root, title="  ", files=upload("a.pdf", samples.pdf()))
    assert errors == {"title": ["This field is required."]}


def test_a_resource_needs_a_file_or_a_link(client, alice, media_root):
    client.force_login(alice)
    assert refused(client, media_root) == {"files": ["Add at least one file or an external link."]}


def test_a_link_needs_its_address(client, alice, media_root):
    client.force_login(alice)
    assert refused(client, media_root, kind="link") == {
        "external_url": ["A link needs its address."]
    }


def test_another_licence_needs_its_address(client, alice, media_root):
    client.force_login(alice)
    errors = refused(
        client, media_root, licence="other", external_url="https://example.org/resource"
    )
    assert errors == {"licence_url": ["Give the address of the licence."]}


def test_a_program_renamed_pdf_is_refused_with_a_clear_message(client, alice, media_root):
    client.force_login(alice)
    errors = refused(
        client,
        media_root,
        files=[
            upload("toolkit.pdf", samples.pdf()),
            upload("setup.pdf", samples.windows_program(), "application/pdf"),
        ],
    )
    assert errors == {
        "files": [
            "“setup.pdf” is a program or a script, not a document. Programs are never accepted."
        ]
    }


def test_html_with_a_script_named_txt_is_refused(client, alice, media_root):
    client.force_login(alice)
    errors = refused(
        client, media_root, files=upload("notes.txt", b"<html><script>alert(1)</script></html>")
    )
    assert list(errors) == ["files"]


def test_a_docx_zip_bomb_is_refused(client, alice, media_root):
    client.force_login(alice)
    errors = refused(client, media_root, files=upload("report.docx", samples.zip_bomb_docx()))
    assert "zip bomb" in errors["files"][0]


def test_a_file_over_the_limit_is_refused(client, alice, media_root, settings):
    settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES = 500
    client.force_login(alice)
    errors = refused(client, media_root, files=upload("big.pdf", samples.pdf("x" * 600)))
    assert errors["files"][0].startswith("“big.pdf” is too large")
    assert errors["files"][0].endswith("The limit is 500\xa0bytes.")


def test_a_cover_that_is_not_a_picture_is_refused(client, alice, media_root):
    client.force_login(alice)
    errors = refused(
        client,
        media_root,
        external_url="https://example.org/",
        cover=upload("cover.png", samples.pdf()),
    )
    assert errors == {"cover": ["“cover.png” is not a JPEG, PNG or WebP picture."]}


def test_a_name_with_folders_is_cleaned(
    client, alice, media_root, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    submit(
        client,
        django_capture_on_commit_callbacks,
        files=upload("../../../etc/toolkit.pdf", samples.pdf()),
    )
    stored = ResourceFile.objects.get()
    assert stored.original_name == "toolkit.pdf"
    assert all(path.startswith("library/") for path in stored_paths(media_root))


def test_a_broken_pdf_is_kept_and_its_text_could_not_be_extracted(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    response = submit(
        client, django_capture_on_commit_callbacks, files=upload("broken.pdf", samples.broken_pdf())
    )
    assert response.status_code == 302
    stored = ResourceFile.objects.get()
    assert stored.get_extraction_display() == "Text could not be extracted"


# Editing ----------------------------------------------------------------------------------------


def alices_resource(alice, **fields):
    resource = ResourceFactory(contributor=alice, **fields)
    resource.title.translate("bg", "Инструментариум")
    resource.save()
    return resource


def test_a_visitor_is_sent_to_log_in_before_editing(client, alice):
    resource = alices_resource(alice)
    response = client.get(reverse("library:edit", kwargs={"pk": resource.pk}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_another_member_may_not_edit(client, alice, bob):
    resource = alices_resource(alice)
    client.force_login(bob)
    url = reverse("library:edit", kwargs={"pk": resource.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(title="Taken over")).status_code == 403
    resource.refresh_from_db()
    assert resource.title.text != "Taken over"


def test_the_edit_form_shows_the_resource(client, alice):
    resource = alices_resource(alice, countries=["SI"], audience=["artists"])
    client.force_login(alice)
    response = client.get(reverse("library:edit", kwargs={"pk": resource.pk}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == resource.title.text
    assert form["countries"].value() == ["SI"]
    assert form["audience"].value() == ["artists"]


def test_a_contributor_edits_and_translations_of_an_unchanged_title_stay(
    client, alice, django_capture_on_commit_callbacks
):
    resource = alices_resource(alice)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:edit", kwargs={"pk": resource.pk}),
            form_data(
                title=resource.title.text,
                abstract="A new abstract.",
                external_url="https://example.org/toolkit",
                files=upload("extra.odt", samples.odt("An extra chapter.")),
            ),
        )
    assert response.status_code == 302
    assert messages_of(response) == [
        "Your changes are saved. The resource awaits review by a moderator."
    ]
    resource.refresh_from_db()
    assert resource.title.get("bg") == "Инструментариум"
    assert resource.abstract.text == "A new abstract."
    assert resource.files.get().extracted_text == "An extra chapter."


def test_an_edit_after_a_request_for_changes_goes_back_to_review(
    client, alice, django_capture_on_commit_callbacks
):
    resource = alices_resource(alice, status=Status.CHANGES_REQUESTED)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:edit", kwargs={"pk": resource.pk}),
            form_data(title="Better title", external_url="https://example.org/toolkit"),
        )
    assert messages_of(response) == [
        "Your changes are saved. The resource awaits review by a moderator."
    ]
    resource.refresh_from_db()
    assert resource.status == Status.SUBMITTED
    assert resource.history.last().action == ModerationEvent.Action.RESUBMITTED


def test_a_moderator_may_edit_anyones_resource(client, alice, mona):
    resource = alices_resource(alice)
    client.force_login(mona)
    response = client.post(
        reverse("library:edit", kwargs={"pk": resource.pk}),
        form_data(title="Clearer title", external_url="https://example.org/toolkit"),
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title.text == "Clearer title"


def test_an_edit_with_a_bad_file_changes_nothing(client, alice, media_root):
    resource = alices_resource(alice)
    client.force_login(alice)
    response = client.post(
        reverse("library:edit", kwargs={"pk": resource.pk}),
        form_data(
            title="Changed", external_url=resource.external_url, files=upload("x.svg", b"<svg/>")
        ),
    )
    assert response.status_code == 400
    assert "The changes were not saved." in response.content.decode()
    resource.refresh_from_db()
    assert resource.title.text != "Changed"
    assert stored_paths(media_root) == []


# Files page -------------------------------------------------------------------------------------


def resource_with_audio(alice):
    resource = alices_resource(alice, kind="audio")
    audio = files.store_upload(resource, upload("talk.ogg", samples.sample("hello.ogg")))
    return resource, audio


def test_a_contributor_attaches_captions_to_a_recording(
    client, alice, django_capture_on_commit_callbacks
):
    resource, audio = resource_with_audio(alice)
    client.force_login(alice)
    url = reverse("library:files", kwargs={"pk": resource.pk})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "media": audio.pk,
                "role": "captions",
                "language": "en",
                "label": "English",
                "file": upload("talk.vtt", samples.vtt("Hello from the library.")),
            },
        )
    assert response.status_code == 302
    assert messages_of(response) == ["The file is attached."]
    captions = audio.tracks.get()
    assert (captions.role, captions.language, captions.label, captions.mime_type) == (
        "captions",
        "en",
        "English",
        "text/vtt",
    )
    assert captions.extracted_text == "Hello from the library."


def test_captions_that_are_not_webvtt_are_refused(client, alice, media_root):
    resource, audio = resource_with_audio(alice)
    client.force_login(alice)
    response = client.post(
        reverse("library:files", kwargs={"pk": resource.pk}),
        {"media": audio.pk, "role": "captions", "language": "en", "file": upload("c.txt", b"Hi")},
    )
    assert response.status_code == 400
    assert response.context["track_form"].errors == {
        "file": ["“c.txt” cannot be used as Captions (WebVTT): upload a WebVTT file."]
    }
    assert stored_paths(media_root) == [audio.file.name]


def test_another_member_may_not_manage_the_files(client, alice, bob):
    resource, audio = resource_with_audio(alice)
    client.force_login(bob)
    assert client.get(reverse("library:files", kwargs={"pk": resource.pk})).status_code == 403
    remove = reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
    assert client.post(remove).status_code == 403
    assert ResourceFile.objects.filter(pk=audio.pk).exists()


def test_a_visitor_is_sent_to_log_in_before_managing_files(client, alice):
    resource, _audio = resource_with_audio(alice)
    response = client.get(reverse("library:files", kwargs={"pk": resource.pk}))
    assert response.status_code == 302


def test_removing_a_file_deletes_it_and_its_captions_from_disk(
    client, alice, media_root, django_capture_on_commit_callbacks
):
    resource, audio = resource_with_audio(alice)
    files.store_upload(resource, upload("c.vtt", samples.vtt("Hi")), role="captions", media=audio)
    kept = files.store_upload(resource, upload("toolkit.pdf", samples.pdf()))
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
        )
    assert response.status_code == 302
    assert messages_of(response) == ["“talk.ogg” is removed."]
    assert list(resource.files.all()) == [kept]
    assert stored_paths(media_root) == [kept.file.name]
    assert resource.history.last().action == ModerationEvent.Action.EDITED


def test_the_last_file_of_a_resource_without_a_link_stays(client, alice, media_root):
    resource, audio = resource_with_audio(alice)
    Resource.objects.filter(pk=resource.pk).update(external_url="")
    client.force_login(alice)
    response = client.post(
        reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": audio.pk})
    )
    assert messages_of(response) == [
        "A resource needs at least one file or an external link. Add another file or a link "
        "before removing this one."
    ]
    assert ResourceFile.objects.filter(pk=audio.pk).exists()
    assert stored_paths(media_root) == [audio.file.name]


def test_removing_a_file_of_another_resource_is_not_found(client, alice):
    resource, _audio = resource_with_audio(alice)
    other = files.store_upload(ResourceFactory(contributor=alice), upload("a.pdf", samples.pdf()))
    client.force_login(alice)
    response = client.post(
        reverse("library:file-remove", kwargs={"pk": resource.pk, "file_pk": other.pk})
    )
    assert response.status_code == 404


def test_the_files_page_of_a_published_resource_lists_its_files(client, mona):
    resource = PublishedResourceFactory()
    files.store_upload(resource, upload("toolkit.pdf", samples.pdf()))
    client.force_login(mona)
    response = client.get(reverse("library:files", kwargs={"pk": resource.pk}))
    assert "toolkit.pdf" in response.content.decode()
    # No recording: nothing to attach captions to.
    assert response.context["track_form"] is None


def test_a_programme_moderator_may_edit_resources_of_their_programme(client, alice, bob):
    programme = ProgrammeFactory()
    assign_role(bob, "moderator", programme)
    resource = alices_resource(alice, programme=programme)
    client.force_login(bob)
    assert client.get(reverse("library:edit", kwargs={"pk": resource.pk})).status_code == 200


# Query counts -----------------------------------------------------------------------------------


def test_the_files_page_takes_the_same_queries_however_many_files(client, alice):
    resource = alices_resource(alice, kind="audio")

    def add_recordings(first, n):
        for number in range(first, first + n):
            audio = files.store_upload(
                resource, upload(f"{number}.ogg", samples.sample("hello.ogg"))
            )
            files.store_upload(
                resource, upload("c.vtt", samples.vtt("Hi")), role="captions", media=audio
            )

    add_recordings(0, 1)
    client.force_login(alice)
    one, several = assert_same_queries(
        lambda: client.get(reverse("library:files", kwargs={"pk": resource.pk})),
        lambda: add_recordings(1, 3),
    )
    assert several.content.decode().count("Captions (WebVTT)") >= 4


def test_the_contribution_form_takes_few_queries(client, cora):
    PodcastFactory.create_batch(1)
    client.force_login(cora)
    one, several = assert_same_queries(
        lambda: client.get(CONTRIBUTE), lambda: PodcastFactory.create_batch(3)
    )
    assert len(several.context["form"].fields["podcast"].queryset) == 4
