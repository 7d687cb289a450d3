"""The public pages: list with filters, month view, event page with JSON-LD and times."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.events import services
from atelier.events.models import Event, Format, Type
from tests.events.factories import EventFactory, QuestionFactory, SessionFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")


def _titles(response):
    return [str(event.title) for event in response.context["events"]]


def test_list_shows_upcoming_published_events_to_anyone(client):
    EventFactory(title=MultilingualText("Academy camp", "en"))
    EventFactory(title=MultilingualText("Hidden draft", "en"), status=Event.Status.DRAFT)
    EventFactory(
        title=MultilingualText("Last year", "en"),
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=399),
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert _titles(response) == ["Academy camp"]
    assert _titles(client.get(LIST, {"when": "past"})) == ["Last year"]
    assert _titles(client.get(LIST, {"when": "all"})) == ["Academy camp", "Last year"]


def test_list_filters_by_type_format_country_language_programme_and_theme(client):
    programme = ProgrammeFactory(slug="ce-plus")
    theme = Theme.objects.get(slug="inclusion")
    webinar = EventFactory(
        title=MultilingualText("Webinar", "en"),
        type=Type.WEBINAR,
        format=Format.ONLINE,
        online_url="https://meet.example.org/w",
        venue_country="",
        languages=["pl"],
        programme=programme,
    )
    webinar.themes.add(theme)
    EventFactory(
        title=MultilingualText("Camp", "en"),
        type=Type.ACADEMY_CAMP,
        venue_country="RO",
        languages=["ro"],
        interpretation=["en"],
    )
    assert _titles(client.get(LIST, {"type": "webinar"})) == ["Webinar"]
    assert _titles(client.get(LIST, {"format": "on-site"})) == ["Camp"]
    assert _titles(client.get(LIST, {"country": "RO"})) == ["Camp"]
    assert _titles(client.get(LIST, {"language": "pl"})) == ["Webinar"]
    # Interpretation into a language counts as that language.
    assert _titles(client.get(LIST, {"language": "en"})) == ["Camp"]
    assert _titles(client.get(LIST, {"programme": "ce-plus"})) == ["Webinar"]
    assert _titles(client.get(LIST, {"theme": "inclusion"})) == ["Webinar"]


def test_list_paginates(client):
    for n in range(23):
        EventFactory(starts_at=timezone.now() + timedelta(days=n + 1))
    first = client.get(LIST)
    assert len(first.context["events"]) == 20
    assert len(client.get(LIST, {"page": 2}).context["events"]) == 3
    assert 'rel="next"' in first.content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_query_count_does_not_grow_with_events(client):
    programme = ProgrammeFactory()
    EventFactory(programme=programme)
    one = _count_queries(client, LIST)
    EventFactory(programme=ProgrammeFactory())
    EventFactory(programme=programme)
    assert _count_queries(client, LIST) == one


def test_month_query_count_does_not_grow_with_events(client):
    start = datetime(2030, 5, 10, 9, tzinfo=ZoneInfo("Europe/Warsaw"))
    url = reverse("events:month", args=[2030, 5])
    EventFactory(starts_at=start, ends_at=start + timedelta(days=2))
    one = _count_queries(client, url)
    EventFactory(starts_at=start + timedelta(days=5), ends_at=start + timedelta(days=5, hours=2))
    EventFactory(starts_at=start, ends_at=start + timedelta(hours=2), programme=ProgrammeFactory())
    assert _count_queries(client, url) == one


def test_month_view_places_events_on_their_local_days(client):
    # 23:30 UTC on 31 May is already 1 June in Ljubljana.
    start = datetime(2030, 5, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    EventFactory(
        title=MultilingualText("Night opening", "en"),
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        time_zone="Europe/Ljubljana",
    )
    camp_start = datetime(2030, 6, 10, 8, tzinfo=ZoneInfo("UTC"))
    EventFactory(
        title=MultilingualText("Camp", "en"),
        starts_at=camp_start,
        ends_at=camp_start + timedelta(days=2),
    )
    response = client.get(reverse("events:month", args=[2030, 6]))
    days = {
        day["date"].day: [str(e.title) for e in day["events"]]
        for week in response.context["weeks"]
        for day in week
        if day["in_month"] and day["events"]
    }
    assert days == {1: ["Night opening"], 10: ["Camp"], 11: ["Camp"], 12: ["Camp"]}
    assert client.get(reverse("events:month", args=[2030, 5])).context["has_events"] is False


def test_month_view_is_reached_from_the_list(client):
    response = client.get(LIST, {"view": "month", "type": "webinar"})
    today = timezone.localdate()
    assert response.status_code == 302
    assert response.headers["location"] == (
        reverse("events:month", args=[today.year, today.month]) + "?type=webinar"
    )
    assert client.get(reverse("events:month", args=[2030, 13])).status_code == 404


def test_event_page_shows_times_in_the_event_zone_and_for_the_reader(client):
    start = datetime(2030, 10, 8, 10, 0, tzinfo=ZoneInfo("Europe/Bucharest"))
    event = EventFactory(
        title=MultilingualText("Local Learning Lab", "en"),
        time_zone="Europe/Bucharest",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue_name="Cowork Timișoara Garden",
        venue_city="Timișoara",
        venue_country="RO",
        accessibility=MultilingualText("Step-free entrance from the garden.", "en"),
        languages=["ro", "en"],
        interpretation=["en"],
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Oct. 8, 2030, 10 a.m." in html
    assert "time in Europe/Bucharest" in html
    # The reader's own time zone is filled in by a static script from the UTC instant.
    assert 'data-reader-time data-event-zone="Europe/Bucharest" hidden' in html
    assert '<time datetime="2030-10-08T07:00:00+00:00"></time>' in html
    assert "events/local-time.js" in html
    assert "Step-free entrance from the garden." in html
    assert "Romanian, English" in html
    assert "Interpretation into: English" in html


def test_event_page_carries_schema_org_event_json_ld(client):
    start = datetime(2030, 6, 9, 9, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    programme = ProgrammeFactory(title=MultilingualText("South Baltic Creative Clusters", "en"))
    event = EventFactory(
        title=MultilingualText("Closing conference", "en"),
        type=Type.CONFERENCE,
        format=Format.HYBRID,
        online_url="https://meet.example.org/secret-room",
        time_zone="Europe/Warsaw",
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=8),
        venue_name="Szczecin Philharmonic",
        venue_city="Szczecin",
        venue_country="PL",
        latitude="53.432000",
        longitude="14.553000",
        programme=programme,
    )
    html = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Closing conference"
    assert data["startDate"] == "2030-06-09T09:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["addressLocality"] == "Szczecin"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 53.432, "longitude": 14.553}
    assert virtual == {
        "@type": "VirtualLocation",
        "url": f"http://testserver{event.get_absolute_url()}",
    }
    assert data["organizer"]["name"] == "South Baltic Creative Clusters"
    # The meeting link itself is never public.
    assert "secret-room" not in html


def test_online_link_is_shown_only_to_confirmed_participants(client, alice, bob):
    event = EventFactory(
        format=Format.ONLINE, online_url="https://meet.example.org/secret-room", room_capacity=None
    )
    services.register(event, alice, attendance_mode="online")
    client.force_login(bob)
    assert "secret-room" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert "secret-room" in client.get(event.get_absolute_url()).content.decode()


def test_timetable_is_shown_day_by_day_in_the_event_zone(client):
    start = datetime(2030, 4, 20, 9, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(days=1, hours=8))
    SessionFactory(
        event=event,
        title=MultilingualText("Visual thinking", "en"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        room="Hall A",
        speakers_text="Ana Novak",
    )
    SessionFactory(
        event=event,
        title=MultilingualText("Design thinking", "en"),
        starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2),
    )
    response = client.get(event.get_absolute_url())
    days = response.context["days"]
    assert [(day.isoformat(), [str(s.title) for s in sessions]) for day, sessions in days] == [
        ("2030-04-20", ["Visual thinking"]),
        ("2030-04-21", ["Design thinking"]),
    ]
    html = response.content.decode()
    assert "Saturday 20 April 2030" in html
    assert "Hall A" in html and "Ana Novak" in html


def test_drafts_are_seen_only_by_those_who_run_the_event(client, alice, cora):
    event = EventFactory(status=Event.Status.DRAFT)
    url = event.get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(cora)
    assert client.get(url).status_code == 200


def test_cancelled_events_stay_visible_and_say_so(client):
    event = EventFactory(status=Event.Status.CANCELLED)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in html
    assert "https://schema.org/EventCancelled" in html


def test_home_page_lists_upcoming_events(client):
    EventFactory(title=MultilingualText("Forum on culture and social work", "en"))
    html = client.get(reverse("core:home")).content.decode()
    assert "Forum on culture and social work" in html


def test_programme_page_links_to_its_events(client):
    programme = ProgrammeFactory(slug="pro-kus")
    html = client.get(programme.get_absolute_url()).content.decode()
    assert f'href="{LIST}?programme=pro-kus&amp;when=all"' in html


def test_manage_page_query_count_does_not_grow_with_registrations(client, cora, people):
    event = EventFactory(registration_mode="application")
    QuestionFactory(event=event)
    url = reverse("events:manage", args=[event.slug])
    client.force_login(cora)
    services.apply(event, people[0], answers={str(event.questions.get().pk): "a"})
    one = _count_queries(client, url)
    for person in people[1:3]:
        services.apply(event, person, answers={str(event.questions.get().pk): "b"})
    assert _count_queries(client, url) == one


def test_my_registrations_query_count_does_not_grow(client, alice):
    url = reverse("events:mine")
    client.force_login(alice)
    services.register(EventFactory(programme=ProgrammeFactory()), alice)
    one = _count_queries(client, url)
    services.register(EventFactory(programme=ProgrammeFactory()), alice)
    services.register(EventFactory(), alice)
    assert _count_queries(client, url) == one


def test_invitations_page_query_count_does_not_grow(client, cora):
    event = EventFactory(registration_mode="invitation")
    url = reverse("events:invitations", args=[event.slug])
    client.force_login(cora)
    services.invite(event, ["a@example.org"], actor=cora)
    one = _count_queries(client, url)
    services.invite(event, ["b@example.org", "c@example.org"], actor=cora)
    assert _count_queries(client, url) == one


def test_timetable_query_count_does_not_grow_with_sessions(client, alice):
    event = EventFactory()
    SessionFactory(event=event)
    one = _count_queries(client, event.get_absolute_url())
    for _n in range(2):
        session = SessionFactory(event=event)
        session.speakers.add(alice)
    assert _count_queries(client, event.get_absolute_url()) == one


def test_the_api_document_describes_the_events_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/events/", "/api/events/{slug}", "/api/events/registrations"} <= set(paths)
    assert "/api/events/{slug}/registration" in paths
