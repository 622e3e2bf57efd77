"""JSON routes of the rule sets: upload EU DCC business rules, list and read them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.kit.clock import IsoDateTime
from passage.rules import service
from passage.rules.certlogic import supports_engine_version
from passage.rules.models import BusinessRule
from passage.rules.schemas import (
    CertificateType,
    RuleDetail,
    RulePage,
    RuleRead,
    RuleType,
    RuleVersionRead,
)
from passage.rules.upload import MAX_UPLOAD_BYTES

router = APIRouter(prefix="/api/v1", tags=["entry rules"])


def rule_read(rule: BusinessRule) -> RuleRead:
    """The API form of a stored rule version."""
    return RuleRead(
        id=rule.id,
        identifier=rule.identifier,
        type=rule.rule_type,
        country=rule.country_code,
        country_iso3=rule.country_iso3,
        version=rule.rule_version,
        schema_version=rule.schema_version,
        engine=rule.engine,
        engine_version=rule.engine_version,
        engine_supported=supports_engine_version(rule.engine_version),
        certificate_type=rule.certificate_type,
        descriptions=rule.descriptions,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        affected_fields=rule.affected_fields,
        logic=rule.logic,
        uploaded_at=rule.uploaded_at,
        uploaded_by=rule.uploaded_by,
        document=rule.document,
    )


def version_read(rule: BusinessRule) -> RuleVersionRead:
    """One line of a rule's version history."""
    return RuleVersionRead(
        id=rule.id,
        version=rule.rule_version,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        uploaded_at=rule.uploaded_at,
    )


@router.post("/rules", status_code=201, max_body_size=MAX_UPLOAD_BYTES)
def upload_rules(
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.manage")],
    documents: Annotated[Any, Body()],
) -> dict[str, Any]:
    """Upload one EU DCC business rule or a list: all stored, or none (422/409 per rule index)."""
    uploaded_by = str(principal.user_id) if principal.user_id else None
    report = service.upload_rules(
        session=session, documents=documents, uploaded_by=uploaded_by, actor=principal
    )
    return report.to_dict()


@router.get("/rules", response_model=RulePage)
def list_rules(
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.read")],
    country: Annotated[str | None, Query(min_length=2, max_length=3)] = None,
    type: RuleType | None = None,
    certificate_type: CertificateType | None = None,
    at: IsoDateTime | None = None,
) -> RulePage:
    """Stored rule versions, filtered by country (alpha-2 or alpha-3), type and validity time."""
    rules = service.list_rules(
        session=session, country=country, rule_type=type, certificate_type=certificate_type, at=at
    )
    return RulePage(total=len(rules), items=[rule_read(rule) for rule in rules])


@router.get("/rules/{rule_id}", response_model=RuleDetail)
def read_rule(
    rule_id: Annotated[str, Path(max_length=64)],
    session: SessionDep,
    principal: Annotated[Principal, Require("rules.read")],
) -> RuleDetail:
    """One rule version by id, or an Identifier's highest version; with every version."""
    rule = service.get_rule(session=session, reference=rule_id)
    versions = service.versions_of(session=session, identifier=rule.identifier)
    return RuleDetail(**rule_read(rule).model_dump(), versions=[version_read(v) for v in versions])
