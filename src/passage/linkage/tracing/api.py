"""JSON routes of family tracing: requests filed and followed, matches for case staff, their
decisions, and what the requester is told."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.linkage.schemas import PersonBrief
from passage.linkage.tracing import service
from passage.linkage.tracing.schemas import (
    MatchDecision,
    RequesterViewRead,
    TracingMatchRead,
    TracingRequestCreate,
    TracingRequestRead,
)

router = APIRouter(prefix="/api/v1/linkage/tracing", tags=["linkage"])
Filer = Annotated[Principal, Require("linkage.trace.request")]
Tracer = Annotated[Principal, Require("linkage.trace")]


def _read(items: list[service.MatchItem]) -> list[TracingMatchRead]:
    return [
        TracingMatchRead(
            id=item.match.id,
            version=item.match.version,
            status=item.match.status,
            match_probability=item.match.match_probability,
            explanation=item.match.explanation,
            child=item.child,
            person=PersonBrief.model_validate(item.person),
        )
        for item in items
    ]


@router.post("", status_code=201)
def file_request(
    data: TracingRequestCreate, session: SessionDep, principal: Filer
) -> TracingRequestRead:
    """File a request to trace a missing family member."""
    request = service.file_request(session=session, actor=principal, data=data)
    return TracingRequestRead.model_validate(request)


@router.get("")
def list_requests(session: SessionDep, principal: Filer) -> list[TracingRequestRead]:
    """Requests you handle (case staff), or those you filed."""
    found = service.requests(session=session, actor=principal)
    return [TracingRequestRead.model_validate(item) for item in found]


@router.get("/{request_id}/matches")
def list_matches(
    request_id: uuid.UUID, session: SessionDep, principal: Tracer
) -> list[TracingMatchRead]:
    """The registered persons who may be the one sought, with their explanation (case staff
    only; each person shown is audited)."""
    return _read(service.matches(session=session, actor=principal, request_id=request_id))


@router.post("/{request_id}/match")
def run_match(
    request_id: uuid.UUID, session: SessionDep, principal: Tracer
) -> list[TracingMatchRead]:
    """Match the request against the persons who may be traced."""
    return _read(service.match(session=session, actor=principal, request_id=request_id))


@router.post("/matches/{match_id}/decision")
def decide(
    match_id: uuid.UUID, data: MatchDecision, session: SessionDep, principal: Tracer
) -> dict[str, str]:
    """Confirm (found: reunification follow-up) or reject a match."""
    item = service.decide(
        session=session,
        actor=principal,
        match_id=match_id,
        decision=data.decision,
        version=data.version,
    )
    return {"id": str(item.id), "status": item.status}


@router.get("/{request_id}/requester")
def requester_view(
    request_id: uuid.UUID, session: SessionDep, principal: Filer
) -> RequesterViewRead:
    """What the requester may be told: the status and, for a found adult, what they consented
    to share with their family."""
    view = service.requester_view(session=session, actor=principal, request_id=request_id)
    return RequesterViewRead(reference=view.reference, status=view.status, shared=view.shared)
