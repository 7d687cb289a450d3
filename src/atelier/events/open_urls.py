"""Language-neutral endpoints of events: calendar feeds.

Calendar apps keep a subscribed address for years, whatever language its owner reads in.
"""

from django.urls import path

from .views import calendars

urlpatterns = [
    path(
        "programmes/<slug:slug>/events.ics",
        calendars.programme_feed,
        name="events-programme-feed",
    ),
    path("events/feed/<str:token>.ics", calendars.personal_feed, name="events-personal-feed"),
]
