"""The verification pipeline: QR text to a report of every step, never raising on bad input."""

from __future__ import annotations

import base64
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeAlias

import cbor2
from jsonschema.protocols import Validator

from passage.dcc.verifier.base45 import Base45Error, b45decode
from passage.dcc.verifier.cose import CoseError, Sign1, parse_sign1, signature_is_valid
from passage.dcc.verifier.schema import (
    SchemaUnavailable,
    StructureCheck,
    compile_schema,
    default_structure_check,
    official_check,
    read_validator,
)
from passage.dcc.verifier.trust import Signer, signers_for
from passage.dcc.verifier.valuesets import ValueSets, default_value_sets, value_set_errors
from passage.kit.clock import iso_z

PREFIX = "HC1:"
STEPS = (
    "prefix",
    "base45",
    "decompress",
    "cose",
    "cbor",
    "schema",
    "signature",
    "key_usage",
    "expiry",
)
TEXT_STEPS = ("prefix", "base45", "decompress")
CLAIM_ISSUER, CLAIM_EXPIRY, CLAIM_ISSUED_AT, CLAIM_HEALTH_CERTIFICATE = 1, 4, 6, -260
CERTIFICATE_TYPES = {"v": "vaccination", "t": "test", "r": "recovery"}
MAX_INFLATED_BYTES = 1 << 20  # a DCC is a few hundred bytes; refuse zip bombs

# A compiled schema, a schema document, a schema file, a structure check (such as
# structure.structure_errors), or None to turn the schema step off.
SchemaOption: TypeAlias = Validator | Mapping[str, Any] | str | Path | StructureCheck | None
Rules: TypeAlias = Callable[[dict[str, Any]], str]


class _Default:
    """Marker: the configured schema file, the conformance copy, or Passage's own rules."""


DEFAULT_SCHEMA: Any = _Default()


class StepFailed(Exception):
    """A decoding step failed; the message says why."""


@dataclass
class _Run:
    """The state of one verification, turned into the public report at the end."""

    steps: dict[str, bool | None]
    not_applicable: frozenset[str] = frozenset()
    failures: dict[str, str] = field(default_factory=dict)
    unknowns: dict[str, str] = field(default_factory=dict)
    decoded: dict[str, Any] | None = None
    kid: bytes | None = None
    issuer_country: str | None = None
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    certificate_type: str | None = None

    def record(self, step: str, passed: bool | None, message: str = "") -> None:
        """Set a step outcome and remember why it failed."""
        self.steps[step] = passed
        if passed is False:
            self.failures.setdefault(step, message)

    def report(self) -> dict[str, Any]:
        """Return the public report dict."""
        result, failed_step, message = self._verdict()
        return {
            "decoded": self.decoded,
            "steps": dict(self.steps),
            "result": result,
            "failed_step": failed_step,
            "message": message,
            "kid": base64.b64encode(self.kid).decode("ascii") if self.kid else None,
            "issuer_country": self.issuer_country,
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "certificate_type": self.certificate_type,
        }

    def _verdict(self) -> tuple[str, str | None, str]:
        """INVALID at the first failed step; else UNKNOWN at the first step that could not
        run or decide; VALID only when every step that applies ran and passed."""
        for step in self.steps:
            if step in self.failures:
                return "INVALID", step, self.failures[step]
        for step, passed in self.steps.items():
            if step in self.unknowns:
                return "UNKNOWN", step, self.unknowns[step]
            if passed is None and step not in self.not_applicable:
                return "UNKNOWN", step, f"the {step} step could not be run"
        return "VALID", None, "certificate is valid"


def verify(
    qr_text: str,
    trust_list: Sequence[bytes] | None = None,
    at: datetime | None = None,
    *,
    schema: SchemaOption = DEFAULT_SCHEMA,
    rules: Rules | None = None,
    value_sets: ValueSets | None = None,
) -> dict[str, Any]:
    """Verify the text of a DCC QR code (``HC1:`` + Base45) and report every step.

    ``schema`` checks the structure: by default the official schema file when one is
    configured (PASSAGE_DCC_SCHEMA) or beside the project, else Passage's own rules
    (``structure.structure_errors``); None turns the step off (the answer is then UNKNOWN).
    ``value_sets`` (value set id -> codes) are checked with the schema; by default only the
    country codes (ISO 3166-1). ``rules`` evaluates business rules on the decoded certificate.
    """
    run = _new_run(rules)
    checks = _Checks(schema, rules, value_sets)
    try:
        cose_bytes = _decode_text(run, qr_text)
        if cose_bytes is not None:
            _check_cose(run, cose_bytes, trust_list, at, checks)
    except Exception as error:  # a bug must not turn bad input into an exception
        _record_crash(run, error)
    return run.report()


def verify_cose(
    cose_bytes: bytes,
    trust_list: Sequence[bytes] | None = None,
    at: datetime | None = None,
    *,
    schema: SchemaOption = DEFAULT_SCHEMA,
    rules: Rules | None = None,
    value_sets: ValueSets | None = None,
) -> dict[str, Any]:
    """Verify COSE_Sign1 bytes directly; the text steps (prefix, base45, decompress) are null."""
    run = _new_run(rules)
    run.not_applicable = frozenset(TEXT_STEPS)
    try:
        _check_cose(run, cose_bytes, trust_list, at, _Checks(schema, rules, value_sets))
    except Exception as error:
        _record_crash(run, error)
    return run.report()


@dataclass(frozen=True)
class _Checks:
    """The content checks a caller asked for: schema, business rules, value sets."""

    schema: SchemaOption
    rules: Rules | None
    value_sets: ValueSets | None

    def codes(self) -> ValueSets:
        """The value sets to check (the defaults when none were given)."""
        return default_value_sets() if self.value_sets is None else self.value_sets


def _new_run(rules: Rules | None) -> _Run:
    steps: dict[str, bool | None] = dict.fromkeys(STEPS)
    if rules is not None:
        steps["rules"] = None
    return _Run(steps=steps)


def _record_crash(run: _Run, error: Exception) -> None:
    step = next((name for name, value in run.steps.items() if value is None), "cbor")
    run.record(step, False, f"unexpected error: {type(error).__name__}: {error}")


def _decode_text(run: _Run, qr_text: Any) -> bytes | None:
    if not isinstance(qr_text, str) or not qr_text.startswith(PREFIX):
        run.record("prefix", False, f"the text does not start with {PREFIX!r}")
        return None
    run.record("prefix", True)
    try:
        compressed = b45decode(qr_text[len(PREFIX) :].strip("\r\n"))
    except Base45Error as error:
        run.record("base45", False, f"Base45: {error}")
        return None
    run.record("base45", True)
    return _decompress(run, compressed)


def _decompress(run: _Run, data: bytes) -> bytes | None:
    if not _looks_like_zlib(data):
        # Not compressed: that breaks the format, but decode on so the report shows the content.
        run.record("decompress", False, "the payload is not zlib-compressed")
        return data
    try:
        inflated = inflate(data)
    except ValueError as error:
        run.record("decompress", False, f"zlib: {error}")
        return None
    run.record("decompress", True)
    return inflated


def _looks_like_zlib(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def inflate(data: bytes) -> bytes:
    """Inflate zlib data, refusing truncated streams and outputs over 1 MiB (ValueError)."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error as error:
        raise ValueError(str(error)) from None
    if inflater.unconsumed_tail:
        raise ValueError(f"inflates to more than {MAX_INFLATED_BYTES} bytes")
    if not inflater.eof:
        raise ValueError("the compressed stream is truncated")
    return inflated


def _check_cose(
    run: _Run,
    cose_bytes: bytes,
    trust_list: Sequence[bytes] | None,
    at: datetime | None,
    checks: _Checks,
) -> None:
    try:
        message = parse_sign1(cose_bytes)
    except CoseError as error:
        run.record("cose", False, f"COSE: {error}")
        return
    run.record("cose", True)
    run.kid = message.kid
    try:
        _read_claims(run, message.payload)
    except StepFailed as error:
        run.record("cbor", False, f"CBOR: {error}")
        return
    run.record("cbor", True)
    _check_schema(run, checks)
    signer = _check_signature(run, message, trust_list)
    _check_key_usage(run, signer)
    _check_expiry(run, signer, _aware(at or datetime.now(UTC)))
    if checks.rules is not None:
        _check_rules(run, checks.rules)


def _read_claims(run: _Run, payload: bytes) -> None:
    try:
        claims = cbor2.loads(payload)
    except Exception as error:
        raise StepFailed(f"the payload is not CBOR: {error}") from None
    if not isinstance(claims, Mapping):
        raise StepFailed("the payload is not a CWT claims map")
    container = claims.get(CLAIM_HEALTH_CERTIFICATE)
    if not isinstance(container, Mapping) or not isinstance(container.get(1), Mapping):
        raise StepFailed("claim -260 does not hold a certificate under key 1")
    run.decoded = _jsonable(container[1])
    issuer = claims.get(CLAIM_ISSUER)
    run.issuer_country = issuer if isinstance(issuer, str) else None
    run.issued_at = _timestamp(claims.get(CLAIM_ISSUED_AT))
    run.expires_at = _timestamp(claims.get(CLAIM_EXPIRY))
    kinds = [name for key, name in CERTIFICATE_TYPES.items() if key in run.decoded]
    run.certificate_type = kinds[0] if len(kinds) == 1 else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _check_schema(run: _Run, checks: _Checks) -> None:
    """The structure (schema) and the value sets; a structure that cannot be checked leaves
    the step undecided (UNKNOWN), unless a value set already fails it."""
    try:
        structure, unavailable = _structure_check(checks.schema), ""
    except SchemaUnavailable as error:
        structure, unavailable = None, str(error)
    errors = structure(run.decoded) if structure is not None else []
    errors += value_set_errors(run.decoded, checks.codes())
    if structure is None and not errors:
        run.unknowns["schema"] = f"the certificate's structure could not be checked: {unavailable}"
        return
    run.record("schema", not errors, "schema: " + "; ".join(errors[:3]))


def _structure_check(schema: SchemaOption) -> StructureCheck:
    """The structure check the caller asked for (SchemaUnavailable when there is none)."""
    if isinstance(schema, _Default):
        return default_structure_check()
    if schema is None:
        raise SchemaUnavailable("the schema check was turned off")
    if isinstance(schema, str | Path):
        return official_check(read_validator(schema))
    if isinstance(schema, Mapping):
        return official_check(compile_schema(dict(schema)))
    if callable(schema):
        return schema
    return official_check(schema)


def _check_signature(
    run: _Run, message: Sign1, trust_list: Sequence[bytes] | None
) -> Signer | None:
    if not trust_list:
        run.unknowns["signature"] = "signature not checked: no trust list given"
        return None
    candidates = signers_for(message.kid, trust_list)
    if not candidates:
        run.steps["signature"] = False
        run.unknowns["signature"] = "no trusted signer certificate has this key id"
        return None
    for signer in candidates:
        if signature_is_valid(message, signer.public_key):
            run.record("signature", True)
            return signer
    run.record("signature", False, "the signature does not match the signer certificate")
    return candidates[0]


def _check_key_usage(run: _Run, signer: Signer | None) -> None:
    if signer is None:
        return
    allowed = signer.may_sign(run.certificate_type)
    run.record(
        "key_usage",
        allowed,
        f"the signer certificate may not sign {run.certificate_type or 'this'} certificates",
    )


def _check_expiry(run: _Run, signer: Signer | None, at: datetime) -> None:
    issued, expires = run.issued_at, run.expires_at
    if issued is None or expires is None:
        run.record("expiry", False, "the issued-at (6) or expiry (4) claim is missing")
    elif at < issued:
        run.record("expiry", False, f"not yet valid: issued at {issued.isoformat()}")
    elif at > expires:
        run.record("expiry", False, f"expired at {expires.isoformat()}")
    elif signer is not None and not signer.not_before <= at <= signer.not_after:
        run.record("expiry", False, "the signer certificate is not valid at this time")
    else:
        run.record("expiry", True)


def _check_rules(run: _Run, rules: Rules) -> None:
    try:
        outcome = rules(run.decoded or {})
    except Exception as error:
        run.unknowns["rules"] = f"business rules could not be evaluated: {error}"
        return
    if outcome == "pass":
        run.record("rules", True)
    elif outcome == "fail":
        run.record("rules", False, "a business rule failed")
    else:
        run.unknowns["rules"] = "business rules are open (not decidable)"
