"""The REST API, assembled from each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Atelier API",
    version="1",
    description="The REST API of Atelier: programmes, organisations, the library and more.",
    urls_namespace="api",
)


@api.get("/health", tags=["platform"], auth=None, summary="Is the service up")
def health(request):
    """Public: says the API answers."""
    return {"status": "ok"}


from atelier.calls.api import router as calls_router  # noqa: E402
from atelier.events.api import router as events_router  # noqa: E402
from atelier.experts.api import router as experts_router  # noqa: E402
from atelier.library.api import router as library_router  # noqa: E402
from atelier.network.api import router as organisations_router  # noqa: E402
from atelier.plans.api import router as plans_router  # noqa: E402
from atelier.programmes.api import router as programmes_router  # noqa: E402
from atelier.search.api import router as search_router  # noqa: E402

api.add_router("/organisations/", organisations_router)
api.add_router("/programmes/", programmes_router)
api.add_router("/events/", events_router)
api.add_router("/experts/", experts_router)
api.add_router("/library/", library_router)
api.add_router("/calls/", calls_router)
api.add_router("/plans/", plans_router)
api.add_router("/search/", search_router)
