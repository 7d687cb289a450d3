"""Calendars: an .ics per event, a programme's feed and a person's private feed, read back
with the ``icalendar`` library."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from atelier.core.multilingual import MultilingualText
from atelier.events import services
from atelier.events.models import CalendarFeed, Event, Format, Registration
from atelier.events.services import calendars
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

LJUBLJANA = ZoneInfo("Europe/Ljubljana")
MEETING = "https://meet.example.org/secret-room"


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(cal):
    return {str(item["SUMMARY"]): item for item in cal.walk("VEVENT")}


def _maribor_training(**fields):
    defaults = {
        "title": MultilingualText("Final meeting in Maribor", "en"),
        "description": MultilingualText("Training, visits and a festival.", "en"),
        "venue_name": "Narodni dom",
        "venue_address": "Ulica kneza Koclja 9",
        "venue_city": "Maribor",
        "venue_country": "SI",
        "time_zone": "Europe/Ljubljana",
        "starts_at": datetime(2031, 6, 3, 9, 30, tzinfo=LJUBLJANA),
        "ends_at": datetime(2031, 6, 5, 17, 0, tzinfo=LJUBLJANA),
    }
    defaults.update(fields)
    return EventFactory(**defaults)


def _feed(user):
    return calendars.renew_feed(user)


def test_event_ics_has_local_times_with_their_zone_and_place(client):
    event = _maribor_training(latitude="46.557600", longitude="15.645600")
    cal = _parse(client.get(reverse("events:ics", args=[event.slug])))
    (item,) = cal.walk("VEVENT")
    assert str(item["UID"]) == calendars.uid(event)
    assert item["DTSTART"].dt == datetime(2031, 6, 3, 9, 30, tzinfo=LJUBLJANA)
    assert item["DTSTART"].params["TZID"] == "Europe/Ljubljana"
    assert item["DTEND"].dt == datetime(2031, 6, 5, 17, 0, tzinfo=LJUBLJANA)
    assert item["DTSTAMP"].dt is not None
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Ljubljana"]
    # Summer time in Ljubljana is two hours ahead of UTC.
    assert item["DTSTART"].dt.astimezone(ZoneInfo("UTC")).hour == 7
    assert str(item["SUMMARY"]) == "Final meeting in Maribor"
    assert str(item["LOCATION"]) == "Narodni dom, Ulica kneza Koclja 9, Maribor, Slovenia"
    assert item["GEO"].latitude == pytest.approx(46.5576)
    assert str(item["URL"]).endswith(f"/events/{event.slug}/")
    assert "Training, visits and a festival." in str(item["DESCRIPTION"])
    assert str(item["STATUS"]) == "CONFIRMED"


def test_event_uid_stays_and_sequence_grows_when_the_event_changes(client, cora):
    event = _maribor_training()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(created=an_hour_ago, updated=an_hour_ago)
    url = reverse("events:ics", args=[event.slug])
    (before,) = _parse(client.get(url)).walk("VEVENT")
    event.refresh_from_db()
    event.venue_name = "Kino Udarnik"
    services.update_event(event, actor=cora)
    (after,) = _parse(client.get(url)).walk("VEVENT")
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["LOCATION"]).startswith("Kino Udarnik")


def test_cancelled_event_ics_says_cancelled(client, cora):
    event = _maribor_training()
    services.cancel_event(event, actor=cora)
    (item,) = _parse(client.get(reverse("events:ics", args=[event.slug]))).walk("VEVENT")
    assert str(item["STATUS"]) == "CANCELLED"


def test_public_ics_of_an_online_event_shows_no_meeting_link(client, alice):
    event = _maribor_training(format=Format.ONLINE, online_url=MEETING, venue_country="")
    url = reverse("events:ics", args=[event.slug])
    assert MEETING.encode() not in client.get(url).content
    client.force_login(alice)
    assert MEETING.encode() not in client.get(url).content
    RegistrationFactory(event=event, user=alice, attendance_mode="online", status="waitlisted")
    assert MEETING.encode() not in client.get(url).content


def test_participant_downloading_their_own_ics_gets_the_meeting_link(client, alice):
    event = _maribor_training(format=Format.HYBRID, online_url=MEETING)
    RegistrationFactory(event=event, user=alice, attendance_mode="online")
    client.force_login(alice)
    response = client.get(reverse("events:ics", args=[event.slug]))
    (item,) = _parse(response).walk("VEVENT")
    assert str(item["CONFERENCE"]) == MEETING
    assert MEETING in str(item["DESCRIPTION"])
    assert str(item["LOCATION"]).startswith("Narodni dom")
    assert "private" in response["Cache-Control"]


def test_draft_ics_is_for_its_organisers_only(client, alice, cora):
    event = _maribor_training(status=Event.Status.DRAFT)
    url = reverse("events:ics", args=[event.slug])
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(cora)
    assert client.get(url).status_code == 200


def test_programme_feed_lists_its_visible_events_without_links(client):
    programme = ProgrammeFactory(slug="ce-plus", acronym="CE+")
    _maribor_training(programme=programme, format=Format.HYBRID, online_url=MEETING)
    EventFactory(
        programme=programme, title=MultilingualText("Draft", "en"), status=Event.Status.DRAFT
    )
    EventFactory(title=MultilingualText("Other programme", "en"))
    webinar = EventFactory(
        programme=programme,
        title=MultilingualText("Called-off webinar", "en"),
        format=Format.ONLINE,
        venue_country="",
        status=Event.Status.CANCELLED,
    )
    response = client.get(reverse("events-programme-feed", args=["ce-plus"]))
    assert response.request["PATH_INFO"] == "/programmes/ce-plus/events.ics"
    cal = _parse(response)
    items = _events(cal)
    assert sorted(items) == ["Called-off webinar", "Final meeting in Maribor"]
    assert str(items["Called-off webinar"]["STATUS"]) == "CANCELLED"
    assert str(items["Called-off webinar"]["UID"]) == calendars.uid(webinar)
    assert str(cal["X-WR-CALNAME"]) == "CE+: events"
    assert MEETING.encode() not in response.content
    assert client.get(reverse("events-programme-feed", args=["nothing"])).status_code == 404


def test_programme_events_list_links_its_feed(client):
    ProgrammeFactory(slug="ce-plus", acronym="CE+")
    response = client.get(reverse("events:list"), {"programme": "ce-plus", "when": "all"})
    assert b'href="webcal://testserver/programmes/ce-plus/events.ics"' in response.content
    assert b'href="http://testserver/programmes/ce-plus/events.ics"' in response.content


def test_programme_feed_query_count(client):
    programme = ProgrammeFactory(slug="ce-plus")
    url = reverse("events-programme-feed", args=["ce-plus"])
    _maribor_training(programme=programme)

    def add_more():
        for n in range(3):
            EventFactory(programme=programme, title=MultilingualText(f"More {n}", "en"))

    one, four = assert_same_queries(lambda: client.get(url), add_more)
    assert (len(_parse(one).walk("VEVENT")), len(_parse(four).walk("VEVENT"))) == (1, 4)


def test_private_feed_lists_registrations_with_links_for_confirmed_ones(client, alice):
    hybrid = _maribor_training(format=Format.HYBRID, online_url=MEETING)
    online = EventFactory(
        title=MultilingualText("Waiting webinar", "en"),
        format=Format.ONLINE,
        venue_country="",
        online_url="https://meet.example.org/waiting",
    )
    gone = EventFactory(title=MultilingualText("Left it", "en"))
    someone_elses = EventFactory(title=MultilingualText("Bob's event", "en"))
    RegistrationFactory(event=hybrid, user=alice, attendance_mode="online")
    RegistrationFactory(event=online, user=alice, attendance_mode="online", status="waitlisted")
    RegistrationFactory(event=gone, user=alice, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=someone_elses)
    feed = _feed(alice)
    response = client.get(reverse("events-personal-feed", args=[feed.token]))
    assert response.request["PATH_INFO"] == f"/events/feed/{feed.token}.ics"
    items = _events(_parse(response))
    assert sorted(items) == ["Final meeting in Maribor", "Waiting webinar"]
    confirmed, waiting = items["Final meeting in Maribor"], items["Waiting webinar"]
    assert str(confirmed["CONFERENCE"]) == MEETING
    assert str(confirmed["STATUS"]) == "CONFIRMED"
    assert "CONFERENCE" not in waiting
    assert b"meet.example.org/waiting" not in response.content
    assert str(waiting["STATUS"]) == "TENTATIVE"
    assert confirmed["DTSTART"].dt == datetime(2031, 6, 3, 9, 30, tzinfo=LJUBLJANA)
    assert "private" in response["Cache-Control"]


def test_private_feed_shows_an_event_called_off_as_cancelled(client, alice, cora):
    event = _maribor_training()
    RegistrationFactory(event=event, user=alice)
    services.cancel_event(event, actor=cora)
    feed = _feed(alice)
    items = _events(_parse(client.get(reverse("events-personal-feed", args=[feed.token]))))
    assert str(items["Final meeting in Maribor"]["STATUS"]) == "CANCELLED"


def test_private_feed_leaves_out_drafts(client, alice):
    draft = _maribor_training(status=Event.Status.DRAFT)
    RegistrationFactory(event=draft, user=alice)
    feed = _feed(alice)
    cal = _parse(client.get(reverse("events-personal-feed", args=[feed.token])))
    assert cal.walk("VEVENT") == []


def test_renewed_token_revokes_the_old_address(client, alice):
    client.force_login(alice)
    page = reverse("events:my-calendar")
    assert client.get(page).context["feed"] is None
    assert client.post(page).status_code == 302
    old = CalendarFeed.objects.get(user=alice).token
    shown = client.get(page)
    assert shown.context["feed"]["webcal"] == f"webcal://testserver/events/feed/{old}.ics"
    client.post(page)
    new = CalendarFeed.objects.get(user=alice).token
    assert new != old
    client.logout()
    assert client.get(reverse("events-personal-feed", args=[old])).status_code == 404
    assert client.get(reverse("events-personal-feed", args=[new])).status_code == 200


def test_calendar_page_needs_a_signed_in_person(client):
    page = reverse("events:my-calendar")
    assert client.get(page).status_code == 302
    assert client.post(page).status_code == 302
    assert CalendarFeed.objects.count() == 0


def test_feed_of_a_deactivated_account_is_gone(client):
    person = UserFactory(email="gone@example.org")
    feed = _feed(person)
    person.is_active = False
    person.save()
    assert client.get(reverse("events-personal-feed", args=[feed.token])).status_code == 404


def test_private_feed_query_count(client, alice):
    feed = _feed(alice)
    url = reverse("events-personal-feed", args=[feed.token])
    RegistrationFactory(user=alice)
    one, four = assert_same_queries(
        lambda: client.get(url), lambda: RegistrationFactory.create_batch(3, user=alice)
    )
    assert (len(_parse(one).walk("VEVENT")), len(_parse(four).walk("VEVENT"))) == (1, 4)


def test_pages_link_the_calendars(client, alice):
    event = _maribor_training()
    client.force_login(alice)
    detail = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("events:ics", args=[event.slug])}"' in detail
    mine = client.get(reverse("events:mine")).content.decode()
    assert f'href="{reverse("events:my-calendar")}"' in mine
    me = client.get("/me/").content.decode()
    assert f'href="{reverse("events:my-calendar")}"' in me


def test_event_times_in_winter_keep_their_offset(client):
    event = EventFactory(
        time_zone="Europe/Bucharest",
        starts_at=datetime(2020, 10, 20, 11, 0, tzinfo=ZoneInfo("Europe/Bucharest")),
        ends_at=datetime(2020, 10, 20, 14, 0, tzinfo=ZoneInfo("Europe/Bucharest")),
    )
    (item,) = _parse(client.get(reverse("events:ics", args=[event.slug]))).walk("VEVENT")
    assert item["DTSTART"].dt.astimezone(ZoneInfo("UTC")).hour == 8
    assert item["DTSTART"].params["TZID"] == "Europe/Bucharest"
