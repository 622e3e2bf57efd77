"""DCC trust and verification: trust lists (rotated without downtime), value sets, and the one
verification both port health and the journey check use.

Trust comes from the database: every trust list's current revision, plus the certificates named
by PASSAGE_DCC_TRUST_LIST (a file or folder) when it is set, as documented for deployments that
configure their signers by file. Value sets are the built-in countries, PASSAGE_DCC_VALUE_SETS
files, then the imported ones.

Rotation: importing a trust list again writes its signers as the next revision and moves the
list's current revision in the same transaction. Each verification reads the (list, revision)
pairs with one small query and uses the signers cached for that state, so every worker picks up
the new list at its next request, in-flight verifications finish on the old one, and nothing
restarts. The previous revision is kept for a rollback.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography import x509
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.config import get_settings
from passage.dcc import repository
from passage.dcc.destination import destination_rules, with_rules
from passage.dcc.models import DccSigner, DccValueSet, TrustList
from passage.dcc.schemas import ValueSetRead
from passage.dcc.verifier import load_trust_list, verify
from passage.dcc.verifier.trust import signer_from_der
from passage.dcc.verifier.valuesets import (
    ValueSetError,
    default_value_sets,
    load_value_sets,
    parse_value_set,
)
from passage.errors import Invalid
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow
from passage.rules.service import RulesOutcome

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
        raise Invalid(
            "not PEM, DER or a JSON trust list: %(error)s", params={"error": error}, field="file"
        ) from None


def _from_json(data: bytes) -> tuple[list[tuple[str | None, bytes]], list[dict[str, Any]]]:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid(
            "the JSON cannot be read: %(error)s", params={"error": error}, field="file"
        ) from None
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
        raise Invalid(
            "more than %(limit)s certificates", params={"limit": MAX_SIGNERS}, field="file"
        )
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


def trust_lists(*, session: Session) -> list[tuple[TrustList, Sequence[DccSigner]]]:
    """Every trust list with the signers of its current revision (the administrator's view)."""
    return [
        (trust, repository.signers_of(session, trust.id, trust.current_revision))
        for trust in repository.trust_lists(session)
    ]


def list_trust_lists(*, session: Session) -> Sequence[TrustList]:
    """Every trust list by name, with its current revision."""
    return repository.trust_lists(session)


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
        raise Invalid(
            "the JSON cannot be read: %(error)s", params={"error": error}, field="file"
        ) from None
    documents = document if isinstance(document, list) else [document]
    saved = []
    for position, item in enumerate(documents, start=1):
        try:
            identifier, date, codes = parse_value_set(item)
        except ValueSetError as error:
            raise Invalid(
                "value set %(position)s: %(error)s",
                params={"position": position, "error": error},
                field="file",
            ) from None
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


def value_set_reads(*, session: Session) -> list[ValueSetRead]:
    """The value sets in force with their code counts (imported ones with their date)."""
    imported = {row.value_set_id: row.value_set_date for row in repository.value_sets(session)}
    return [
        ValueSetRead(value_set_id=key, value_set_date=imported.get(key), code_count=len(codes))
        for key, codes in sorted(active_value_sets(session).items())
    ]


# ---------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """One verification: the certificate's own report and, when the destination's business
    rules were asked for, their outcome (None when no rule set applies)."""

    certificate: dict[str, Any]
    at: datetime
    rules_checked: bool = False
    rules_outcome: RulesOutcome | None = None

    @property
    def rules_result(self) -> str | None:
        """pass, fail or open; None when no rule ran."""
        return self.rules_outcome.result if self.rules_outcome else None

    @property
    def rules(self) -> list[dict[str, Any]]:
        """Each rule evaluated, JSON-ready."""
        return [item.to_dict() for item in self.rules_outcome.rules] if self.rules_outcome else []

    @property
    def report(self) -> dict[str, Any]:
        """The report with the `rules` step when the rules were checked (a failed rule makes
        the result INVALID, an undecidable one UNKNOWN)."""
        if not self.rules_checked:
            return self.certificate
        return with_rules(self.certificate, self.rules_result)


def verify_qr(
    *, session: Session, qr_text: str, destination: str | None, at: datetime | None = None
) -> Verification:
    """Verify a QR payload against the active trust list and value sets at a moment, then
    evaluate the destination's business rules on it through the rules engine (when a
    destination is given and the certificate is not invalid)."""
    moment = as_utc(at) if at else utcnow()
    codes = active_value_sets(session)
    report = verify(qr_text.strip(), active_trust_list(session), at=moment, value_sets=codes)
    if not destination or report["decoded"] is None or report["result"] == "INVALID":
        return Verification(report, moment)
    outcome = destination_rules(
        session=session,
        destination=destination,
        report=report,
        payload=report["decoded"],
        at=moment,
        value_sets={key: sorted(value) for key, value in codes.items()},
    )
    return Verification(report, moment, rules_checked=True, rules_outcome=outcome)
