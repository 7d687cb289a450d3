"""The OpenAPI document names every schema once, so each endpoint is documented with its own."""

import pytest
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from atelier.api.api import api


def _models(operation):
    """(model, mode) for every schema an operation reads or answers with."""
    yield from ((model, "validation") for model in operation.models)
    for model in operation.response_models.values():
        if model not in (None, Ellipsis) and hasattr(model, "model_json_schema"):
            yield model, "serialization"


def _operations():
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_every_schema_in_the_document_is_the_one_its_endpoints_use():
    components = api.get_openapi_schema()["components"]["schemas"]
    seen = {}
    for operation in _operations():
        for model, mode in _models(operation):
            schema = model.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
            )
            for name, definition in schema.get("$defs", {}).items():
                other = seen.setdefault(name, (definition, operation.view_func.__name__))
                assert other[0] == definition, (
                    f"two schemas are named {name}: in {other[1]} and "
                    f"{operation.view_func.__name__}"
                )
                assert components[name] == definition


def test_the_library_search_is_documented_with_the_library_schema(client):
    document = client.get("/api/openapi.json").json()
    answer = document["paths"]["/api/library/resources/"]["get"]["responses"]["200"]
    reference = answer["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert {"sort", "count", "items", "facets"} <= set(schema["properties"])
    search = document["paths"]["/api/search/"]["get"]["responses"]["200"]
    reference = search["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert {"total", "results", "types", "languages"} <= set(schema["properties"])


pytestmark = pytest.mark.django_db


def test_every_operation_documents_its_error_answers(client):
    document = client.get("/api/openapi.json").json()
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            default = operation["responses"]["default"]["content"]["application/json"]
            assert default["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path)
