"""Atelier's URL map plus ``/bare/`` (see bare_asgi.py)."""

from django.http import HttpResponse
from django.urls import path

from atelier.urls import urlpatterns as atelier_urlpatterns


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bare/", bare), *atelier_urlpatterns]
