"""The search's API router: one search across everything, as the search page answers it."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from . import services

router = Router(tags=["search"])


class HitOut(Schema):
    kind: str
    id: int
    title: str
    title_language: str
    original_title: str
    language: str
    summary: str
    url: str
    score: float


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    pages: int
    results: list[HitOut]
    types: list[FacetOut]
    languages: list[FacetOut]


class SearchIn(Schema):
    # Documented as the handler checks it, which answers its own message otherwise.
    q: str = Field(json_schema_extra={"minLength": 1, "maxLength": 200, "pattern": r"\S"})
    type: list[str] = []
    lang: list[str] = []
    page: int = Field(1, json_schema_extra={"minimum": 1})


@router.get("/", response=SearchOut, auth=None, summary="Search everything")
def search(request, params: Query[SearchIn]):
    """Public: resources, programmes, organisations, events, calls, experts and plans that
    anyone may see, by meaning (across languages) and by words. Titles come in the reader's
    language (``Accept-Language`` or the ``lang`` prefix) where a translation exists."""
    query = params.q.strip()
    if not query or len(query) > 200:
        raise HttpError(422, _("Say what to search for, in at most 200 characters."))
    if params.page < 1:
        raise HttpError(422, _("The page number starts at 1."))
    results = services.search(
        query, kinds=params.type, languages=params.lang, page=params.page, per_page=20
    )
    hits = []
    for hit in results.hits:
        title = hit.title
        summary = hit.summary
        hits.append(
            {
                "kind": hit.entry.kind,
                "id": hit.entry.object_id,
                "title": title.text,
                "title_language": title.language,
                "original_title": hit.entry.title.get("text", ""),
                "language": hit.entry.language,
                "summary": summary.text if summary else "",
                "url": settings.SITE_URL.rstrip("/") + hit.entry.url,
                "score": round(hit.score, 4),
            }
        )

    def facets(values):
        return [{"value": v.value, "label": str(v.label), "count": v.count} for v in values]

    return {
        "query": results.query,
        "total": results.total,
        "page": results.page.number,
        "pages": results.page.paginator.num_pages,
        "results": hits,
        "types": facets(results.kinds),
        "languages": facets(results.languages),
    }
