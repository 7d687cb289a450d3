"""The demo events: the seeds' events where and when they happened, upcoming ones to join."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from atelier.accounts import demo as accounts_demo
from atelier.events import demo
from atelier.events.models import (
    ApplicationQuestion,
    Event,
    EventResource,
    Registration,
    Session,
)
from atelier.library import demo as library_demo
from atelier.programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    accounts_demo.load()
    programmes_demo.load_seed_programmes()
    with django_capture_on_commit_callbacks(execute=True):
        library_demo.load()
    demo.load()


def _event(slug):
    return Event.objects.select_related("programme").get(slug=slug)


def _local(event):
    return event.local_start.replace(tzinfo=None), event.local_end.replace(tzinfo=None)


def test_timisoara_learning_labs_on_their_days_and_places(loaded):
    first = _event("ecoc-sme-local-learning-lab-2020-10-08")
    assert first.programme.slug == "ecoc-sme"
    assert first.title.language == "ro"
    assert "Parteneriatele trans-sectoriale" in first.title.text
    assert first.venue_name == "Cowork Timișoara Garden"
    assert first.time_zone == "Europe/Bucharest"
    assert first.local_start.date().isoformat() == "2020-10-08"
    assert "Andrei Munteanu" in first.description.text
    second = _event("ecoc-sme-local-learning-lab-2020-10-20")
    assert _local(second)[0] == datetime(2020, 10, 20, 11, 0)
    # 11:00 in Timișoara in October (summer time, UTC+3) is 08:00 UTC.
    assert second.starts_at == datetime(2020, 10, 20, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert (second.venue_name, second.venue_address) == (
        "Fosta Cancelarie de război",
        "str. V. Alecsandri nr. 1, parter",
    )
    assert "world-café" in second.description.text


def test_ce_plus_events_in_their_cities_and_zones(loaded):
    places = {
        "ce-plus-yes-lets-create-new-ways-morawa": ("Morawa", "PL", "Europe/Warsaw"),
        "ce-plus-new-urban-practices-veszprem": ("Veszprém", "HU", "Europe/Budapest"),
        "ce-plus-final-meeting-maribor": ("Maribor", "SI", "Europe/Ljubljana"),
    }
    for slug, (city, country, zone) in places.items():
        event = _event(slug)
        assert (event.venue_city, event.venue_country.code, event.time_zone) == (
            city,
            country,
            zone,
        )
        assert event.latitude is not None and event.longitude is not None
        assert event.programme.slug == "ce-plus"
        assert event.title.language == "bg"
        assert event.title.translations["en"]["by"] == "machine"
        assert datetime(2020, 1, 1, tzinfo=ZoneInfo(zone)) <= event.starts_at
        assert event.ends_at <= datetime(2022, 8, 31, tzinfo=ZoneInfo(zone))
    assert (
        "Yes¡ Let’s create new ways" in _event("ce-plus-yes-lets-create-new-ways-morawa").title.text
    )
    online = _event("ce-plus-digitalisation-online-meeting")
    assert (online.format, online.time_zone) == ("online", "Europe/Sofia")
    assert Session.objects.filter(event__slug="ce-plus-final-meeting-maribor").count() == 4


def test_online_meeting_lists_its_recording_from_the_library(client, loaded):
    online = _event("ce-plus-digitalisation-online-meeting")
    (material,) = EventResource.objects.filter(event=online).select_related("resource")
    assert (
        material.resource.title.text
        == "(Не)възможностите на дигитализацията на културната и социална работа"
    )
    page = client.get(online.get_absolute_url()).content.decode()
    assert f'href="{material.resource.get_absolute_url()}"' in page


def test_south_baltic_and_ecoc_events(loaded):
    training = _event("creative-clusters-visual-and-design-thinking-training")
    assert (training.local_start.date().isoformat(), training.local_end.date().isoformat()) == (
        "2022-04-20",
        "2022-04-21",
    )
    assert training.title.text.startswith("Szkolenie „Myślenie wizualne i projektowe")
    conference = _event("creative-clusters-closing-conference-szczecin")
    assert (conference.venue_city, conference.time_zone) == ("Szczecin", "Europe/Warsaw")
    assert (conference.local_start.date().isoformat(), conference.local_end.date().isoformat()) == (
        "2022-06-09",
        "2022-06-10",
    )
    assert "Design Plus" in conference.title.text
    talks = _event("ecoc-digital-challenges-encatc-member-talks")
    assert (talks.format, talks.time_zone, talks.local_start.date().isoformat()) == (
        "online",
        "Europe/Brussels",
        "2021-09-17",
    )
    assert _event("ecoc-academy-camp-brussels").type == "academy-camp"


def test_multi_day_demo_events_have_a_timetable(loaded):
    multi_day = [event for event in Event.objects.all() if event.is_multi_day]
    assert len(multi_day) >= 6
    for event in multi_day:
        days = {s.starts_at.astimezone(event.zone).date() for s in event.sessions.all()}
        assert len(days) >= 2, event.slug
        assert all(event.starts_at <= s.starts_at <= event.ends_at for s in event.sessions.all())


def test_past_events_have_demo_participants(loaded):
    past = Event.objects.filter(ends_at__lt=timezone.now())
    assert past.count() == len(demo.SEED_EVENTS)
    for event in past:
        assert event.registrations.filter(status="confirmed").exists()
        assert all(r.user.email.endswith("@atelier.test") for r in event.registrations.all())


def test_upcoming_events_are_open_to_a_visitor(client, loaded):
    now = timezone.now()
    upcoming = Event.objects.filter(starts_at__gt=now, status=Event.Status.PUBLISHED)
    assert upcoming.count() == 4
    assert all(event.is_registration_open() for event in upcoming)
    assert {e.registration_mode for e in upcoming} == {"open", "application"}
    assert {e.format for e in upcoming} == {"on-site", "online", "hybrid"}
    small = _event("demo-creative-clusters-storytelling-workshop")
    assert small.room_capacity == 3
    assert small.registrations.filter(status="confirmed").count() == 3
    camp = _event("demo-ecoc-academy-camp")
    assert camp.registration_mode == "application"
    assert ApplicationQuestion.objects.filter(event=camp).count() == 2
    assert camp.sessions.count() == 5
    assert timedelta(days=50) < camp.starts_at - now < timedelta(days=70)
    listed = client.get(reverse("events:list")).context["page"].paginator.count
    assert listed == 4


def test_a_member_lands_on_the_waitlist_of_the_full_workshop(client, loaded):
    from atelier.accounts.models import User
    from atelier.events import services

    member = User.objects.get(email="member@atelier.test")
    registration = services.register(_event("demo-creative-clusters-storytelling-workshop"), member)
    assert registration.status == Registration.Status.WAITLISTED


def test_demo_is_idempotent(loaded):
    counts = (
        Event.objects.count(),
        Session.objects.count(),
        ApplicationQuestion.objects.count(),
        Registration.objects.count(),
        EventResource.objects.count(),
    )
    demo.load()
    assert (
        Event.objects.count(),
        Session.objects.count(),
        ApplicationQuestion.objects.count(),
        Registration.objects.count(),
        EventResource.objects.count(),
    ) == counts


def test_load_demo_command_runs_events_after_the_library(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    assert Event.objects.filter(slug="ce-plus-digitalisation-online-meeting").exists()
    assert EventResource.objects.filter(
        event__slug="ce-plus-digitalisation-online-meeting"
    ).exists()
