"""Health certificates at a point of entry: trust lists (rotated without downtime), value sets,
and verification through the DCC verifier and the destination's business rules.

Rotation: importing a trust list again writes its signers as the next revision and moves the
list's current revision in the same transaction. Each request reads the (list, revision) pairs
with one small query and uses the signers cached for that state, so every worker picks up the
new list at its next request, in-flight verifications finish on the old one, and nothing
restarts. The previous revision is kept for a rollback.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.config import get_settings
from passage.errors import Invalid
from passage.health import repository
from passage.health.dcc import load_trust_list, verify
from passage.health.dcc.trust import signer_from_der
from passage.health.dcc.valuesets import (
    ValueSetError,
    default_value_sets,
    load_value_sets,
    parse_value_set,
)
from passage.health.models import CertificateCheck, DccSigner, DccValueSet, TrustList
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow

MAX_SIGNERS = 20_000
_trust_cache: dict[tuple[Any, ...], tuple[bytes, ...]] = {}
_value_set_cache: dict[tuple[Any, ...], dict[str, frozenset[str]]] = {}


# ---------------------------------------------------------------- trust lists


@dataclass
class TrustImport:
    """The outcome of a trust-list import."""

    trust_list: TrustList
    imported: int
    rejected: list[dict[str, Any]] = field(default_factory=list)


def read_certificates(data: bytes) -> tuple[list[tuple[str | None, bytes]], list[dict[str, Any]]]:
    """(country, DER) entries from PEM, DER, or a JSON list of {country, rawData}, and the
    entries that could not be read (position and reason)."""
    text = data.lstrip()
    if text.startswith((b"[", b"{")):
        return _from_json(text)
    try:
        return [(None, der) for der in load_trust_list(data)], []
    except ValueError as error:
        raise Invalid(f"not PEM, DER or a JSON trust list: {error}", field="file") from None


def _from_json(data: bytes) -> tuple[list[tuple[str | None, bytes]], list[dict[str, Any]]]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid(f"the JSON cannot be read: {error}", field="file") from None
    entries = document.get("certificates") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise Invalid("a JSON trust list is a list of {country, rawData}", field="file")
    found, rejected = [], []
    for position, entry in enumerate(entries, start=1):
        try:
            raw = entry.get("rawData") or entry.get("certificate") or ""
            der = base64.b64decode(raw, validate=True)
            x509.load_der_x509_certificate(der)
        except (AttributeError, ValueError, TypeError) as error:
            rejected.append({"entry": position, "reason": f"not a certificate ({error})"[:200]})
            continue
        country = entry.get("country")
        found.append((country.upper() if isinstance(country, str) else None, der))
    return found, rejected


def import_trust_list(
    *, session: Session, name: str, data: bytes, actor: Principal, description: str | None = None
) -> TrustImport:
    """Write the certificates as the list's next revision and make it current (atomic)."""
    name = name.strip()
    if not name:
        raise Invalid("give the trust list a name", field="name")
    entries, rejected = read_certificates(data)
    if not entries:
        raise Invalid("the file holds no signer certificate", field="file", context=rejected)
    if len(entries) > MAX_SIGNERS:
        raise Invalid(f"more than {MAX_SIGNERS} certificates", field="file")
    trust = repository.trust_list_by_name(session, name) or TrustList(name=name)
    if trust.id is None:
        session.add(trust)
        session.flush()
    revision = trust.current_revision + 1
    signers = _signers(trust, revision, entries, rejected)
    session.add_all(signers)
    trust.current_revision, trust.signer_count = revision, len(signers)
    trust.description = description or trust.description
    trust.updated_by = actor.user_id
    repository.delete_old_signers(session, trust.id, keep_from=revision - 1)
    session.flush()
    audit.record(
        session,
        action="health.trust_list.import",
        object_type="dcc_trust_list",
        object_id=trust.id,
        details={"revision": revision, "signers": len(signers), "rejected": len(rejected)},
    )
    return TrustImport(trust, len(signers), rejected)


def _signers(
    trust: TrustList,
    revision: int,
    entries: list[tuple[str | None, bytes]],
    rejected: list[dict[str, Any]],
) -> list[DccSigner]:
    signers, seen = [], set()
    for position, (country, der) in enumerate(entries, start=1):
        if der in seen:
            continue
        seen.add(der)
        try:
            signer = signer_from_der(der)
            subject = x509.load_der_x509_certificate(der).subject.rfc4514_string()
        except ValueError as error:
            rejected.append({"entry": position, "reason": str(error)[:200]})
            continue
        signers.append(
            DccSigner(
                trust_list_id=trust.id,
                revision=revision,
                kid=base64.b64encode(signer.kid).decode("ascii"),
                der=der,
                subject=subject[:300],
                country=country[:2] if country else _country_of(subject),
                not_before=signer.not_before,
                not_after=signer.not_after,
                usages=sorted(signer.usages),
            )
        )
    return signers


def _country_of(subject: str) -> str | None:
    for part in subject.split(","):
        key, _, value = part.partition("=")
        if key.strip() == "C" and len(value.strip()) == 2:
            return value.strip().upper()
    return None


@lru_cache(maxsize=4)
def _file_trust_list(path: str) -> tuple[bytes, ...]:
    return tuple(load_trust_list(path))


def active_trust_list(session: Session) -> tuple[bytes, ...]:
    """Every current signer certificate (database lists plus PASSAGE_DCC_TRUST_LIST)."""
    state = repository.trust_state(session)
    cached = _trust_cache.get(state)
    if cached is None:
        cached = tuple(signer.der for signer in repository.current_signers(session))
        if len(_trust_cache) > 8:
            _trust_cache.clear()
        _trust_cache[state] = cached
    path = get_settings().dcc_trust_list
    return cached + _file_trust_list(str(path)) if path else cached


# ---------------------------------------------------------------- value sets


def import_value_sets(*, session: Session, data: bytes, actor: Principal) -> list[DccValueSet]:
    """Store value sets from official JSON (one document or a list); each replaces its id."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid(f"the JSON cannot be read: {error}", field="file") from None
    documents = document if isinstance(document, list) else [document]
    saved = []
    for position, item in enumerate(documents, start=1):
        try:
            identifier, date, codes = parse_value_set(item)
        except ValueSetError as error:
            raise Invalid(f"value set {position}: {error}", field="file") from None
        row = repository.value_set(session, identifier) or DccValueSet(value_set_id=identifier)
        row.value_set_date, row.codes, row.updated_by = date, sorted(codes), actor.user_id
        session.add(row)
        saved.append(row)
    session.flush()
    audit.record(
        session,
        action="health.value_sets.import",
        details={"value_sets": [row.value_set_id for row in saved]},
    )
    return saved


def active_value_sets(session: Session) -> dict[str, frozenset[str]]:
    """Countries (ISO 3166-1), PASSAGE_DCC_VALUE_SETS files, then the imported value sets."""
    state = repository.value_sets_state(session)
    cached = _value_set_cache.get(state)
    if cached is None:
        path = get_settings().dcc_value_sets
        cached = load_value_sets([str(path)]) if path else default_value_sets()
        for row in repository.value_sets(session):
            cached[row.value_set_id] = frozenset(row.codes)
        _value_set_cache.clear()
        _value_set_cache[state] = cached
    return cached


# ---------------------------------------------------------------- verification


@dataclass
class Verification:
    """A verification report with the rules outcome, before it is stored."""

    report: dict[str, Any]
    rules_result: str | None
    rules: list[dict[str, Any]]
    at: datetime


def verify_qr(
    *, session: Session, qr_text: str, destination: str | None, at: datetime | None = None
) -> Verification:
    """Verify a QR payload against the active trust list and value sets at a moment, then
    evaluate the destination's business rules on it through the rules engine (the `rules`
    step: a failed rule makes the result INVALID, an undecidable one UNKNOWN)."""
    from passage.journeys.certificates import destination_rules

    moment = as_utc(at) if at else utcnow()
    codes = active_value_sets(session)
    report = verify(qr_text.strip(), active_trust_list(session), at=moment, value_sets=codes)
    if not destination or report["decoded"] is None or report["result"] == "INVALID":
        return Verification(report, None, [], moment)
    outcome = destination_rules(
        session=session,
        destination=destination,
        report=report,
        payload=report["decoded"],
        at=moment,
        value_sets={key: sorted(value) for key, value in codes.items()},
    )
    result = outcome.result if outcome else None
    rules = [item.to_dict() for item in outcome.rules] if outcome else []
    return Verification(with_rules(report, result), result, rules, moment)


def with_rules(report: dict[str, Any], outcome: str | None) -> dict[str, Any]:
    """The report with the business-rules step: pass, fail, open, or None (no rule applies)."""
    steps = {**report["steps"], "rules": {"pass": True, "fail": False}.get(outcome or "")}
    updated = {**report, "steps": steps}
    if outcome == "fail":
        message = "a business rule of the destination is not met"
        return updated | {"result": "INVALID", "failed_step": "rules", "message": message}
    if outcome == "open" and report["result"] == "VALID":
        message = "a business rule of the destination could not be decided"
        return updated | {"result": "UNKNOWN", "failed_step": "rules", "message": message}
    return updated


def record_check(
    *,
    session: Session,
    verification: Verification,
    actor: Principal,
    poe_id: Any,
    destination: str | None,
    source: str,
) -> CertificateCheck:
    """Store a verification (health data: the decoded certificate is kept for the record)."""
    report = verification.report
    check = CertificateCheck(
        poe_id=poe_id,
        checked_by=actor.user_id,
        checked_at=verification.at,
        source=source,
        destination_iso3=destination,
        result=report["result"],
        failed_step=report.get("failed_step"),
        message=(report.get("message") or "")[:2000],
        steps=report["steps"],
        certificate_type=report.get("certificate_type"),
        issuer_country=(report.get("issuer_country") or "")[:2] or None,
        kid=report.get("kid"),
        rules_result=verification.rules_result,
        rules=verification.rules,
        decoded=report.get("decoded"),
    )
    session.add(check)
    session.flush()
    audit.record(
        session,
        action="health.certificate.verify",
        object_type="certificate_check",
        object_id=check.id,
        purpose="port health",
        details={"result": check.result, "failed_step": check.failed_step, "source": source},
    )
    return check


def get_check(*, session: Session, check_id: Any, actor: Principal) -> CertificateCheck:
    """A stored verification in the actor's health scope (an audited read)."""
    from passage.errors import NotFound
    from passage.health import access

    check = session.get(CertificateCheck, check_id)
    if check is None or (check.poe_id is None and check.checked_by != actor.user_id):
        raise NotFound("no such certificate check")
    if check.poe_id is not None:
        access.check_record_poe(session, check.poe_id, actor, "certificate check")
    audit.record(
        session,
        action="health.certificate.read",
        object_type="certificate_check",
        object_id=check.id,
        purpose="port health",
    )
    return check


def signers_view(session: Session, trust: TrustList) -> Sequence[DccSigner]:
    """The current signers of a trust list (for the administrator's page)."""
    return repository.signers_of(session, trust.id, trust.current_revision)


def read_certificate_file(path: Path) -> bytes:
    """The bytes of a trust-list file (CLI)."""
    return path.read_bytes()
