"""Scope scenarios of the linkage routes, merged into tests/test_route_scope.py: a reviewer
of one organisation reaches its candidates and merges, and no other organisation's.

`Call` and `Scenario` have the shape of test_route_scope's (that module imports this one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.linkage.helpers import merged_pair, queued_pair

ORGANISATION_ONLY = ("organisation",)


@dataclass
class Call:
    """What a scenario sends."""

    path: dict[str, str] = field(default_factory=dict)
    json: Any = None
    data: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    refused: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Scenario:
    """How to make a target at a place; reached by organisation grants."""

    setup: Callable[[Any, Any], Call]
    scopes: tuple[str, ...] = ORGANISATION_ONLY


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


SCENARIOS: dict[tuple[str, str], Scenario] = {
    ("POST", "/api/v1/linkage/runs"): Scenario(_run(False)),
    ("POST", "/linkage/runs"): Scenario(_run(True)),
    ("POST", "/api/v1/linkage/candidates/{candidate_id}/decision"): Scenario(_decision(False)),
    ("POST", "/linkage/candidates/{candidate_id}/decision"): Scenario(_decision(True)),
    ("POST", "/api/v1/linkage/merges/{merge_id}/undo"): Scenario(_undo),
    ("POST", "/linkage/merges/{merge_id}/undo"): Scenario(_undo),
    ("POST", "/api/v1/linkage/check"): Scenario(_check),
}
UNSCOPED: dict[tuple[str, str], str] = {}
