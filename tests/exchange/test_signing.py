"""Canonical JSON (RFC 8785), detached JWS with Ed25519 (RFC 7515 Appendix F, RFC 8037), JWK
thumbprints (RFC 7638): the pure parts a partner developer re-implements."""

from __future__ import annotations

import base64
import json
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from passage.exchange import jws
from passage.exchange.canonical import (
    canonical_json,
    canonical_json_with,
    number_text,
    reference_canonical_json,
)

# RFC 8032 section 7.1, test 1: secret key, public key, empty message, signature.
RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
RFC8032_SIGNATURE = (
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b"
)


def _double(hex_bits: str) -> float:
    return struct.unpack(">d", bytes.fromhex(hex_bits))[0]


@pytest.mark.parametrize(
    ("bits", "expected"),
    [
        # RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"),
        ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"),
        ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ],
)
def test_numbers_are_written_as_ecmascript_does(bits, expected):
    assert number_text(_double(bits)) == expected


def test_rfc8785_example_object_is_canonicalised():
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert canonical_json(value).decode("utf-8") == expected


def test_large_integers_are_written_as_their_double():
    assert canonical_json(2**53) == b"9007199254740992"
    assert canonical_json(2**53 + 1) == b"9007199254740992"
    assert canonical_json(10**21) == b"1e+21"


def test_keys_are_sorted_by_utf16_code_units_not_code_points():
    # U+1F600 (surrogates D83D DE00) sorts before U+FB01 in UTF-16, after it in code points.
    value = {"\ufb01": 1, "\U0001f600": 2, "a": 3}
    assert canonical_json(value).decode("utf-8") == '{"a":3,"\U0001f600":2,"\ufb01":1}'


@pytest.mark.parametrize(
    "bad", [float("nan"), float("inf"), 10**400, {1: "x"}, {"a": {1, 2}}, "\ud800"]
)
def test_values_outside_i_json_are_refused(bad):
    with pytest.raises(ValueError):
        canonical_json(bad)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.text(alphabet=st.characters(min_codepoint=0xE000)),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_the_fast_path_writes_exactly_what_the_reference_writer_writes(value):
    try:
        expected = reference_canonical_json(value)
    except ValueError:
        with pytest.raises(ValueError):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


member_names = st.sampled_from(["content", "a", "\ufb01", "\U0001f600", ""]) | st.text(max_size=6)


@given(st.dictionaries(st.text(max_size=6), json_values, max_size=6), member_names, json_values)
def test_a_member_written_beforehand_gives_the_canonical_form_of_the_whole(rest, name, member):
    rest.pop(name, None)
    try:
        expected = reference_canonical_json(rest | {name: member})
    except ValueError:
        return
    assert canonical_json_with(rest, name, canonical_json(member)) == expected


def test_a_member_written_beforehand_may_not_be_there_twice():
    with pytest.raises(ValueError):
        canonical_json_with({"content": 1}, "content", b"2")


@given(json_values)
def test_canonical_form_survives_a_json_round_trip(value):
    text = canonical_json(value)
    assert canonical_json(json.loads(text)) == text


def test_ed25519_matches_rfc8032_test_vector():
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(RFC8032_SECRET))
    assert jws.raw_public_key(key.public_key()).hex() == RFC8032_PUBLIC
    assert key.sign(b"").hex() == RFC8032_SIGNATURE


def test_kid_is_the_rfc7638_thumbprint_of_the_jwk():
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(RFC8032_SECRET)).public_key()
    members = '{"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}'
    import hashlib

    expected = base64.urlsafe_b64encode(hashlib.sha256(members.encode()).digest()).rstrip(b"=")
    assert jws.key_id(key) == expected.decode()
    assert jws.public_jwk(key)["x"] == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"


def test_detached_jws_verifies_and_names_its_key():
    key = Ed25519PrivateKey.generate()
    kid = jws.key_id(key.public_key())
    payload = canonical_json({"cursor": 1, "kind": "measure"})
    token = jws.sign_detached(payload, key, kid)
    header, empty, _ = token.split(".")
    assert empty == ""
    assert json.loads(jws.b64url_decode(header)) == {"alg": "EdDSA", "kid": kid}
    assert jws.verify_detached(token, payload, {kid: key.public_key()}) == kid


def test_a_changed_payload_fails_verification():
    key = Ed25519PrivateKey.generate()
    kid = jws.key_id(key.public_key())
    token = jws.sign_detached(b'{"level":4}', key, kid)
    with pytest.raises(jws.SignatureError, match="does not match"):
        jws.verify_detached(token, b'{"level":0}', {kid: key.public_key()})


def test_an_untrusted_key_or_a_foreign_algorithm_is_refused():
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    kid = jws.key_id(key.public_key())
    token = jws.sign_detached(b"{}", key, kid)
    with pytest.raises(jws.SignatureError, match="not trusted"):
        jws.verify_detached(token, b"{}", {jws.key_id(other.public_key()): other.public_key()})
    forged_header = jws.b64url(json.dumps({"alg": "none", "kid": kid}).encode())
    forged = forged_header + ".." + token.split(".")[2]
    with pytest.raises(jws.SignatureError, match="algorithm"):
        jws.verify_detached(forged, b"{}", {kid: key.public_key()})
    with pytest.raises(jws.SignatureError, match="detached"):
        jws.verify_detached(token.replace("..", ".e30."), b"{}", {kid: key.public_key()})


def test_jwk_with_a_wrong_kid_or_a_private_part_is_refused():
    key = Ed25519PrivateKey.generate()
    jwk = jws.public_jwk(key.public_key())
    assert jws.public_key_from_jwk(jwk)[0] == jwk["kid"]
    with pytest.raises(jws.SignatureError, match="thumbprint"):
        jws.public_key_from_jwk(jwk | {"kid": "someone-else"})
    with pytest.raises(jws.SignatureError, match="private"):
        jws.public_key_from_jwk(jwk | {"d": "secret"})
