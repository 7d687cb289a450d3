"""Every field people write, and every page and export that shows it: the one list the stored-
HTML test walks.

A *sink* writes a payload into some fields (``Writer``) and names the views that show them. A
text field of a model of ours (a ``CharField``, ``TextField`` or ``JSONField``, multilingual
text included) that is neither written by a sink nor listed in ``NOT_SINKS`` fails
``test_every_field_people_write_is_a_sink``: a new field joins here, or says why not.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from atelier.core.multilingual import MultilingualText

# Fields that are no sink, and why: no person writes them as free text (generated, derived,
# taken from a fixed list), or no page shows them. Fields with ``choices`` are validated
# against them on every write and are left out.
NOT_SINKS = {
    "core.Theme.slug": "taxonomy of the code",
    "core.AuditLogEntry.action": "set by the code",
    "core.AuditLogEntry.object_id": "a primary key",
    "core.AuditLogEntry.data": "what the services log; shown only in the admin",
    "accounts.User.password": "a hash",
    "accounts.User.languages": "language codes from a list",
    "network.Sector.slug": "taxonomy of the code",
    "network.Organisation.normalised_name": "derived from the name to find duplicates; not shown",
    "programmes.Programme.slug": "a slug, validated",
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
    "events.Event.slug": "a slug, validated",
    "events.Event.time_zone": "a zone from the zone list",
    "events.Event.languages": "language codes from a list",
    "events.Event.interpretation": "language codes from a list",
    "events.Session.description": "no page, export or API shows it yet",
    "events.Registration.ticket_token": "generated",
    "events.Invitation.token": "generated",
    "events.Certificate.code": "generated",
    "events.Certificate.language": "a language code",
    "events.CalendarFeed.token": "generated",
    "events.EventMessage.audiences": "values from a list",
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
    "experts.ConsultationOffer.topics": "values from Topic, checked by the services",
    "calls.Call.slug": "a slug, validated",
    "calls.Call.time_zone": "a zone from the zone list",
    "calls.ApplicationFile.name": "a generated storage name",
    "calls.ApplicationFile.content_type": "sniffed from the file",
    "calls.ApplicationFile.sha256": "a hash",
    "plans.Plan.slug": "a slug, validated",
    "plans.ImportRun.content": "the uploaded CSV, read by the task worker; shown on no page",
    "plans.ImportRun.created_objects": "[kind, id] pairs the importer sets; pages show titles",
    "plans.ImportRun.updated_objects": "[kind, id] pairs the importer sets; pages show titles",
    "programmes.ImportRun.created_objects": "[kind, id] pairs the importer sets",
    "programmes.ImportRun.updated_objects": "[kind, id] pairs the importer sets",
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
    "search.Facet.key": "facet keys the index makes",
    "search.KindState.kind": "the registry's kinds",
    "search.KindState.generation": "generated",
}


@dataclass(frozen=True)
class View:
    """A GET a person makes, and how its answer is read: ``html`` (a page or an HTMX
    fragment), ``markdown``, ``rss`` (whose descriptions readers show as HTML), ``xml``
    (OAI-PMH) or ``json``."""

    viewer: object
    url: str
    kind: str = "html"


class Writer:
    """What each field of a sink gets this time: ``texts`` maps a field to its text (one or
    more payloads, carrying the field's own marker, so the test can tell that the field
    reached a page)."""

    def __init__(self, texts, markers):
        self.texts = texts
        self.markers = markers

    def __call__(self, name):
        return self.texts[name]

    def ml(self, name):
        return MultilingualText(self(name), "en")

    def email(self, name):
        # Unique, as an address must be, when a field's texts come round again.
        return f"{next(_numbers):06d}{self(name)}@example.org"


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
        name=MultilingualText(f"{next(_numbers)} {w('network.Organisation.name')}", "en"),
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


@sink("programmes.Programme.kept_by", "programmes.Invitation.email")
def ended_programme(w, people):
    # Who keeps an ended programme's pages is written by its coordinator; an invitation's
    # address is shown to the team on the team page.
    from atelier.programmes.models import Invitation, Programme
    from tests.programmes.factories import ProgrammeFactory

    programme = ProgrammeFactory(
        state=Programme.State.ENDED,
        ended_at=timezone.now(),
        kept_by=w("programmes.Programme.kept_by"),
    )
    Invitation.objects.create(
        programme=programme,
        email=w("programmes.Invitation.email"),
        role="reviewer",
        invited_by=people.cora,
    )
    return [
        View(people.ada, url("programmes:detail", programme.slug)),
        View(people.cora, url("programmes:team", programme.slug)),
    ]


@sink(
    "programmes.ImportRun.original_name",
    "programmes.ImportRun.preview",
    "programmes.ImportRun.summary",
    "programmes.ImportRun.error",
)
def programme_import(w, people):
    from atelier.programmes.models import ImportRun

    # What the importer reports quotes the file's cells, which a coordinator wrote.
    def report(name):
        return {
            "rows": 2,
            "skipped": [{"row": 2, "reason": w(name)}],
            "warnings": [{"row": 3, "message": w(name)}],
        }

    coordinator = people.cora
    runs = [
        ImportRun.objects.create(
            file="imports/x.csv",
            original_name=w("programmes.ImportRun.original_name"),
            created_by=coordinator,
            state=ImportRun.State.PREVIEWED,
            preview=report("programmes.ImportRun.preview"),
        ),
        ImportRun.objects.create(
            file="imports/y.csv",
            original_name="y.csv",
            created_by=coordinator,
            state=ImportRun.State.DONE,
            summary=report("programmes.ImportRun.summary"),
        ),
        ImportRun.objects.create(
            file="imports/z.csv",
            original_name="z.csv",
            created_by=coordinator,
            state=ImportRun.State.FAILED,
            error=w("programmes.ImportRun.error"),
        ),
    ]
    return [View(coordinator, url("programmes:import-detail", run.pk)) for run in runs]


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


# -- events -----------------------------------------------------------------------------------


@sink(
    "events.Event.title",
    "events.Event.description",
    "events.Event.venue_name",
    "events.Event.venue_address",
    "events.Event.venue_city",
    "events.Event.accessibility",
    "events.Session.title",
    "events.Session.room",
    "events.Session.speakers_text",
)
def event(w, people):
    from atelier.events.models import Registration
    from tests.events.factories import EventFactory, RegistrationFactory, SessionFactory

    event = EventFactory(
        title=w.ml("events.Event.title"),
        description=w.ml("events.Event.description"),
        venue_name=w("events.Event.venue_name"),
        venue_address=w("events.Event.venue_address"),
        venue_city=w("events.Event.venue_city"),
        accessibility=w.ml("events.Event.accessibility"),
    )
    SessionFactory(
        event=event,
        title=w.ml("events.Session.title"),
        room=w("events.Session.room"),
        speakers_text=w("events.Session.speakers_text"),
    )
    RegistrationFactory(event=event, user=people.alice, status=Registration.Status.CONFIRMED)
    start = event.starts_at
    return [
        View(people.ada, url("events:list")),
        View(people.ada, url("events:detail", event.slug)),
        View(people.ada, url("events:month", start.year, start.month)),
        View(people.ada, url("events:sessions", event.slug)),
        View(people.ada, url("events:manage", event.slug)),
        View(people.alice, url("events:mine")),
        View(people.ada, url("core:home")),
        View(people.ada, url("search:search", q=w.markers["events.Event.title"])),
        View(people.ada, f"/api/events/{event.slug}", "json"),
    ]


@sink("events.Event.online_url", "events.Session.materials_url", kind="url")
def event_links(w, people):
    from atelier.events.models import Format
    from tests.events.factories import EventFactory, SessionFactory

    event = EventFactory(format=Format.ONLINE, online_url=w("events.Event.online_url"))
    SessionFactory(event=event, materials_url=w("events.Session.materials_url"))
    return [View(people.ada, url("events:detail", event.slug))]


@sink(
    "events.ApplicationQuestion.text",
    "events.Registration.answers",
    "events.Registration.organisation",
    "events.Invitation.email",
    "events.Certificate.name",
)
def event_registration(w, people):
    from atelier.events.models import Certificate, Invitation, Registration, RegistrationMode
    from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory

    event = EventFactory(registration_mode=RegistrationMode.APPLICATION)
    question = QuestionFactory(event=event, text=w.ml("events.ApplicationQuestion.text"))
    registration = RegistrationFactory(
        event=event,
        status=Registration.Status.APPLIED,
        answers={str(question.pk): w("events.Registration.answers")},
        organisation=w("events.Registration.organisation"),
    )
    Invitation.objects.create(
        event=event, email=w.email("events.Invitation.email"), invited_by=people.ada
    )
    # A certificate exists only for someone checked in at an event that has started.
    attended = RegistrationFactory(
        event=EventFactory(starts_at=timezone.now() - timedelta(days=2)),
        checked_in_at=timezone.now() - timedelta(days=2),
        attended_mode="room",
    )
    certificate = Certificate.objects.create(
        registration=attended,
        name=w("events.Certificate.name"),
        hours=6,
        language="en",
    )
    return [
        View(people.alice, url("events:register", event.slug)),
        View(people.ada, url("events:questions", event.slug)),
        View(people.ada, url("events:manage", event.slug)),
        View(people.ada, url("events:invitations", event.slug)),
        View(people.ada, url("events:check-in-list", event.slug)),
        View(people.ada, url("events:certificate-verify", certificate.code)),
        View(registration.user, url("events:ticket", registration.ticket_token)),
    ]


@sink(
    "events.ApplicationQuestion.choices",
    "events.EventMessage.subject",
    "events.EventMessage.body",
)
def event_choices_and_messages(w, people):
    from atelier.events.models import EventMessage
    from tests.events.factories import EventFactory, QuestionFactory

    event = EventFactory()
    QuestionFactory(
        event=event, kind="choice", choices=[w("events.ApplicationQuestion.choices"), "Other"]
    )
    EventMessage.objects.create(
        event=event,
        subject=w("events.EventMessage.subject"),
        body=w("events.EventMessage.body"),
        audiences=["confirmed"],
        sent_by=people.ada,
    )
    return [
        View(people.alice, url("events:register", event.slug)),
        View(people.ada, url("events:questions", event.slug)),
        View(people.ada, url("events:messages", event.slug)),
    ]


# -- experts ----------------------------------------------------------------------------------


@sink(
    "experts.ExpertProfile.keywords",
    "experts.ExpertProfile.ecoc_experience",
    "experts.ExpertProfile.ecoc_cities",
    "experts.ExpertProfile.bio",
    "experts.ExpertProfile.cv_name",
)
def expert(w, people):
    from tests.experts.factories import ExpertProfileFactory

    profile = ExpertProfileFactory(
        keywords=[w("experts.ExpertProfile.keywords")],
        ecoc_experience=w("experts.ExpertProfile.ecoc_experience"),
        has_ecoc_experience=True,
        ecoc_cities=[{"city": w("experts.ExpertProfile.ecoc_cities"), "year": 2019}],
        bio=w.ml("experts.ExpertProfile.bio"),
        cv="experts/cv/x.pdf",
        cv_name=w("experts.ExpertProfile.cv_name"),
    )
    return [
        View(people.ada, url("experts:directory")),
        View(people.ada, url("experts:detail", profile.pk)),
        View(profile.user, url("experts:me")),
        View(people.ada, url("search:search", q=w.markers["experts.ExpertProfile.bio"])),
    ]


@sink(
    "experts.SupportRequest.organisation_name",
    "experts.SupportRequest.title",
    "experts.SupportRequest.description",
    "experts.SupportRequest.place",
    "experts.Mission.deliverables",
    "experts.Mission.feedback",
)
def support_request(w, people):
    from atelier.experts.models import Mission
    from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory

    support = SupportRequestFactory(
        requester=people.alice,
        organisation_name=w("experts.SupportRequest.organisation_name"),
        title=w.ml("experts.SupportRequest.title"),
        description=w.ml("experts.SupportRequest.description"),
        place=w("experts.SupportRequest.place"),
    )
    expert = ExpertProfileFactory().user
    mission = Mission.objects.create(
        support_request=support,
        expert=expert.expert_profile,
        proposed_by=people.cora,
        deliverables=w("experts.Mission.deliverables"),
        feedback=w("experts.Mission.feedback"),
        status=Mission.Status.EVALUATED,
        rating=4,
    )
    return [
        View(people.ada, url("experts:support-list")),
        View(people.ada, url("experts:support-detail", support.pk)),
        View(people.alice, url("experts:support-detail", support.pk)),
        View(expert, url("experts:mission-list")),
        View(expert, url("experts:mission-detail", mission.pk)),
        View(people.alice, url("experts:mission-detail", mission.pk)),
    ]


@sink(
    "experts.ConsultationOffer.title",
    "experts.ConsultationOffer.description",
    "experts.ConsultationOffer.conditions",
    "experts.ConsultationRequest.message",
    "experts.ConsultationRequest.answer",
    "experts.ConsultationRequest.feedback",
)
def consultation(w, people):
    from atelier.experts.models import ConsultationOffer, ConsultationRequest
    from tests.network.factories import OrganisationFactory

    offer = ConsultationOffer.objects.create(
        organisation=OrganisationFactory(),
        offered_by=people.ezra,
        title=w.ml("experts.ConsultationOffer.title"),
        description=w.ml("experts.ConsultationOffer.description"),
        conditions=w("experts.ConsultationOffer.conditions"),
    )
    consultation = ConsultationRequest.objects.create(
        offer=offer,
        requester=people.alice,
        message=w("experts.ConsultationRequest.message"),
        answer=w("experts.ConsultationRequest.answer"),
        feedback=w("experts.ConsultationRequest.feedback"),
        status=ConsultationRequest.Status.CLOSED,
        rating=4,
    )
    return [
        View(people.ada, url("experts:offer-list")),
        View(people.ada, url("experts:offer-detail", offer.pk)),
        View(people.ezra, url("experts:consultation-list")),
        View(people.ezra, url("experts:consultation-detail", consultation.pk)),
        View(people.alice, url("experts:consultation-detail", consultation.pk)),
    ]


# -- calls ------------------------------------------------------------------------------------


@sink(
    "calls.Call.title",
    "calls.Call.description",
    "calls.Call.eligibility",
    "calls.Question.label",
    "calls.Question.help",
    "calls.Question.choices",
    "calls.Criterion.label",
)
def call(w, people):
    from tests.calls.factories import CallFactory, CriterionFactory, QuestionFactory
    from tests.programmes.factories import ProgrammeFactory

    call = CallFactory(
        programme=ProgrammeFactory(),
        title=w.ml("calls.Call.title"),
        description=w.ml("calls.Call.description"),
        eligibility=w.ml("calls.Call.eligibility"),
    )
    QuestionFactory(
        call=call,
        kind="long-text",
        label=w.ml("calls.Question.label"),
        help=w.ml("calls.Question.help"),
    )
    QuestionFactory(call=call, kind="choice", choices=[w("calls.Question.choices"), "Other"])
    CriterionFactory(call=call, label=w.ml("calls.Criterion.label"))
    return [
        View(people.ada, url("calls:list")),
        View(people.ada, url("calls:detail", call.slug)),
        # The application form: a coordinator's help text was printed raw here.
        View(people.alice, url("calls:apply", call.slug)),
        View(people.ada, url("calls:apply", call.slug)),
        View(people.ada, url("calls:questions", call.slug)),
        View(people.ada, url("calls:ranking", call.slug)),
        View(people.ada, url("search:search", q=w.markers["calls.Call.title"])),
    ]


@sink("calls.Call.accepted_message", "calls.Call.rejected_message", "calls.Call.waitlisted_message")
def call_decision_messages(w, people):
    from datetime import timedelta

    from django.utils import timezone

    from atelier.calls.services import decide
    from tests.calls.factories import ApplicationFactory, CallFactory
    from tests.programmes.factories import ProgrammeFactory

    now = timezone.now()
    call = CallFactory(
        programme=ProgrammeFactory(),
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=1),
        accepted_message=w.ml("calls.Call.accepted_message"),
        rejected_message=w.ml("calls.Call.rejected_message"),
        waitlisted_message=w.ml("calls.Call.waitlisted_message"),
    )
    # The applicant reads the coordinators' text in the notification of the decision.
    for decision, applicant in (
        ("accept", people.alice),
        ("reject", people.bob),
        ("waitlist", people.rey),
    ):
        decide(ApplicationFactory(call=call, applicant=applicant), decision, actor=people.ada)
    return [
        View(people.ada, url("calls:messages", call.slug)),
        View(people.alice, url("notifications:list")),
        View(people.bob, url("notifications:list")),
        View(people.rey, url("notifications:list")),
    ]


def _application(w, people, answers):
    from tests.calls.factories import ApplicationFactory, CallFactory
    from tests.programmes.factories import ProgrammeFactory

    call = CallFactory(programme=ProgrammeFactory())
    return ApplicationFactory(call=call, applicant=people.alice, answers=answers(call))


@sink(
    "calls.Application.answers",
    "calls.ApplicationFile.display_name",
    "calls.ReviewAssignment.conflict_reason",
    "calls.ReviewAssignment.comment",
    "calls.Score.comment",
    "calls.ConflictOfInterest.organisation",
    "calls.ConflictOfInterest.reason",
)
def application(w, people):
    from atelier.calls.models import ApplicationFile, ConflictOfInterest
    from tests.calls.factories import AssignmentFactory, QuestionFactory, ScoreFactory

    def answers(call):
        text = QuestionFactory(call=call, kind="long-text")
        choice = QuestionFactory(call=call, kind="multiple-choice", choices=["A", "B"])
        QuestionFactory(call=call, kind="file")
        return {text.key: w("calls.Application.answers"), choice.key: ["A", "B"]}

    application = _application(w, people, answers)
    call = application.call
    ApplicationFile.objects.create(
        application=application,
        question=call.questions.get(kind="file"),
        name=f"calls/{application.pk}/{next(_numbers)}.pdf",
        display_name=w("calls.ApplicationFile.display_name"),
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    reviewer = people.rey
    review = AssignmentFactory(
        application=application,
        reviewer=reviewer,
        comment=w("calls.ReviewAssignment.comment"),
        submitted_at=timezone.now(),
    )
    ScoreFactory(assignment=review, criterion__call=call, comment=w("calls.Score.comment"))
    conflicted = AssignmentFactory(
        application=application,
        reviewer=people.ezra,
        conflict_declared=True,
        conflict_reason=w("calls.ReviewAssignment.conflict_reason"),
    )
    ConflictOfInterest.objects.create(
        reviewer=reviewer,
        organisation=w("calls.ConflictOfInterest.organisation"),
        reason=w("calls.ConflictOfInterest.reason"),
    )
    return [
        View(people.ada, url("calls:application", application.pk)),
        View(people.alice, url("calls:application", application.pk)),
        View(people.alice, url("calls:mine")),
        View(people.ada, url("calls:applications", call.slug)),
        View(people.ada, url("calls:reviewers", call.slug)),
        View(people.ada, url("calls:ranking", call.slug)),
        View(reviewer, url("calls:review", review.pk)),
        View(reviewer, url("calls:reviews")),
        View(reviewer, url("calls:conflicts")),
        View(people.ezra, url("calls:review", conflicted.pk)),
    ]


@sink("calls.Application.answers", kind="url")
def application_link(w, people):
    from tests.calls.factories import QuestionFactory

    def answers(call):
        return {QuestionFactory(call=call, kind="link").key: w("calls.Application.answers")}

    application = _application(w, people, answers)
    return [
        View(people.ada, url("calls:application", application.pk)),
        View(people.alice, url("calls:application", application.pk)),
    ]


# -- plans ------------------------------------------------------------------------------------


@sink(
    "plans.Plan.title",
    "plans.Plan.description",
    "plans.Plan.place",
    "plans.Goal.title",
    "plans.Goal.description",
    "plans.Action.title",
    "plans.Action.description",
    "plans.Action.owner_text",
    "plans.Action.partner_text",
    "plans.Action.funding_source",
    "plans.Action.source_label",
    "plans.Indicator.name",
    "plans.Indicator.unit",
    "plans.IndicatorMeasurement.note",
    "plans.ProgressUpdate.comment",
)
def plan(w, people):
    from atelier.plans.models import IndicatorMeasurement, ProgressUpdate
    from tests.plans.factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory

    plan = PlanFactory(
        title=w.ml("plans.Plan.title"),
        description=w.ml("plans.Plan.description"),
        place=w("plans.Plan.place"),
    )
    goal = GoalFactory(
        plan=plan, title=w.ml("plans.Goal.title"), description=w.ml("plans.Goal.description")
    )
    action = ActionFactory(
        goal=goal,
        title=w.ml("plans.Action.title"),
        description=w.ml("plans.Action.description"),
        owner_text=w("plans.Action.owner_text"),
        partner_text=w("plans.Action.partner_text"),
        funding_source=w("plans.Action.funding_source"),
        source_label=w("plans.Action.source_label"),
    )
    ProgressUpdate.objects.create(
        action=action,
        date=date(2026, 3, 1),
        comment=w("plans.ProgressUpdate.comment"),
        progress=20,
        status="in-progress",
        author=people.alice,
    )
    indicator = IndicatorFactory(
        plan=plan, name=w.ml("plans.Indicator.name"), unit=w("plans.Indicator.unit")
    )
    IndicatorMeasurement.objects.create(
        indicator=indicator,
        value=3,
        measured_on=date(2026, 3, 1),
        note=w("plans.IndicatorMeasurement.note"),
        recorded_by=people.ada,
    )
    return [
        View(people.ada, url("plans:list")),
        View(people.ada, url("plans:detail", plan.slug)),
        View(people.ada, url("plans:action", plan.slug, action.pk)),
        View(people.ada, url("plans:edit", plan.slug)),
        View(people.ada, url("plans:measure", plan.slug, indicator.pk)),
        View(people.ada, url("search:search", q=w.markers["plans.Plan.title"])),
    ]


@sink("plans.Action.source_url", kind="url")
def action_source(w, people):
    from tests.plans.factories import ActionFactory

    action = ActionFactory(source_label="Lab", source_url=w("plans.Action.source_url"))
    plan = action.goal.plan
    return [
        View(people.ada, url("plans:detail", plan.slug)),
        View(people.ada, url("plans:action", plan.slug, action.pk)),
    ]


@sink("plans.ImportRun.problems", "plans.ImportRun.error")
def plan_import(w, people):
    from atelier.plans.models import ImportRun
    from tests.plans.factories import PlanFactory

    # What the import reports quotes the file's cells, which a plan's editor wrote.
    plan = PlanFactory()
    failed = ImportRun.State.FAILED
    runs = [
        ImportRun.objects.create(
            plan=plan,
            state=failed,
            content="",
            problems=[{"row": 2, "message": w("plans.ImportRun.problems")}],
        ),
        ImportRun.objects.create(
            plan=plan, state=failed, content="", error=w("plans.ImportRun.error")
        ),
    ]
    return [View(people.ada, url("plans:import-run", plan.slug, run.pk)) for run in runs]


# -- labs -------------------------------------------------------------------------------------


@sink(
    "labs.Lab.title",
    "labs.Lab.description",
    "labs.Lab.broadcast_message",
    "labs.Lab.venue",
    "labs.Question.text",
    "labs.Participant.guest_name",
    "labs.Note.text",
    "labs.Theme.name",
)
def lab(w, people):
    from atelier.labs import services
    from atelier.labs.models import Lab, Question, Seat
    from tests.programmes.factories import ProgrammeFactory

    lab = services.create_lab(
        people.fay,
        title=w.ml("labs.Lab.title"),
        description=w.ml("labs.Lab.description"),
        venue=w("labs.Lab.venue"),
        programme=ProgrammeFactory(),
        slug=f"lab-{next(_numbers)}",
        allow_guests=True,
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(lab=lab, text=w.ml("labs.Question.text"), position=1)
    services.add_round(lab, question, 20)
    services.add_table(lab, 1, language="en")
    member = services.join(lab, user=people.alice)
    services.join(lab, guest_name=w("labs.Participant.guest_name"))
    lab = services.start_next_round(lab)
    table = Seat.objects.get(round=lab.current_round, participant=member).table
    note = services.post_note(table, member, w("labs.Note.text"))
    services.create_theme(lab, w("labs.Theme.name"), [note])
    # The board shows the message while the lab runs; the report is read once it is public.
    services.broadcast(lab, w("labs.Lab.broadcast_message"))
    services.publish_report(lab, actor=people.fay)
    return [
        View(people.fay, url("labs:list")),
        View(people.bob, url("labs:report", lab.slug)),
        View(people.bob, url("labs:programme", lab.programme.slug)),
        View(people.fay, url("labs:detail", lab.slug)),
        View(people.bob, url("labs:join", lab.join_token)),
        View(people.fay, url("labs:board", lab.slug, table.number)),
        View(people.fay, url("labs:notes", lab.slug, table.number)),
        View(people.alice, url("labs:board", lab.slug, table.number)),
        View(people.fay, url("labs:harvest", lab.slug)),
        View(people.fay, url("labs:report", lab.slug)),
        View(people.fay, url("labs:report-md", lab.slug), "markdown"),
    ]


@sink("labs.Table.video_url", kind="url")
def lab_video(w, people):
    from atelier.labs import services
    from atelier.labs.models import Lab

    lab = services.create_lab(
        people.fay,
        title=MultilingualText("Lab", "en"),
        slug=f"lab-{next(_numbers)}",
        status=Lab.Status.OPEN,
    )
    table = lab.tables.create(number=1, video_url=w("labs.Table.video_url"))
    return [
        View(people.fay, url("labs:detail", lab.slug)),
        View(people.fay, url("labs:board", lab.slug, table.number)),
    ]
