"""Pages that belong to the platform as a whole."""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from . import home, pickers


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


@require_GET
def pick(request, name):
    # Public: each source answers only what this person may pick (``Source.queryset(user)``).
    try:
        source = pickers.source(name)
    except KeyError as error:
        raise Http404 from error
    field = request.GET.get("field", "")[:100]
    to_field_name = request.GET.get("to")
    query = (request.GET.get(f"{field}__q") or "").strip()[:100]
    groups = pickers.option_groups(
        source,
        source.queryset(request.user),
        request.user,
        query=query,
        selected=request.GET.get(field, "")[:100],
        to_field_name=to_field_name if to_field_name in source.value_fields else None,
    )
    options = pickers.render_options(groups, "---------" if request.GET.get("blank") else None)
    status = format_html(
        '<p class="picker-status meta" id="{}__status" role="status" hx-swap-oob="true">{}</p>',
        request.GET.get("select", "")[:150],
        pickers.count_message(groups, query),
    )
    return HttpResponse(options + status)
