"""JSON routes of record linkage: runs, the review queue, decisions, merges undone, and the
check of a registration for possible duplicates."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.linkage import checks, service
from passage.linkage.schemas import (
    CandidateRead,
    CheckRequest,
    Decision,
    DecisionRead,
    MergeRead,
    PersonBrief,
    PossibleDuplicateRead,
    RunCreate,
    RunRead,
)

router = APIRouter(prefix="/api/v1/linkage", tags=["linkage"])


@router.post("/runs", status_code=201)
def start_run(
    data: RunCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> RunRead:
    """De-duplicate your organisation's registry; new candidates join the review queue."""
    run = service.run(
        session=session, actor=principal, organisation=data.organisation, threshold=data.threshold
    )
    return RunRead.model_validate(run)


@router.get("/candidates")
def list_candidates(
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
    status: Annotated[str, Query(pattern="^(pending|confirmed|rejected)$")] = "pending",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[CandidateRead]:
    """The review queue (or decided candidates), most likely first."""
    items = service.queue(session=session, actor=principal, status=status, limit=limit)
    return [
        CandidateRead(
            id=item.candidate.id,
            version=item.candidate.version,
            status=item.candidate.status,
            match_probability=item.candidate.match_probability,
            explanation=item.candidate.explanation,
            left=PersonBrief.model_validate(item.left),
            right=PersonBrief.model_validate(item.right),
        )
        for item in items
    ]


@router.post("/candidates/{candidate_id}/decision")
def decide(
    candidate_id: uuid.UUID,
    data: Decision,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> DecisionRead:
    """Confirm (merge the newer record into the older, reversibly) or reject a candidate."""
    candidate = service.decide(
        session=session,
        actor=principal,
        candidate_id=candidate_id,
        decision=data.decision,
        version=data.version,
        reason=data.reason,
    )
    merge = service.merge_of(session=session, candidate_id=candidate.id)
    return DecisionRead(
        id=candidate.id, status=candidate.status, merge_id=merge.id if merge else None
    )


@router.post("/merges/{merge_id}/undo")
def undo_merge(
    merge_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> MergeRead:
    """Undo a merge: both records stand apart again; the pair returns to the queue."""
    return MergeRead.model_validate(
        service.undo_merge(session=session, actor=principal, merge_id=merge_id)
    )


@router.post("/check")
def check_registration(
    data: CheckRequest,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.check")],
) -> list[PossibleDuplicateRead]:
    """Possible duplicates of a registration in your organisation, before it is saved (stores
    nothing; each person shown is audited as read)."""
    found = checks.possible_duplicates(
        session=session, actor=principal, row=data.row(), organisation=data.organisation
    )
    return [
        PossibleDuplicateRead(
            person=PersonBrief.model_validate(item.person),
            match_probability=item.match_probability,
            explanation=item.explanation,
        )
        for item in found
    ]
