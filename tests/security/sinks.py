"""Every field people write, and every page and export that shows it: the one list the stored-
HTML test walks.

A *sink* writes a payload into some fields (``Writer``) and names the views that show them. A
text field of a model of ours (a ``CharField``, ``TextField`` or ``JSONField``, multilingual
text included) that is neither written by a sink nor listed in ``NOT_WRITTEN_BY_PEOPLE`` fails
``test_every_field_people_write_is_a_sink``: a new field joins here, or says why not.
"""

import itertools
from dataclasses import dataclass, field

from django.urls import reverse

from atelier.core.multilingual import MultilingualText

# Fields no person writes as free text: generated, derived, or taken from a fixed list.
# (Fields with ``choices`` are validated against them on every write and are left out.)
NOT_WRITTEN_BY_PEOPLE = {
    "core.Theme.slug": "taxonomy of the code",
    "core.AuditLogEntry.action": "set by the code",
    "core.AuditLogEntry.object_id": "a primary key",
    "core.AuditLogEntry.data": "what the services log; shown only in the admin",
    "accounts.User.password": "a hash",
    "accounts.User.languages": "language codes from a list",
    "network.Sector.slug": "taxonomy of the code",
    "network.Organisation.normalised_name": "derived from the name to find duplicates; not shown",
    "programmes.Programme.slug": "a slug, validated",
    "programmes.ImportRun.preview": "rows of an import file an admin uploads; see NOTE below",
    "programmes.ImportRun.summary": "counts made by the importer",
    "programmes.ImportRun.error": "the importer's own message",
    "programmes.ImportRun.original_name": "see NOTE below",
    "notifications.Notification.verb": "set by the code",
    "notifications.Notification.url": "a path the code reverses",
    "library.Podcast.slug": "a slug, validated",
    "library.Podcast.language": "a language code from a list",
    "library.Resource.audience": "values from Audience",
    "library.Resource.languages": "language codes from a list",
    "library.ResourceFile.language": "a language code from a list",
    "library.ResourceFile.mime_type": "sniffed from the file",
    "library.ResourceFile.sha256": "a hash",
    "library.Collection.slug": "a slug, validated",
    "library.ResourceFacet.key": "facet keys the index makes",
    "events.Event.slug": "a slug, validated",
    "events.Event.time_zone": "a zone from the zone list",
    "events.Event.languages": "language codes from a list",
    "events.Event.interpretation": "language codes from a list",
    "events.Registration.ticket_token": "generated",
    "events.Invitation.token": "generated",
    "events.Certificate.code": "generated",
    "events.Certificate.language": "a language code",
    "events.CalendarFeed.token": "generated",
    "experts.ExpertProfile.areas": "values from the areas list",
    "experts.ExpertProfile.languages": "language codes and levels from lists",
    "experts.ExpertProfile.countries": "country codes from a list",
    "experts.ExpertProfile.currency": "three letters; no attribute fits",
    "experts.ExpertProfile.visible_fields": "values from Visible",
    "experts.ExpertProfile.filter_keys": "derived for filtering; not shown",
    "experts.SupportRequest.areas": "values from the areas list",
    "experts.SupportRequest.languages": "language codes from a list",
    "experts.SupportRequest.currency": "three letters; no attribute fits",
    "experts.ConsultationOffer.areas": "values from the areas list",
    "experts.ConsultationOffer.languages": "language codes from a list",
    "calls.Call.slug": "a slug, validated",
    "calls.Call.time_zone": "a zone from the zone list",
    "calls.ApplicationFile.name": "a generated storage name",
    "calls.ApplicationFile.content_type": "sniffed from the file",
    "calls.ApplicationFile.sha256": "a hash",
    "plans.Plan.slug": "a slug, validated",
    "labs.Lab.slug": "a slug, validated",
    "labs.Lab.join_token": "generated",
    "labs.Table.language": "a language code from a list",
    "labs.Participant.guest_token": "generated",
    "labs.Participant.languages": "language codes from a list",
    "search.Entry.kind": "the registry's kinds",
    "search.Entry.title": "copied from the indexed item; its sink's search view shows it",
    "search.Entry.summary": "copied from the indexed item; its sink's search view shows it",
    "search.Entry.details": "copied from the indexed item; its sink's search view shows it",
    "search.Entry.url": "the indexed item's own address",
    "search.Entry.language": "a language code",
    "search.Entry.text_hash": "a hash",
    "search.Entry.embedded_hash": "a hash",
}
# NOTE: a programme import is an admin's upload; its preview page is not a page members write
# to. It is escaped like every template, but this list does not walk it.


@dataclass(frozen=True)
class View:
    """A GET a person makes, and how its answer is read: ``html`` (a page or an HTMX
    fragment), ``markdown``, ``rss`` (whose descriptions readers show as HTML), ``xml``
    (OAI-PMH) or ``json``."""

    viewer: object
    url: str
    kind: str = "html"


class Writer:
    """The payload as each field gets it, with a marker of the field's own, so the test can
    tell that every field reached a page."""

    def __init__(self, payload, fields):
        self.payload = payload
        self.markers = {name: f"zq7{_letters(i)}" for i, name in enumerate(fields)}

    def __call__(self, name, limit=None):
        text = self.payload.replace("{m}", self.markers[name])
        return text[:limit] if limit else text

    def ml(self, name):
        return MultilingualText(self(name), "en")

    def email(self, name):
        return f"{self(name)}@example.org"


def _letters(i):
    return "abcdefghijklmnopqrstuvwxyz"[i // 26] + "abcdefghijklmnopqrstuvwxyz"[i % 26]


@dataclass(frozen=True)
class Sink:
    name: str
    fields: tuple
    build: object  # (Writer, People) -> [View]
    # "text" fields take every payload; "url" fields the addresses.
    kind: str = "text"
    extra: dict = field(default_factory=dict)


class People:
    """The named users of tests/conftest.py a sink needs, made on first use."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


SINKS = []
_numbers = itertools.count()


def sink(*fields, kind="text"):
    def register(build):
        SINKS.append(Sink(build.__name__, fields, build, kind))
        return build

    return register


def url(name, *args, **query):
    path = reverse(name, args=args)
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query)
    return path


# -- accounts ---------------------------------------------------------------------------------


@sink(
    "accounts.User.display_name",
    "accounts.User.organisation",
    "accounts.User.bio",
    "accounts.User.email",
)
def person(w, people):
    from tests.factories import UserFactory

    user = UserFactory(
        display_name=w("accounts.User.display_name"),
        organisation=w("accounts.User.organisation"),
        bio=w("accounts.User.bio"),
        email=w.email("accounts.User.email"),
        is_public=True,
    )
    return [
        View(people.ada, url("accounts:profile", user.pk)),
        View(people.ada, url("network:people-list")),
        View(user, url("accounts:me")),
        View(user, url("accounts:edit-profile")),
    ]


# -- network and programmes -------------------------------------------------------------------


@sink(
    "network.Organisation.name",
    "network.Organisation.acronym",
    "network.Organisation.city",
    "network.Organisation.address",
    "network.Organisation.description",
)
def organisation(w, people):
    from tests.network.factories import OrganisationFactory

    # Names are unique per country once normalised, and some payloads normalise alike.
    organisation = OrganisationFactory(
        name=MultilingualText(f"{w('network.Organisation.name')} {next(_numbers)}", "en"),
        acronym=w("network.Organisation.acronym"),
        city=w("network.Organisation.city"),
        address=w("network.Organisation.address"),
        description=w.ml("network.Organisation.description"),
        latitude="46.05",
        longitude="14.5",
    )
    return [
        View(people.ada, url("network:organisation-list")),
        View(people.ada, url("network:organisation-detail", organisation.pk)),
        View(people.ada, url("network:organisation-map-data"), "json"),
        View(people.ada, url("search:search", q=w.markers["network.Organisation.name"])),
    ]


@sink("network.Organisation.website", kind="url")
def organisation_website(w, people):
    from tests.network.factories import OrganisationFactory

    organisation = OrganisationFactory(website=w("network.Organisation.website"))
    return [View(people.ada, url("network:organisation-detail", organisation.pk))]


@sink(
    "programmes.Programme.title",
    "programmes.Programme.acronym",
    "programmes.Programme.description",
    "programmes.Programme.funding_strand",
    "programmes.Programme.action_type",
    "programmes.Programme.identifier",
    "programmes.Programme.area",
    "programmes.Programme.scope",
)
def programme(w, people):
    from tests.programmes.factories import ProgrammeFactory

    programme = ProgrammeFactory(
        title=w.ml("programmes.Programme.title"),
        acronym=w("programmes.Programme.acronym"),
        description=w.ml("programmes.Programme.description"),
        funding_strand=w("programmes.Programme.funding_strand"),
        action_type=w("programmes.Programme.action_type"),
        identifier=w("programmes.Programme.identifier"),
        area=w.ml("programmes.Programme.area"),
        scope=w.ml("programmes.Programme.scope"),
    )
    return [
        View(people.ada, url("programmes:list")),
        View(people.ada, url("programmes:detail", programme.slug)),
        View(people.ada, url("core:home")),
        View(people.ada, url("search:search", q=w.markers["programmes.Programme.title"])),
    ]


@sink("programmes.Programme.website", kind="url")
def programme_website(w, people):
    from tests.programmes.factories import ProgrammeFactory

    programme = ProgrammeFactory(website=w("programmes.Programme.website"))
    return [View(people.ada, url("programmes:detail", programme.slug))]


# -- notifications (their text quotes titles people wrote) ---------------------------------------


@sink("notifications.Notification.title", "notifications.Notification.body")
def notification(w, people):
    from atelier.notifications.services import notify

    notify(
        people.alice,
        "test",
        title=w("notifications.Notification.title"),
        body=w("notifications.Notification.body"),
        email=False,
    )
    return [
        View(people.alice, url("notifications:list")),
        View(people.alice, url("notifications:unread")),
    ]


# -- library ----------------------------------------------------------------------------------


@sink(
    "library.Resource.title",
    "library.Resource.abstract",
    "library.Resource.body",
    "library.ResourceAuthor.name",
    "library.ResourceFile.original_name",
    "library.ResourceFile.label",
    "library.ResourceFile.extracted_text",
    "library.ModerationEvent.message",
)
def resource(w, people):
    from atelier.library import search
    from atelier.library.models import ModerationEvent, ResourceAuthor, ResourceFile
    from atelier.library.oai import oai_identifier
    from tests.library.factories import PublishedResourceFactory

    resource = PublishedResourceFactory(
        title=w.ml("library.Resource.title"),
        abstract=w.ml("library.Resource.abstract"),
        body=w.ml("library.Resource.body"),
        contributor=people.alice,
    )
    ResourceAuthor.objects.create(resource=resource, name=w("library.ResourceAuthor.name"))
    ResourceFile.objects.create(
        resource=resource,
        file="library/files/x.pdf",
        original_name="notes.pdf",
        label=w("library.ResourceFile.label"),
        mime_type="application/pdf",
        size=1000,
        extraction=ResourceFile.Extraction.DONE,
        extracted_text="Notes on audiences " + w("library.ResourceFile.extracted_text"),
    )
    ResourceFile.objects.create(
        resource=resource,
        file="library/files/y.pdf",
        original_name=w("library.ResourceFile.original_name"),
        mime_type="application/pdf",
        size=1000,
        position=1,
    )
    ModerationEvent.objects.create(
        resource=resource,
        action=ModerationEvent.Action.APPROVED,
        actor=people.mona,
        message=w("library.ModerationEvent.message"),
    )
    search.index_resource(resource)
    title = w.markers["library.Resource.title"]
    return [
        View(people.ada, url("library:list")),
        View(people.ada, url("library:list", q=title)),
        View(people.ada, url("library:list", q=w.markers["library.ResourceFile.extracted_text"])),
        View(people.ada, url("library:resource", resource.pk)),
        View(people.ada, url("library:history", resource.pk)),
        View(people.ada, url("library:review", resource.pk)),
        View(people.alice, url("library:mine")),
        View(people.ada, url("core:home")),
        View(people.ada, url("search:search", q=title)),
        View(
            people.ada,
            url(
                "library-oai",
                verb="GetRecord",
                identifier=oai_identifier(resource.pk),
                metadataPrefix="oai_dc",
            ),
            "xml",
        ),
    ]


@sink("library.Resource.licence_url", "library.Resource.external_url", kind="url")
def resource_links(w, people):
    from tests.library.factories import PublishedResourceFactory

    resource = PublishedResourceFactory(
        licence="other",
        licence_url=w("library.Resource.licence_url"),
        external_url=w("library.Resource.external_url"),
    )
    return [
        View(people.ada, url("library:resource", resource.pk)),
        View(people.ada, url("library:review", resource.pk)),
    ]


@sink("library.Resource.title", "library.Resource.body")
def submitted_resource(w, people):
    from tests.library.factories import ResourceFactory

    resource = ResourceFactory(
        title=w.ml("library.Resource.title"),
        body=w.ml("library.Resource.body"),
        contributor=people.alice,
    )
    return [
        View(people.mona, url("library:moderation")),
        View(people.mona, url("library:review", resource.pk)),
    ]


@sink(
    "library.Podcast.title",
    "library.Podcast.description",
    "library.Podcast.category",
    "library.Podcast.subcategory",
    "library.Podcast.author",
    "library.Podcast.owner_name",
    "library.Podcast.owner_email",
    "library.Resource.title",
    "library.Resource.abstract",
    "library.Resource.body",
)
def podcast(w, people):
    from atelier.library.models import Kind, ResourceFile
    from tests.library.factories import PodcastFactory, PublishedResourceFactory

    podcast = PodcastFactory(
        title=w.ml("library.Podcast.title"),
        description=w.ml("library.Podcast.description"),
        category=w("library.Podcast.category"),
        subcategory=w("library.Podcast.subcategory"),
        author=w("library.Podcast.author"),
        owner_name=w("library.Podcast.owner_name"),
        owner_email=w.email("library.Podcast.owner_email"),
    )
    episode = PublishedResourceFactory(
        kind=Kind.PODCAST_EPISODE,
        podcast=podcast,
        title=w.ml("library.Resource.title"),
        abstract=w.ml("library.Resource.abstract"),
        body=w.ml("library.Resource.body"),
    )
    ResourceFile.objects.create(
        resource=episode, file="library/files/e.mp3", mime_type="audio/mpeg", size=1000
    )
    return [
        View(people.ada, url("library:podcasts")),
        View(people.ada, url("library:podcast", podcast.slug)),
        View(people.ada, url("library-podcast-feed", podcast.slug), "rss"),
    ]


@sink("library.Podcast.website", kind="url")
def podcast_website(w, people):
    from tests.library.factories import PodcastFactory

    podcast = PodcastFactory(website=w("library.Podcast.website"))
    return [View(people.ada, url("library:podcast", podcast.slug))]


@sink(
    "library.Collection.title",
    "library.Collection.description",
    "library.CollectionItem.note",
)
def collection(w, people):
    from atelier.library.models import CollectionItem
    from tests.library.factories import CollectionFactory, PublishedResourceFactory

    collection = CollectionFactory(
        title=w.ml("library.Collection.title"),
        description=w.ml("library.Collection.description"),
        curator=people.mona,
    )
    CollectionItem.objects.create(
        collection=collection,
        resource=PublishedResourceFactory(),
        note=w("library.CollectionItem.note"),
    )
    return [
        View(people.ada, url("library:collections")),
        View(people.ada, url("library:collection", collection.slug)),
        View(people.mona, url("library:collection-edit", collection.slug)),
    ]
