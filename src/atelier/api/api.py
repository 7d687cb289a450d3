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


from atelier.network.api import router as organisations_router  # noqa: E402
from atelier.programmes.api import router as programmes_router  # noqa: E402

api.add_router("/organisations/", organisations_router)
api.add_router("/programmes/", programmes_router)
