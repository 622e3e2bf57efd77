"""The actions on a case that the pages and the API both offer, each with its payload schema,
its service call and the field naming the record it acts on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from passage.protection.cases import plan
from passage.protection.cases import service as cases
from passage.protection.cases.schemas import (
    Assignment,
    ClosureCreate,
    FollowUpCreate,
    FollowUpDone,
    NoteCreate,
    ReopenCreate,
    RiskChange,
    ServiceCreate,
    ServiceOutcome,
    StatusChange,
    TransferCreate,
)

# action -> (payload schema, service call, the form field naming the record it acts on)
Action = tuple[type[BaseModel], Callable[..., Any], str]
ACTIONS: dict[str, Action] = {
    "status": (StatusChange, cases.change_status, "case_id"),
    "risk": (RiskChange, cases.change_risk, "case_id"),
    "assign": (Assignment, cases.assign, "case_id"),
    "transfer": (TransferCreate, cases.transfer, "case_id"),
    "close": (ClosureCreate, cases.close, "case_id"),
    "reopen": (ReopenCreate, cases.reopen, "case_id"),
    "services": (ServiceCreate, plan.add_service, "case_id"),
    "service-outcome": (ServiceOutcome, plan.record_service_outcome, "service_id"),
    "follow-ups": (FollowUpCreate, plan.add_follow_up, "case_id"),
    "follow-up-done": (FollowUpDone, plan.complete_follow_up, "follow_up_id"),
    "notes": (NoteCreate, plan.add_note, "case_id"),
}
