"""Scope scenarios of the linkage routes, merged into tests/test_route_scope.py: a reviewer
of one organisation reaches its candidates and merges, and no other organisation's; case staff
and partner workers file tracing requests for their organisations only, and case staff match
and decide only their organisations' requests."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from passage.linkage.tracing.models import TracingMatch
from tests import scope_walk
from tests.linkage.helpers import merged_pair, queued_pair
from tests.linkage.tracing_helpers import tracing_request
from tests.scope_walk import ORGANISATION_ONLY, Call

# Organisation grants reach linkage candidates and merges.
Scenario = partial(scope_walk.Scenario, scopes=ORGANISATION_ONLY)


def _run(form: bool) -> Callable[[Any, Any], Call]:
    def setup(session: Any, place: Any) -> Call:
        body = {"organisation": place.organisation}
        return Call(data=body) if form else Call(json=body)

    return setup


def _decision(form: bool) -> Callable[[Any, Any], Call]:
    def setup(session: Any, place: Any) -> Call:
        candidate = queued_pair(session, place.organisation)
        body = {"decision": "reject", "version": candidate.version}
        path = {"candidate_id": str(candidate.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


def _undo(session: Any, place: Any) -> Call:
    merge = merged_pair(session, place.organisation)
    return Call(path={"merge_id": str(merge.id)}, json={})


def _check(session: Any, place: Any) -> Call:
    body = {"given_names": "Amina", "surname": "Yusuf", "organisation": place.organisation}
    return Call(json=body)


def _file(form: bool) -> Callable[[Any, Any], Call]:
    def setup(session: Any, place: Any) -> Call:
        body = {
            "organisation": place.organisation,
            "given_names": "Hawa",
            "relationship": "child",
            "requester_name": "Halima Yusuf",
        }
        return Call(data=body) if form else Call(json=body)

    return setup


def _match(session: Any, place: Any) -> Call:
    request = tracing_request(session, place.organisation)
    return Call(path={"request_id": str(request.id)}, data={})


def _trace_decision(form: bool) -> Callable[[Any, Any], Call]:
    def setup(session: Any, place: Any) -> Call:
        request = tracing_request(session, place.organisation)
        person = queued_pair(session, place.organisation).person_l_id
        match = TracingMatch(request_id=request.id, person_id=person, match_probability=0.9)
        session.add(match)
        session.flush()
        body = {"decision": "reject", "version": match.version}
        path = {"match_id": str(match.id)}
        return Call(path=path, data=body) if form else Call(path=path, json=body)

    return setup


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", "/api/v1/linkage/runs"): Scenario(_run(False)),
    ("POST", "/linkage/runs"): Scenario(_run(True)),
    ("POST", "/api/v1/linkage/candidates/{candidate_id}/decision"): Scenario(_decision(False)),
    ("POST", "/linkage/candidates/{candidate_id}/decision"): Scenario(_decision(True)),
    ("POST", "/api/v1/linkage/merges/{merge_id}/undo"): Scenario(_undo),
    ("POST", "/linkage/merges/{merge_id}/undo"): Scenario(_undo),
    ("POST", "/api/v1/linkage/check"): Scenario(_check),
    ("POST", "/api/v1/linkage/tracing"): Scenario(_file(False)),
    ("POST", "/linkage/tracing"): Scenario(_file(True)),
    ("POST", "/api/v1/linkage/tracing/{request_id}/match"): Scenario(_match),
    ("POST", "/linkage/tracing/{request_id}/match"): Scenario(_match),
    ("POST", "/api/v1/linkage/tracing/matches/{match_id}/decision"): Scenario(
        _trace_decision(False)
    ),
    ("POST", "/linkage/tracing/matches/{match_id}/decision"): Scenario(_trace_decision(True)),
}
UNSCOPED: dict[tuple[str, str], str] = {}
