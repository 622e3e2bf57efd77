"""The API keeps its published contract: schemathesis generates requests from /openapi.json for
every operation (its examples, boundary values and random input, valid and invalid), anonymously
and as an administrator, in-process against the ASGI app on the test database, and checks every
answer against the schema: no 5xx, every status, content type, header and body as documented,
405s with Allow, invalid input refused.

Schema-valid requests may still be refused by a business rule (a point of entry that does not
exist is a 404 or 422), so schemathesis' positive_data_acceptance check is not run. A literal
path that a templated one also matches (`/api/v1/poes/import` and `/api/v1/poes/{poe_id}`) is
routed to the template for the template's methods, as the schema's templates say, so the
checks of undeclared methods and of Allow skip those paths. The contract does not depend on the
database: this runs on SQLite only, to keep CI short."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    allow_header_conformance,
    positive_data_acceptance,
    unsupported_method,
)

from tests.conftest import application
from tests.factories import bearer, make_user, token_for

schema = schemathesis.openapi.from_asgi("/openapi.json", application())
EXAMPLES = settings(
    max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
NOT_CHECKED = [positive_data_acceptance]


def _shadowed_paths(paths: list[str]) -> set[str]:
    """Literal paths that a templated path of the schema matches too."""
    templates = [
        re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$")
        for p in paths
        if "{" in p
    ]
    return {p for p in paths if "{" not in p and any(t.match(p) for t in templates)}


SHADOWED = _shadowed_paths(list(schema.raw_schema["paths"]))


def _not_checked(case) -> list:
    if case.operation.path in SHADOWED:
        return [*NOT_CHECKED, unsupported_method, allow_header_conformance]
    return NOT_CHECKED


@pytest.fixture
def sqlite_only(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the API contract is checked once, on SQLite")


@pytest.fixture
def admin_headers(session, sqlite_only) -> dict[str, str]:
    headers = bearer(token_for(session, make_user(session)))
    session.commit()
    return headers


@schema.parametrize()
@EXAMPLES
def test_api_contract_anonymously(app, sqlite_only, case):
    case.call_and_validate(excluded_checks=_not_checked(case))


@schema.parametrize()
@EXAMPLES
def test_api_contract_as_admin(app, admin_headers, case):
    case.call_and_validate(headers=admin_headers, excluded_checks=_not_checked(case))
