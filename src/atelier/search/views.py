"""The search page: one box for everything."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from atelier.core.permissions import permission_required

from . import services
from .forms import SearchForm

PER_PAGE = 20


def _query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@permission_required("search.search")
def search(request):
    form = SearchForm(request.GET)
    results = services.search(**form.search_arguments(), per_page=PER_PAGE)
    context = {
        "form": form,
        "results": results,
        "page": results.page,
        "query": _query_without_page(request),
    }
    template = "search/search.html"
    if request.headers.get("HX-Request") == "true":
        template += "#results-region"
    return render(request, template, context)
