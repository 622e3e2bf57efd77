"""Bad input gets a 4xx with the JSON error shape, never a 5xx: random input on every API route."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import bearer, make_user, token_for
from tests.test_route_access import ROUTES

API_ROUTES = [(m, p) for m, p, _ in ROUTES if p.startswith("/api/")]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=8,
)
path_values = st.one_of(
    st.uuids().map(str),
    st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and s.strip()),
    st.sampled_from(["KEN", "ken", "XXX", "0", "-1", "%00"]),
)
query_params = st.dictionaries(
    st.sampled_from(
        ["date", "country", "kind", "q", "limit", "offset", "status", "format", "as_of", "region"]
    ),
    st.text(max_size=15),
    max_size=3,
)


@pytest.fixture
def admin_headers(session) -> dict[str, str]:
    headers = bearer(token_for(session, make_user(session)))
    session.commit()
    return headers


@pytest.mark.parametrize(("method", "path"), API_ROUTES, ids=[f"{m} {p}" for m, p in API_ROUTES])
def test_random_input_never_causes_a_server_error(app, session, admin_headers, method, path):
    client = TestClient(app, raise_server_exceptions=False)

    @settings(
        max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(path_value=path_values, params=query_params, body=json_values)
    def check(path_value: str, params: dict[str, str], body: Any) -> None:
        url = re.sub(r"\{[^}]+\}", quote(path_value, safe=""), path)
        json_body = body if method in {"POST", "PUT", "PATCH"} else None
        response = client.request(method, url, params=params, headers=admin_headers, json=json_body)
        assert response.status_code < 500, (
            f"{method} {url} {params} {body!r}: {response.text[:300]}"
        )
        if response.status_code >= 400:
            assert {"error", "detail", "field"} <= set(response.json())

    check()
