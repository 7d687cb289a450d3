"""Atelier's URL map: language-neutral endpoints first, then pages that may carry a prefix."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from atelier.accounts.views import set_language
from atelier.api.api import api, unknown_path
from atelier.core.i18n import language_patterns
from atelier.core.views import healthz, media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", unknown_path),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("atelier.library.open_urls")),
    path("", include("atelier.events.open_urls")),
]

urlpatterns += language_patterns(
    path("", include("atelier.core.urls")),
    path("", include("atelier.accounts.urls")),
    path("", include("atelier.network.urls")),
    path("", include("atelier.programmes.urls")),
    path("library/", include("atelier.library.urls")),
    path("events/", include("atelier.events.urls")),
    path("experts/", include("atelier.experts.urls")),
    path("calls/", include("atelier.calls.urls")),
    path("plans/", include("atelier.plans.urls")),
    path("labs/", include("atelier.labs.urls")),
    path("search/", include("atelier.search.urls")),
    path("", include("atelier.notifications.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
)

if settings.ATELIER_SERVE_MEDIA:
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media)]
