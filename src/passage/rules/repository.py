"""Every query about business rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from passage.rules.models import BusinessRule


def add(session: Session, rule: BusinessRule) -> BusinessRule:
    """Stage a new rule version."""
    session.add(rule)
    return rule


def get(session: Session, rule_id: uuid.UUID) -> BusinessRule | None:
    """One rule version by its row id."""
    return session.get(BusinessRule, rule_id)


def versions_of(session: Session, identifier: str) -> list[BusinessRule]:
    """Every stored version of an Identifier, highest Version first."""
    statement = select(BusinessRule).where(BusinessRule.identifier == identifier)
    return sorted(session.scalars(statement), key=lambda rule: rule.semver, reverse=True)


def highest_versions(session: Session, identifiers: Sequence[str]) -> dict[str, BusinessRule]:
    """The highest stored version of each of these Identifiers (absent ones are left out)."""
    found: dict[str, BusinessRule] = {}
    wanted = sorted(set(identifiers))
    for start in range(0, len(wanted), 500):
        statement = select(BusinessRule).where(
            BusinessRule.identifier.in_(wanted[start : start + 500])
        )
        for rule in session.scalars(statement):
            best = found.get(rule.identifier)
            if best is None or rule.semver > best.semver:
                found[rule.identifier] = rule
    return found


def search(
    session: Session,
    *,
    country_iso3: str | None = None,
    rule_type: str | None = None,
    certificate_type: str | None = None,
    at: datetime | None = None,
) -> list[BusinessRule]:
    """Every stored rule version matching the filters, by Identifier then highest Version."""
    statement = select(BusinessRule)
    if country_iso3:
        statement = statement.where(BusinessRule.country_iso3 == country_iso3)
    if rule_type:
        statement = statement.where(BusinessRule.rule_type == rule_type)
    if certificate_type:
        statement = statement.where(BusinessRule.certificate_type == certificate_type)
    if at is not None:
        statement = statement.where(BusinessRule.valid_from <= at, BusinessRule.valid_to > at)
    rules = sorted(session.scalars(statement), key=lambda rule: rule.semver, reverse=True)
    return sorted(rules, key=lambda rule: rule.identifier)


def candidates(
    session: Session,
    *,
    arrival_country: str,
    issuer_country: str | None,
    certificate_types: Sequence[str],
    at: datetime,
) -> Sequence[BusinessRule]:
    """Rule versions valid at `at`: the arrival country's Acceptance rules and the issuer's
    Invalidation rules, of the given certificate types."""
    scope: ColumnElement[bool] = (BusinessRule.country_iso3 == arrival_country) & (
        BusinessRule.rule_type == "Acceptance"
    )
    if issuer_country:
        scope = or_(
            scope,
            (BusinessRule.country_iso3 == issuer_country)
            & (BusinessRule.rule_type == "Invalidation"),
        )
    statement = select(BusinessRule).where(
        scope,
        BusinessRule.certificate_type.in_(list(certificate_types)),
        BusinessRule.valid_from <= at,
        BusinessRule.valid_to > at,
    )
    return session.scalars(statement).all()


def state(session: Session) -> tuple[list[str], datetime | None]:
    """Every stored rule version's id (sorted) and the latest upload time."""
    ids = sorted(str(rule_id) for rule_id in session.scalars(select(BusinessRule.id)))
    latest = session.scalar(select(func.max(BusinessRule.uploaded_at)))
    return ids, latest
