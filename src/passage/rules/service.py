"""Rule sets: upload (validated and tried on sample certificates), selection and evaluation."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import Conflict, Invalid, NotFound, PassageError
from passage.exchange import feed as exchange_feed
from passage.geo import repository as geo_repository
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow
from passage.rules import repository
from passage.rules.certlogic import (
    SUPPORTED_ENGINE_VERSIONS,
    CertLogicError,
    CompiledLogic,
    compile_logic,
    supports_engine_version,
    validate,
)
from passage.rules.models import BusinessRule
from passage.rules.samples import context_for, samples_for
from passage.rules.schemas import CERTIFICATE_TYPES, RuleDocument
from passage.rules.semver import Version, parse_version
from passage.rules.sharing.changes import rule_change

MAX_RULES_PER_UPLOAD = 500
EVALUATION_ERRORS = (CertLogicError, ArithmeticError, TypeError, ValueError, LookupError)
"""What evaluating a rule may raise; each makes the rule's result open, never pass."""


# ---------------------------------------------------------------- upload


@dataclass
class RuleCheck:
    """The outcome of one uploaded rule: accepted, or refused with each reason."""

    index: int
    identifier: str | None = None
    version: str | None = None
    errors: list[dict[str, str | None]] = field(default_factory=list)
    conflict: bool = False
    id: uuid.UUID | None = None

    @property
    def accepted(self) -> bool:
        """True when nothing is wrong with the rule."""
        return not self.errors

    def refuse(self, field_name: str | None, message: str, *, conflict: bool = False) -> None:
        """Record one reason to refuse the rule."""
        self.errors.append({"field": field_name, "message": message})
        self.conflict = self.conflict or conflict

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "index": self.index,
            "identifier": self.identifier,
            "version": self.version,
            "status": "accepted" if self.accepted else "refused",
            "id": None if self.id is None else str(self.id),
            "errors": self.errors,
        }


@dataclass
class UploadReport:
    """What an upload did: all rules accepted and stored, or none of them."""

    rules: list[RuleCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every rule was accepted."""
        return all(check.accepted for check in self.rules)

    @property
    def refused(self) -> list[RuleCheck]:
        """The refused rules."""
        return [check for check in self.rules if not check.accepted]

    def reasons(self) -> list[str]:
        """One line per reason, naming the rule by index and Identifier."""
        return [
            f"rule {check.index} ({check.identifier or '?'}): "
            + (f"{error['field']}: " if error["field"] else "")
            + str(error["message"])
            for check in self.refused
            for error in check.errors
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "stored": len(self.rules) if self.ok else 0,
            "refused": len(self.refused),
            "rules": [check.to_dict() for check in self.rules],
        }

    def error(self) -> PassageError:
        """The error to answer a refused upload with: 422, or 409 when only versions clash."""
        only_conflicts = all(check.conflict for check in self.refused)
        kind = Conflict if only_conflicts else Invalid
        first = self.refused[0]
        field_name = first.errors[0]["field"]
        if len(self.rules) > 1 and field_name:
            field_name = f"{first.index}.{field_name}"
        detail = f"{len(self.refused)} of {len(self.rules)} rules refused; " + self.reasons()[0]
        return kind(detail, field=field_name, context=self.to_dict())


def as_rule_list(documents: Any) -> list[Any]:
    """The rules of an upload: one rule object or a non-empty list of them."""
    if isinstance(documents, dict):
        return [documents]
    if not isinstance(documents, list) or not documents:
        raise Invalid("expected a business rule object or a non-empty list of them")
    if len(documents) > MAX_RULES_PER_UPLOAD:
        raise Invalid(f"at most {MAX_RULES_PER_UPLOAD} rules per upload")
    return documents


def _parse(raw: Any, check: RuleCheck) -> RuleDocument | None:
    if isinstance(raw, dict):
        check.identifier = raw.get("Identifier") if isinstance(raw.get("Identifier"), str) else None
        check.version = raw.get("Version") if isinstance(raw.get("Version"), str) else None
    try:
        return RuleDocument.model_validate(raw)
    except ValidationError as error:
        for problem in error.errors():
            location = ".".join(str(part) for part in problem["loc"]) or None
            check.refuse(location, problem["msg"].removeprefix("Value error, "))
        return None


def _check_logic(document: RuleDocument, check: RuleCheck) -> None:
    if not supports_engine_version(document.engine_version):
        check.refuse(
            "EngineVersion",
            f"engine version {document.engine_version} is not supported "
            f"(supported: {SUPPORTED_ENGINE_VERSIONS})",
        )
    for message in validate(document.logic):
        check.refuse("Logic", message)


def _try_on_samples(document: RuleDocument, check: RuleCheck) -> None:
    """Run the rule on the built-in samples of its certificate type; refuse it if it errors."""
    logic = compile_logic(document.logic)
    for sample in samples_for(document.certificate_type):
        data = context_for(sample, country_code=document.country)
        try:
            value = logic(data)
        except EVALUATION_ERRORS as error:
            check.refuse("Logic", f"evaluation error on sample {sample.name!r}: {error}")
            return
        if type(value) is not bool:
            check.refuse("Logic", f"returns {value!r}, not true or false, on {sample.name!r}")
            return


def _check_version(document: RuleDocument, check: RuleCheck, highest: dict[str, Version]) -> None:
    version = parse_version(document.version)
    previous = highest.get(document.identifier)
    if previous is not None and version <= previous:
        stored = ".".join(map(str, previous))
        check.refuse(
            "Version",
            f"version {document.version} of {document.identifier} is not higher than {stored}",
            conflict=True,
        )
    else:
        highest[document.identifier] = version


def check_rules(
    *, session: Session, documents: list[Any]
) -> tuple[UploadReport, list[tuple[RuleDocument, str]]]:
    """Validate every rule of an upload; the accepted ones come back with their ISO3 country."""
    codes = geo_repository.country_codes(session)
    report, accepted = UploadReport(), []
    parsed = [(index, raw, RuleCheck(index)) for index, raw in enumerate(documents)]
    identifiers = [raw["Identifier"] for _, raw, _ in parsed if _identifier_of(raw)]
    stored = repository.highest_versions(session, identifiers)
    highest = {identifier: rule.semver for identifier, rule in stored.items()}
    for _index, raw, check in parsed:
        report.rules.append(check)
        document = _parse(raw, check)
        if document is None:
            continue
        iso3 = codes.get(document.country)
        if iso3 is None:
            check.refuse("Country", f"unknown country code {document.country}")
        _check_logic(document, check)
        if check.accepted:
            _try_on_samples(document, check)
        _check_version(document, check, highest)
        if check.accepted and iso3:
            accepted.append((document, iso3))
    return report, accepted


def _identifier_of(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("Identifier"), str)


def _new_rule(
    document: RuleDocument, raw: dict[str, Any], iso3: str, **upload: Any
) -> BusinessRule:
    major, minor, patch = parse_version(document.version)
    return BusinessRule(
        identifier=document.identifier,
        rule_type=document.type,
        country_code=document.country,
        country_iso3=iso3,
        rule_version=document.version,
        version_major=major,
        version_minor=minor,
        version_patch=patch,
        schema_version=document.schema_version,
        engine=document.engine,
        engine_version=document.engine_version,
        certificate_type=document.certificate_type,
        descriptions=[item.model_dump() for item in document.description],
        valid_from=document.valid_from,
        valid_to=document.valid_to,
        affected_fields=list(document.affected_fields),
        logic=document.logic,
        document=raw,
        **upload,
    )


def import_rules(*, session: Session, documents: Any, uploaded_by: str | None) -> UploadReport:
    """Check an upload and store every rule if, and only if, all of them are accepted."""
    raws = as_rule_list(documents)
    report, accepted = check_rules(session=session, documents=raws)
    if not report.ok:
        return report
    now, stored = utcnow(), []
    for check, (document, iso3) in zip(report.rules, accepted, strict=True):
        rule = _new_rule(
            document, raws[check.index], iso3, uploaded_at=now, uploaded_by=uploaded_by
        )
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


def upload_rules(*, session: Session, documents: Any, uploaded_by: str | None) -> UploadReport:
    """Store an upload of rules, all or nothing; raise 422 (or 409 for versions) if refused."""
    report = import_rules(session=session, documents=documents, uploaded_by=uploaded_by)
    if not report.ok:
        raise report.error()
    return report


# ---------------------------------------------------------------- reading


def resolve_country(session: Session, code: str) -> str:
    """Our ISO3 key for an ISO alpha-2 or alpha-3 code; Invalid if unknown."""
    iso3 = geo_repository.country_codes(session).get(code.strip().upper())
    if iso3 is None:
        raise Invalid(f"unknown country code {code}", field="country")
    return iso3


def get_rule(*, session: Session, reference: str) -> BusinessRule:
    """A rule version by row id, or the highest version of an Identifier."""
    try:
        rule = repository.get(session, uuid.UUID(reference))
    except ValueError:
        versions = repository.versions_of(session, reference.strip().upper())
        rule = versions[0] if versions else None
    if rule is None:
        raise NotFound(f"no business rule {reference}", field="id")
    return rule


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
        raise Invalid(f"unknown certificate type {certificate_type}", field="certificate_type")
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
    except EVALUATION_ERRORS as error:
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


def versions_of(*, session: Session, identifier: str) -> list[BusinessRule]:
    """Every stored version of a rule identifier."""
    return repository.versions_of(session, identifier)


def find_rule(*, session: Session, rule_id: uuid.UUID) -> BusinessRule | None:
    """A stored rule version by id (None: unknown)."""
    return repository.get(session, rule_id)
