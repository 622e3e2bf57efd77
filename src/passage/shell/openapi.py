"""/openapi.json that tells the truth about errors: the one error shape on every error status a
route can answer, worked out from what the route declares (permission, path, body, method)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field, PydanticUserError, TypeAdapter
from pydantic.fields import FieldInfo

from passage.auth.deps import OpenCheck, PermissionCheck

ERROR_SCHEMA = "Error"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DESCRIPTIONS = {
    400: "The body cannot be read (not UTF-8 JSON, or a broken multipart form)",
    401: "Not signed in, or the API token is invalid, expired or revoked",
    403: "The role or scope does not allow this (or a cookie request without its CSRF token)",
    404: "No such record, or not one the caller may see",
    409: "A concurrent edit (stale version) or a duplicate; nothing was applied",
    413: "The request body is larger than this route allows",
    422: "The input is not valid; `field` names the first problem, `context` may list them all",
    429: "Too many attempts; try again later",
    503: "The database is busy with long work; retry after `Retry-After` seconds",
}


class ErrorBody(BaseModel):
    """The one error shape of the API (`passage.errors.PassageError.to_dict`)."""

    error: str = Field(description="A stable code: invalid, not_found, conflict, ...")
    detail: str = Field(description="A message for people")
    field: str | None = Field(description="The input the error is about (`a.b.c`), if one")
    context: Any = Field(
        default=None,
        description="More about the error when there is more (for a 422 of request "
        "validation: every problem as {field, message})",
    )


def _permission_checks(dependant: Dependant) -> Iterator[PermissionCheck]:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, PermissionCheck):
            yield dependency.call
        yield from _permission_checks(dependency)


def _has_parameters(dependant: Dependant) -> bool:
    own = dependant.path_params or dependant.query_params or dependant.header_params
    return bool(own) or any(_has_parameters(d) for d in dependant.dependencies)


def error_statuses(route: APIRoute, method: str) -> set[int]:
    """The error statuses a route can answer, from what it declares."""
    declared = {int(status) for status in route.responses if str(status).isdigit()}
    statuses = declared & set(DESCRIPTIONS)
    if any(not isinstance(check, OpenCheck) for check in _permission_checks(route.dependant)):
        statuses |= {401, 403}  # a bad token on any route; the role; CSRF on cookie requests
    if route.dependant.path_params or _references_records(route):
        statuses.add(404)
    if method in UNSAFE_METHODS:
        statuses |= {409, 413, 422}  # stale versions and duplicates; a body; the service's rules
    if route.body_field is not None:
        statuses |= {400, 413, 422}
    if _has_parameters(route.dependant):
        statuses.add(422)
    return statuses


def _references_records(route: APIRoute) -> bool:
    """True when a query parameter or the body names a record by id (which may not exist)."""
    fields = [*route.dependant.query_params]
    if route.body_field is not None:
        fields.append(route.body_field)
    return any('"format": "uuid"' in json.dumps(_schema_of(field.field_info)) for field in fields)


def _schema_of(info: FieldInfo) -> dict[str, Any]:
    if info.annotation is None:
        return {}
    try:
        return TypeAdapter(info.annotation).json_schema()
    except PydanticUserError:  # an annotation with no JSON form (an upload)
        return {}


def _error_response(status: int) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    return {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": schema}},
    }


def document_errors(schema: dict[str, Any], app: FastAPI) -> None:
    """Put the error shape on every error status of every operation (replacing FastAPI's 422)."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        operations = schema["paths"].get(context.path_format, {})
        if not isinstance(route, APIRoute) or not operations:
            continue
        for method in route.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            for status in sorted(error_statuses(route, method)):
                documented = _error_response(status)
                declared = route.responses.get(status) or route.responses.get(str(status)) or {}
                if "description" in declared:
                    documented["description"] = declared["description"]
                operation["responses"][str(status)] = documented
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA] = ErrorBody.model_json_schema()
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def truthful_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """An `app.openapi` that documents the errors on top of FastAPI's schema."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        document_errors(schema, app)
        return schema

    return openapi
