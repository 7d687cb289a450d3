"""A little of everything the API shows, made with the apps' factories and services: enough for
every list to have items and every detail endpoint an object to answer about."""

from datetime import timedelta

from django.utils import timezone

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.events import services as events
from atelier.events.models import Event, RegistrationMode
from atelier.library.models import ResourceAuthor
from atelier.plans.models import IndicatorMeasurement
from tests.calls.factories import ApplicationFactory, CallFactory, CriterionFactory, QuestionFactory
from tests.events.factories import EventFactory, SessionFactory
from tests.events.factories import QuestionFactory as EventQuestionFactory
from tests.experts.factories import ExpertProfileFactory
from tests.factories import UserFactory
from tests.library.factories import (
    CollectionFactory,
    PodcastFactory,
    PublishedResourceFactory,
    ResourceFactory,
)
from tests.network.factories import OrganisationFactory
from tests.plans.factories import ActionFactory, GoalFactory, IndicatorFactory, PlanFactory
from tests.programmes.factories import PartnerFactory, ProgrammeFactory


def make(member_email="member@example.org"):
    """Creates the data; returns the member who has a registration and an application."""
    member = UserFactory(email=member_email, display_name="Maria Member", country="BG")
    assign_role(member, "member")
    programme = ProgrammeFactory(
        slug="ce-plus",
        acronym="CE+",
        title=MultilingualText("Culture and education", "en").translate("bg", "Култура"),
        description=MultilingualText("A programme.", "en"),
    )
    organisations = [
        OrganisationFactory(
            name=MultilingualText(f"Cultural centre {n}", "en"),
            country=country,
            city="Plovdiv",
            latitude=42.1,
            longitude=24.7,
        )
        for n, country in enumerate(["BG", "PL", "RO"])
    ]
    for organisation in organisations:
        PartnerFactory(programme=programme, organisation=organisation)

    now = timezone.now()
    upcoming = EventFactory(
        slug="academy-camp",
        programme=programme,
        room_capacity=2,
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=21),
        description=MultilingualText("Three days together.", "en"),
    )
    SessionFactory(event=upcoming, room="Hall A", speakers_text="Ana")
    EventFactory(slug="past-webinar", starts_at=now - timedelta(days=40), format="online",
                 online_url="https://meet.example.org/x", venue_name="", venue_city="",
                 venue_country="")  # fmt: skip
    selective = EventFactory(
        slug="lab-by-application",
        registration_mode=RegistrationMode.APPLICATION,
        starts_at=now + timedelta(days=50),
        ends_at=now + timedelta(days=51),
    )
    EventQuestionFactory(event=selective)
    EventFactory(slug="draft-event", status=Event.Status.DRAFT)
    events.register(upcoming, member, attendance_mode="room", details={})

    podcast = PodcastFactory(slug="voices", programme=programme)
    resource = PublishedResourceFactory(programme=programme, countries=["BG"])
    ResourceAuthor.objects.create(resource=resource, name="Maria Ivanova", position=0)
    PublishedResourceFactory(
        kind="podcast-episode", podcast=podcast, season=1, episode_number=2,
        title=MultilingualText("Episode two", "en"),
    )  # fmt: skip
    # The member's own contribution, sent back for changes: theirs to edit through the API.
    ResourceFactory(contributor=member, status="changes-requested", programme=programme)
    collection = CollectionFactory(programme=programme)
    collection.items.create(resource=resource, position=0)

    call = CallFactory(slug="experts-2030", programme=programme, places=3)
    QuestionFactory(call=call)
    CriterionFactory(call=call, weight=100)
    ApplicationFactory(call=call, applicant=member)

    plan = PlanFactory(slug="plovdiv-plan", programme=programme)
    goal = GoalFactory(plan=plan)
    ActionFactory(goal=goal, progress=40, owners=[member])
    indicator = IndicatorFactory(plan=plan, goal=goal, baseline=1, target=10)
    IndicatorMeasurement.objects.create(indicator=indicator, value=4, measured_on=now.date())

    ExpertProfileFactory(user=UserFactory(display_name="Eva Expert"))
    ExpertProfileFactory(user=UserFactory(display_name="Hidden Expert"), visible_fields=[])
    return member
