"""Pages that belong to the platform as a whole."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from . import home


@require_GET
def home_page(request):
    # Public: anyone, signed in or not, may read the home page.
    return render(request, "core/home.html", {"sections": home.sections_for(request)})


@require_GET
def privacy(request):
    # Public.
    return render(request, "core/privacy.html")


@require_GET
def accessibility(request):
    # Public.
    return render(request, "core/accessibility.html")


@require_GET
def media(request, path):
    # Public: uploaded files carry generated names; private files never live under MEDIA_ROOT.
    # MEDIA_ROOT is read per request, so a changed setting (as in tests) takes effect.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
@require_GET
def healthz(request):
    # Public: load balancers ask it without credentials; it reveals nothing but up or down.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
