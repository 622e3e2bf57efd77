"""Unit tests of the DCC verifier with certificates signed here (no conformance data needed)."""

from __future__ import annotations

import base64
import importlib
import zlib
from datetime import timedelta
from pathlib import Path

import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from passage.dcc.verifier import (
    KEY_USAGE_OIDS,
    STEPS,
    Base45Error,
    b45decode,
    key_id,
    load_trust_list,
    verify,
    verify_cose,
)
from tests.dcc.factory import (
    NOW,
    VACCINATION,
    b45encode,
    make_signer,
    qr_text,
    sign1,
    signed_qr,
)

# These tests are about the other steps: a schema that accepts any object keeps them
# independent of where the DCC schema is found.
NO_SCHEMA = {"schema": {"type": "object"}}
# The pipeline module (the package's `verify` attribute is the function of the same name).
PIPELINE = importlib.import_module("passage.dcc.verifier.verify")


def test_base45_decodes_the_rfc_9285_examples() -> None:
    assert b45decode("BB8") == b"AB"
    assert b45decode("%69 VD92EX0") == b"Hello!!"
    assert b45decode("UJCLQE7W581") == b"base-45"
    assert b45decode("QED8WEX0") == b"ietf!"


def test_base45_round_trips_with_the_test_encoder() -> None:
    data = bytes(range(256))
    assert b45decode(b45encode(data)) == data


@pytest.mark.parametrize(
    ("text", "problem"),
    [("ab", "alphabet"), ("GGW", "more than 2 bytes"), ("ABCD", "lone"), (":::", "more than")],
)
def test_base45_rejects_bad_text(text: str, problem: str) -> None:
    with pytest.raises(Base45Error, match=problem):
        b45decode(text)


def test_es256_certificate_from_a_trusted_signer_is_valid() -> None:
    text, der = signed_qr("ec")
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert report["result"] == "VALID", report["message"]
    assert report["decoded"] == VACCINATION
    assert report["certificate_type"] == "vaccination"
    assert report["issuer_country"] == "DE"
    assert report["kid"] == base64.b64encode(key_id(der)).decode()
    assert report["steps"]["signature"] is True


def test_ps256_certificate_from_a_trusted_rsa_signer_is_valid() -> None:
    text, der = signed_qr("rsa")
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert report["result"] == "VALID", report["message"]
    assert report["steps"]["signature"] is True


def test_report_has_every_step_and_no_rules_key_without_rules() -> None:
    text, der = signed_qr()
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert tuple(report["steps"]) == STEPS
    assert "rules" not in report["steps"]


def test_tampered_payload_fails_the_signature() -> None:
    key, der = make_signer()
    message = cbor2.loads(sign1(key, protected_kid=key_id(der)))
    protected, unprotected, payload, signature = message.value
    tampered = payload.replace(b"Erika", b"Erica")
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, tampered, signature]))
    report = verify(qr_text(forged), [der], at=NOW, **NO_SCHEMA)
    assert report["steps"]["signature"] is False
    assert report["result"] == "INVALID"
    assert report["failed_step"] == "signature"
    assert report["decoded"]["nam"]["gn"] == "Erica"


def test_signature_from_another_key_with_the_same_kid_is_invalid() -> None:
    _, der = make_signer()
    other_key, _ = make_signer()
    text = qr_text(sign1(other_key, protected_kid=key_id(der)))
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert (report["result"], report["failed_step"]) == ("INVALID", "signature")


def test_wrong_prefix_is_invalid_at_the_prefix_step() -> None:
    text, der = signed_qr()
    report = verify("HC2:" + text[4:], [der], at=NOW)
    assert report["steps"]["prefix"] is False
    assert (report["result"], report["failed_step"]) == ("INVALID", "prefix")
    assert report["decoded"] is None


def test_bad_base45_is_invalid_at_the_base45_step() -> None:
    report = verify("HC1:abc~", [], at=NOW)
    assert report["steps"]["prefix"] is True
    assert report["steps"]["base45"] is False
    assert report["failed_step"] == "base45"


def test_broken_zlib_stream_fails_decompression() -> None:
    text, der = signed_qr()
    truncated = b45decode(text[4:])[:-10]
    report = verify("HC1:" + b45encode(truncated), [der], at=NOW)
    assert (report["steps"]["decompress"], report["failed_step"]) == (False, "decompress")


def test_uncompressed_payload_fails_decompression_but_is_still_decoded() -> None:
    key, der = make_signer()
    text = qr_text(sign1(key, protected_kid=key_id(der)), compress=False)
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert report["steps"]["decompress"] is False
    assert report["steps"]["signature"] is True
    assert (report["result"], report["failed_step"]) == ("INVALID", "decompress")
    assert report["decoded"] == VACCINATION


@pytest.mark.parametrize("tag", ["cose", "cwt", "untagged"])
def test_cose_sign1_is_read_tagged_double_tagged_or_untagged(tag: str) -> None:
    key, der = make_signer()
    report = verify(qr_text(sign1(key, protected_kid=key_id(der), tag=tag)), [der], at=NOW)
    assert report["steps"]["cose"] is True
    assert report["steps"]["signature"] is True


def test_kid_in_protected_header_wins_over_unprotected() -> None:
    key, der = make_signer()
    good, bad = key_id(der), b"\x00" * 8
    trusted = verify(
        qr_text(sign1(key, protected_kid=good, unprotected_kid=bad)), [der], at=NOW, **NO_SCHEMA
    )
    assert trusted["result"] == "VALID"
    untrusted = verify(
        qr_text(sign1(key, protected_kid=bad, unprotected_kid=good)), [der], at=NOW, **NO_SCHEMA
    )
    assert untrusted["steps"]["signature"] is False
    assert untrusted["kid"] == base64.b64encode(bad).decode()


def test_kid_in_unprotected_header_is_used_when_the_protected_one_is_absent() -> None:
    key, der = make_signer()
    report = verify(qr_text(sign1(key, unprotected_kid=key_id(der))), [der], at=NOW, **NO_SCHEMA)
    assert report["result"] == "VALID"


def test_no_matching_signer_is_unknown_with_the_signature_step_named() -> None:
    text, _ = signed_qr()
    _, stranger = make_signer()
    report = verify(text, [stranger], at=NOW, **NO_SCHEMA)
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "signature")
    assert report["steps"]["signature"] is False


def test_without_trust_list_the_signature_is_not_run_and_the_result_unknown() -> None:
    text, _ = signed_qr()
    report = verify(text, None, at=NOW, **NO_SCHEMA)
    assert report["steps"]["signature"] is None
    assert report["result"] == "UNKNOWN"


def test_a_definite_failure_outranks_an_unknown_signature() -> None:
    text, _ = signed_qr()
    report = verify(text, [], at=NOW + timedelta(days=400), **NO_SCHEMA)
    assert (report["result"], report["failed_step"]) == ("INVALID", "expiry")


@pytest.mark.parametrize(
    ("moment", "passes"),
    [(NOW, True), (NOW - timedelta(days=2), False), (NOW + timedelta(days=181), False)],
)
def test_expiry_checks_issued_at_and_expiry_against_the_clock(moment, passes) -> None:
    text, der = signed_qr()
    report = verify(text, [der], at=moment, **NO_SCHEMA)
    assert report["steps"]["expiry"] is passes


def test_expiry_fails_when_the_signer_certificate_has_lapsed() -> None:
    text, der = signed_qr(expires=NOW + timedelta(days=500))
    report = verify(text, [der], at=NOW + timedelta(days=400), **NO_SCHEMA)
    assert report["steps"]["expiry"] is False
    assert "signer certificate" in report["message"]


@pytest.mark.parametrize(
    ("usages", "allowed"),
    [
        ([KEY_USAGE_OIDS["vaccination"]], True),
        ([KEY_USAGE_OIDS["test"]], False),
        ([KEY_USAGE_OIDS["test"], KEY_USAGE_OIDS["vaccination"]], True),
        (["1.3.6.1.4.1.0.1847.2021.1.2"], True),  # the legacy mistyped arc
        # generic purposes only (TLS client, e-mail) name no DCC type: no restriction, as early
        # Spanish signers show (their test cases must verify)
        (["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4"], True),
        (["2.23.136.1.1.14.2"], False),  # an ICAO VDS-NC signer signs no DCC
        (None, True),
    ],
)
def test_extended_key_usage_must_cover_the_certificate_type(usages, allowed) -> None:
    key, der = make_signer(usages=usages)
    report = verify(qr_text(sign1(key, protected_kid=key_id(der))), [der], at=NOW, **NO_SCHEMA)
    assert report["steps"]["key_usage"] is allowed
    assert (report["result"] == "VALID") is allowed


def test_schema_step_uses_the_given_schema() -> None:
    text, der = signed_qr()
    needs_test = {"type": "object", "required": ["t"]}
    report = verify(text, [der], at=NOW, schema=needs_test)
    assert (report["steps"]["schema"], report["failed_step"]) == (False, "schema")
    report = verify(text, [der], at=NOW, schema={"type": "object", "required": ["v"]})
    assert report["steps"]["schema"] is True


def test_with_the_schema_step_turned_off_the_answer_is_unknown_not_valid() -> None:
    text, der = signed_qr()
    report = verify(text, [der], at=NOW, schema=None)
    assert report["steps"]["schema"] is None
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "schema")
    assert "the certificate's structure could not be checked" in report["message"]
    assert report["steps"]["signature"] is True  # the other steps still ran


def test_a_value_set_failure_is_invalid_even_when_the_structure_cannot_be_checked() -> None:
    text, der = signed_qr()
    report = verify(text, [der], at=NOW, schema=None, value_sets={"country-2-codes": {"FR"}})
    assert (report["result"], report["failed_step"]) == ("INVALID", "schema")


def test_a_configured_schema_file_that_cannot_be_read_makes_the_answer_unknown(
    tmp_path: Path, monkeypatch
) -> None:
    text, der = signed_qr()
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(tmp_path / "missing.json"))
    report = verify(text, [der], at=NOW)
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "schema")
    assert "the DCC schema file named by PASSAGE_DCC_SCHEMA cannot be read" in report["message"]
    assert str(tmp_path) not in report["message"]  # no server path shown to officers
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(broken))
    report = verify(text, [der], at=NOW)
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "schema")
    assert "PASSAGE_DCC_SCHEMA cannot be read: Expecting property name" in report["message"]


def test_a_step_that_did_not_run_makes_the_answer_unknown(monkeypatch) -> None:
    text, der = signed_qr()
    monkeypatch.setattr(PIPELINE, "_check_expiry", lambda run, signer, at: None)
    report = verify(text, [der], at=NOW, **NO_SCHEMA)
    assert report["steps"]["expiry"] is None
    assert (report["result"], report["failed_step"]) == ("UNKNOWN", "expiry")


def test_schema_found_through_the_environment(tmp_path: Path, monkeypatch) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text('{"type": "object", "required": ["r"]}')
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(schema_file))
    text, der = signed_qr()
    assert verify(text, [der], at=NOW)["steps"]["schema"] is False


@pytest.mark.parametrize(
    ("outcome", "result", "step"),
    [
        ("pass", "VALID", True),
        ("fail", "INVALID", False),
        ("open", "UNKNOWN", None),
    ],
)
def test_business_rules_outcome_decides_the_rules_step(outcome, result, step) -> None:
    text, der = signed_qr()
    seen = []
    report = verify(
        text, [der], at=NOW, rules=lambda cert: seen.append(cert) or outcome, **NO_SCHEMA
    )
    assert seen == [VACCINATION]
    assert report["steps"]["rules"] is step
    assert report["result"] == result


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "HC1:",
        "HC1:0",
        "HC1:" + b45encode(b"\x78\x9c\x00"),
        "HC1:" + b45encode(b"\xff" * 40),
        "HC1:" + b45encode(zlib.compress(cbor2.dumps([1, 2, 3, 4]))),
        "HC1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"\x01", b""])))),
        "HC1:"
        + b45encode(
            zlib.compress(cbor2.dumps(cbor2.CBORTag(18, [b"", {}, cbor2.dumps({-260: 5}), b""])))
        ),
        None,
        b"HC1:bytes",
    ],
)
def test_malformed_input_never_raises_and_is_invalid(garbage) -> None:
    report = verify(garbage, [b"not a certificate"], at=NOW)
    assert report["result"] == "INVALID"
    assert report["failed_step"] in STEPS


def test_verify_cose_skips_the_text_steps() -> None:
    key, der = make_signer()
    report = verify_cose(sign1(key, protected_kid=key_id(der)), [der], at=NOW, **NO_SCHEMA)
    assert report["result"] == "VALID"
    assert [report["steps"][name] for name in ("prefix", "base45", "decompress")] == [None] * 3


def test_load_trust_list_reads_pem_der_and_directories(tmp_path: Path) -> None:
    _, first = make_signer()
    _, second = make_signer("rsa")
    pem = x509.load_der_x509_certificate(second).public_bytes(Encoding.PEM)
    (tmp_path / "a.der").write_bytes(first)
    (tmp_path / "b.pem").write_bytes(pem)
    (tmp_path / "notes.txt").write_text("not a certificate")
    assert load_trust_list(tmp_path) == [first, second]
    assert load_trust_list([tmp_path / "b.pem", first]) == [second, first]
    with pytest.raises(ValueError):
        load_trust_list(b"garbage")
