"""Checking an upload of EU DCC business rules, rule by rule: its document parsed, its country
known, its logic valid and tried on the sample certificates of its type, its Version higher
than the stored ones. Every reason to refuse a rule is reported."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.errors import Conflict, Invalid, PassageError
from passage.geo import repository as geo_repository
from passage.kit.readable import describe
from passage.rules import repository
from passage.rules.certlogic import (
    EVALUATION_ERRORS,
    SUPPORTED_ENGINE_VERSIONS,
    compile_logic,
    supports_engine_version,
    validate,
)
from passage.rules.models import BusinessRule
from passage.rules.samples import context_for, samples_for
from passage.rules.schemas import RuleDocument
from passage.rules.semver import Version, parse_version

MAX_RULES_PER_UPLOAD = 500
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a file of rules, or the JSON body of POST /api/v1/rules


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
        raise Invalid("at most %(limit)s rules per upload", params={"limit": MAX_RULES_PER_UPLOAD})
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
            check.refuse(location, describe(problem))
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


def new_rule(document: RuleDocument, raw: dict[str, Any], iso3: str, **upload: Any) -> BusinessRule:
    """The stored form of an accepted rule (`upload`: when and by whom)."""
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
