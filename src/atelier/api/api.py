"""The REST API, assembled from each app's router.

Whatever goes wrong answers JSON, ``{"detail": ...}``, in the reader's language where the
message is ours: a missing object or path 404, a refusal 403, bad input 400 (a service's
checks, with ``errors`` per field) or 422 (the request does not fit the schema: ``detail``
lists what, where). The OpenAPI document says so for every endpoint.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

# Any error of the API, as the handlers below and ninja's own (422) answer it.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "title": "Detail",
            "description": "What went wrong; for a request that does not fit the schema, a "
            "list of the problems with where each is (loc) and a message (msg).",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
        },
        "errors": {
            "title": "Errors",
            "description": "Messages per field, when a service refused the input.",
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}


class AtelierAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Every operation documents its error answers: the ones it declares, and any other
        status with the common error body (``default``)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"]["Error"] = ERROR_SCHEMA
        error = {
            "description": "An error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for methods in schema["paths"].values():
            for operation in methods.values():
                operation["responses"].setdefault("default", error)
        return schema


api = AtelierAPI(
    title="Atelier API",
    version="1",
    description="The REST API of Atelier: programmes, organisations, the library and more.",
    urls_namespace="api",
)


def not_found_detail():
    return {"detail": _("Not found.")}


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request, exc):
    return api.create_response(request, not_found_detail(), status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": _("You may not do this.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Log in first.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = {}
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "errors": errors}, status=400
    )


@csrf_exempt  # nothing is changed; a POST without a token gets the same 404
def unknown_path(request, path=""):
    """Below /api/, a path no endpoint answers is a JSON 404 too, not the site's page."""
    return JsonResponse(not_found_detail(), status=404)


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
