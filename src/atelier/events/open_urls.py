"""Language-neutral endpoints of events: calendar feeds.

Calendar apps keep a subscribed address for years, whatever language its owner reads in.
"""

from django.urls import path

from . import views_calendar

urlpatterns = [
    path(
        "programmes/<slug:slug>/events.ics",
        views_calendar.programme_feed,
        name="events-programme-feed",
    ),
    path("events/feed/<str:token>.ics", views_calendar.personal_feed, name="events-personal-feed"),
]
