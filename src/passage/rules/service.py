"""Rule sets: upload (all or nothing, each rule checked by upload.py), reading, selection and
evaluation."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can
from passage.errors import Forbidden, Invalid, NotFound
from passage.exchange import feed as exchange_feed
from passage.geo import repository as geo_repository
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow
from passage.rules import repository
from passage.rules.certlogic import (
    EVALUATION_ERRORS,
    CompiledLogic,
    compile_logic,
    supports_engine_version,
)
from passage.rules.models import BusinessRule
from passage.rules.schemas import CERTIFICATE_TYPES
from passage.rules.sharing.changes import rule_change
from passage.rules.upload import UploadReport, as_rule_list, check_rules, new_rule

# ---------------------------------------------------------------- upload


def import_rules(
    *, session: Session, documents: Any, uploaded_by: str | None, actor: Principal | None = None
) -> UploadReport:
    """Check an upload and store every rule if, and only if, all of them are accepted; rules of
    a country outside the actor's scope refuse the whole upload (`actor` None: trusted CLI,
    demo or a partner's verified feed)."""
    raws = as_rule_list(documents)
    report, accepted = check_rules(session=session, documents=raws)
    if not report.ok:
        return report
    for _, iso3 in accepted:
        if actor is not None and not can(actor, "rules.manage", ScopeTarget(country=iso3)):
            raise Forbidden(
                "rules of %(iso3)s are outside your scope", params={"iso3": iso3}, field="Country"
            )
    now, stored = utcnow(), []
    for check, (document, iso3) in zip(report.rules, accepted, strict=True):
        rule = new_rule(document, raws[check.index], iso3, uploaded_at=now, uploaded_by=uploaded_by)
        stored.append((check, repository.add(session, rule)))
    session.flush()
    for check, rule in stored:
        check.id = rule.id
        exchange_feed.record_change(session, rule_change(rule))
    audit.record(
        session,
        action="rules.upload",
        object_type="business_rule",
        details={"count": len(accepted), "identifiers": [d.identifier for d, _ in accepted]},
    )
    return report


def upload_rules(
    *, session: Session, documents: Any, uploaded_by: str | None, actor: Principal | None = None
) -> UploadReport:
    """Store an upload of rules, all or nothing; raise 422 (or 409 for versions) if refused,
    403 if a rule's country is outside the actor's scope."""
    report = import_rules(
        session=session, documents=documents, uploaded_by=uploaded_by, actor=actor
    )
    if not report.ok:
        raise report.error()
    return report


# ---------------------------------------------------------------- reading


def resolve_country(session: Session, code: str) -> str:
    """Our ISO3 key for an ISO alpha-2 or alpha-3 code; Invalid if unknown."""
    iso3 = geo_repository.country_codes(session).get(code.strip().upper())
    if iso3 is None:
        raise Invalid("unknown country code %(code)s", params={"code": code}, field="country")
    return iso3


def get_rule(*, session: Session, reference: str) -> BusinessRule:
    """A rule version by row id, or the highest version of an Identifier."""
    try:
        rule = repository.get(session, uuid.UUID(reference))
    except ValueError:
        versions = repository.versions_of(session, reference.strip().upper())
        rule = versions[0] if versions else None
    if rule is None:
        raise NotFound(
            "no business rule %(reference)s", params={"reference": reference}, field="id"
        )
    return rule


def versions_of(*, session: Session, identifier: str) -> list[BusinessRule]:
    """Every stored version of an Identifier, highest first."""
    return repository.versions_of(session, identifier)


def list_rules(
    *,
    session: Session,
    country: str | None = None,
    rule_type: str | None = None,
    certificate_type: str | None = None,
    at: datetime | None = None,
) -> list[BusinessRule]:
    """Stored rule versions filtered by country (alpha-2 or alpha-3), type and validity."""
    return repository.search(
        session,
        country_iso3=resolve_country(session, country) if country else None,
        rule_type=rule_type,
        certificate_type=certificate_type,
        at=None if at is None else as_utc(at),
    )


def data_version(session: Session) -> str:
    """A short hash naming the rule set's state; it changes with every upload."""
    ids, latest = repository.state(session)
    text = "|".join(ids) + "@" + (latest.isoformat() if latest else "-")
    return f"r{len(ids)}-" + hashlib.sha256(text.encode()).hexdigest()[:12]


# ---------------------------------------------------------------- selection


@dataclass(frozen=True, eq=False)
class SelectedRule:
    """A rule version chosen to apply: everything evaluation needs, detached from the database."""

    id: uuid.UUID
    identifier: str
    rule_type: str
    country: str
    version: str
    certificate_type: str
    engine: str
    engine_version: str
    descriptions: tuple[tuple[str, str], ...]
    valid_from: datetime
    valid_to: datetime
    affected_fields: tuple[str, ...]
    logic: Any

    def description(self, language: str = "en") -> str:
        """The description in a language, else English, else the first one."""
        texts = dict(self.descriptions)
        return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


_selected: dict[uuid.UUID, SelectedRule] = {}


def selected_rule(rule: BusinessRule) -> SelectedRule:
    """The detached, immutable form of a stored rule version (cached: versions never change)."""
    cached = _selected.get(rule.id)
    if cached is None:
        cached = SelectedRule(
            id=rule.id,
            identifier=rule.identifier,
            rule_type=rule.rule_type,
            country=rule.country_iso3,
            version=rule.rule_version,
            certificate_type=rule.certificate_type,
            engine=rule.engine,
            engine_version=rule.engine_version,
            descriptions=tuple((d.get("lang", ""), d.get("desc", "")) for d in rule.descriptions),
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            affected_fields=tuple(rule.affected_fields),
            logic=rule.logic,
        )
        _selected[rule.id] = cached
    return cached


def select_rules(
    *,
    session: Session,
    arrival_country: str,
    issuer_country: str | None,
    certificate_type: str,
    at: datetime,
) -> list[SelectedRule]:
    """The rules that apply: the arrival country's Acceptance rules and the issuing country's
    Invalidation rules, of this certificate type or General, valid at `at` (ValidFrom <= at <
    ValidTo), highest Version per Identifier."""
    if certificate_type not in CERTIFICATE_TYPES:
        raise Invalid(
            "unknown certificate type %(certificate_type)s",
            params={"certificate_type": certificate_type},
            field="certificate_type",
        )
    rows = repository.candidates(
        session,
        arrival_country=arrival_country.upper(),
        issuer_country=issuer_country.upper() if issuer_country else None,
        certificate_types=sorted({certificate_type, "General"}),
        at=as_utc(at),
    )
    highest: dict[str, BusinessRule] = {}
    for row in rows:
        best = highest.get(row.identifier)
        if best is None or row.semver > best.semver:
            highest[row.identifier] = row
    return [selected_rule(highest[key]) for key in sorted(highest)]


# ---------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict: pass, fail or open (could not be decided), with its description."""

    identifier: str
    version: str
    rule_type: str
    country: str
    certificate_type: str
    result: str
    description: str
    affected_fields: tuple[str, ...]
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "identifier": self.identifier,
            "version": self.version,
            "type": self.rule_type,
            "country": self.country,
            "certificate_type": self.certificate_type,
            "result": self.result,
            "description": self.description,
            "affected_fields": list(self.affected_fields),
            "error": self.error,
        }


@dataclass(frozen=True)
class RulesOutcome:
    """The verdict of a rule set: pass only when every rule passed; open on any doubt."""

    result: str
    rules: tuple[RuleResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"result": self.result, "rules": [rule.to_dict() for rule in self.rules]}


_compiled: dict[uuid.UUID, CompiledLogic] = {}
_COMPILED_LIMIT = 20_000


def _compiled_logic(rule: SelectedRule) -> CompiledLogic:
    logic = _compiled.get(rule.id)
    if logic is None:
        if len(_compiled) >= _COMPILED_LIMIT:
            _compiled.clear()
        logic = _compiled[rule.id] = compile_logic(rule.logic)
    return logic


def _verdict(rule: SelectedRule, data: dict[str, Any]) -> tuple[str, str | None]:
    """pass/fail/open of one rule; an Invalidation rule that holds fails the certificate."""
    if rule.engine != "CERTLOGIC" or not supports_engine_version(rule.engine_version):
        return "open", f"unsupported engine {rule.engine} {rule.engine_version}"
    try:
        value = _compiled_logic(rule)(data)
    except EVALUATION_ERRORS as error:  # a rule that cannot be evaluated is open, never pass
        return "open", f"evaluation error: {error}"
    except RecursionError:
        return "open", "evaluation error: expression or data nested too deeply"
    if type(value) is not bool:
        return "open", f"the rule returned {value!r}, not true or false"
    holds = value if rule.rule_type == "Acceptance" else not value
    return ("pass" if holds else "fail"), None


def evaluate_rules(
    *,
    rules: list[SelectedRule],
    payload: dict[str, Any],
    external: dict[str, Any],
    language: str = "en",
) -> RulesOutcome:
    """Run the selected rules on a certificate: pass when every Acceptance rule is true and no
    Invalidation rule is true; open when any rule errors or needs an unsupported engine."""
    data = {"payload": payload, "external": external}
    results = []
    for rule in rules:
        verdict, error = _verdict(rule, data)
        results.append(
            RuleResult(
                identifier=rule.identifier,
                version=rule.version,
                rule_type=rule.rule_type,
                country=rule.country,
                certificate_type=rule.certificate_type,
                result=verdict,
                description=rule.description(language),
                affected_fields=rule.affected_fields,
                error=error,
            )
        )
    verdicts = {result.result for result in results}
    overall = "open" if "open" in verdicts else "fail" if "fail" in verdicts else "pass"
    return RulesOutcome(result=overall, rules=tuple(results))


def find_rule(*, session: Session, rule_id: uuid.UUID) -> BusinessRule | None:
    """A stored rule version by id (None: unknown)."""
    return repository.get(session, rule_id)
