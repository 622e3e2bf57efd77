"""Input limits over HTTP: every integer parameter is bounded (a huge one is a 422, not an
OverflowError 500) and a request body over its route's limit is a 413 before anything parses it.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator

import pytest
from annotated_types import Le, Lt
from fastapi.dependencies.models import Dependant
from pydantic.fields import FieldInfo

from passage.config import get_settings
from tests.factories import bearer, make_user, token_for
from tests.test_route_access import ROUTES

LARGEST_STORED_INTEGER = 2**63 - 1  # SQLite INTEGER and PostgreSQL BIGINT
MB = 1024 * 1024


def _parameters(dependant: Dependant) -> Iterator[tuple[str, FieldInfo]]:
    for field in (*dependant.path_params, *dependant.query_params, *dependant.header_params):
        yield field.name, field.field_info
    for dependency in dependant.dependencies:
        yield from _parameters(dependency)


def _is_integer(annotation: object) -> bool:
    return annotation is int or int in typing.get_args(annotation)


def _upper_bound(info: FieldInfo) -> int | None:
    for constraint in info.metadata:
        if isinstance(constraint, Le):
            return int(constraint.le)  # type: ignore[call-overload]
        if isinstance(constraint, Lt):
            return int(constraint.lt) - 1  # type: ignore[call-overload]
    return None


def test_every_integer_parameter_has_an_upper_bound_the_database_can_store():
    unbounded = [
        f"{method} {path} {name}"
        for method, path, route in ROUTES
        for name, info in _parameters(route.dependant)
        if _is_integer(info.annotation)
        and ((bound := _upper_bound(info)) is None or bound > LARGEST_STORED_INTEGER)
    ]
    assert not unbounded, f"integer parameters without an upper bound: {unbounded}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/poes?offset=9223372036854775808",
        "/poes?page=9223372036854775808",
        "/api/v1/exchange/feed?after=9223372036854775808",
        "/api/v1/exchange/feed.atom?before=9223372036854775808",
    ],
)
def test_a_huge_query_integer_is_refused_with_a_422_even_anonymously(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.text[:300]
    if url.startswith("/api/"):
        assert response.json()["error"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users?offset=9223372036854775808",
        "/api/v1/audit/entries?offset=9223372036854775808",
        "/admin/audit?page=9223372036854775808",
        "/api/v1/countries?region=9223372036854775808",
    ],
)
def test_a_huge_query_integer_is_refused_with_a_422_for_the_admin(client, session, url):
    headers = bearer(token_for(session, make_user(session)))
    session.commit()
    response = client.get(url, headers=headers)
    assert response.status_code == 422, response.text[:300]


def test_an_anonymous_json_body_over_the_limit_is_a_413_in_the_error_shape_unparsed(client):
    body = b'{"email": "' + b"x" * (50 * MB) + b"  this is not JSON"
    response = client.post(
        "/api/v1/auth/token", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413  # a parsed body would be a 422 (not JSON)
    assert response.json() == {
        "error": "too_large",
        "detail": "the request body is larger than 1 MB",
        "field": None,
    }


def test_a_chunked_body_is_refused_once_it_passes_the_limit(client):
    def chunks() -> Iterator[bytes]:
        yield b'{"email": "'
        for _ in range(40):
            yield b"x" * 100_000
        yield b'"}'

    response = client.post(
        "/api/v1/auth/token", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_a_web_form_over_the_limit_is_a_413_page(client):
    response = client.post("/login", data={"email": "x" * (2 * MB), "password": "p"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


def test_a_route_that_takes_a_file_allows_a_larger_upload(client, session):
    headers = bearer(token_for(session, make_user(session)))
    session.commit()
    content = b"not a crossings file " * (2 * MB // 20)
    assert len(content) > get_settings().max_body_bytes
    response = client.post(
        "/api/v1/poes/import", files={"file": ("poes.csv", content)}, headers=headers
    )
    # Taken, not refused as too large: a file over 1 MB becomes a background import job.
    assert response.status_code == 202, response.text[:300]
    assert response.json()["kind"] == "poes"
    assert response.json()["status"] == "queued"


def test_a_405_names_every_method_the_path_allows(client):
    response = client.request("TRACE", "/api/v1/poes")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["error"] == "method_not_allowed"


def test_a_route_may_declare_a_larger_body_limit(client, session):
    headers = bearer(token_for(session, make_user(session)))
    session.commit()
    rules = b"[" + b",".join([b'{"Identifier": "GR-XX-0001"}'] * 80_000) + b"]"
    assert len(rules) > get_settings().max_body_bytes
    response = client.post(
        "/api/v1/rules", content=rules, headers=headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 422, response.text[:300]  # judged by the rules, not refused
