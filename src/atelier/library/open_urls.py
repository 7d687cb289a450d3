"""Language-neutral endpoints of the library: OAI-PMH and podcast feeds.

Their addresses stay the same whatever language a reader chooses, because harvesters and
podcast apps keep them for years.
"""

from django.urls import path

from . import feeds, oai

urlpatterns = [
    path("oai", oai.oai_pmh, name="library-oai"),
    path("library/podcasts/<slug:slug>/feed.xml", feeds.podcast_feed, name="library-podcast-feed"),
]
