"""Passage's own structure check of a DCC payload (what a fresh install's schema step runs):
each rule of the JSON schema specification 1.3.x, the official examples, and agreement with
the official schema file on mutated certificates."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.protocols import Validator

from passage.dcc.verifier import key_id, verify
from passage.dcc.verifier import schema as schema_lookup
from passage.dcc.verifier.schema import SCHEMA_ENV, load_schema
from passage.dcc.verifier.structure import structure_errors
from tests.conformance import CONFORMANCE_ROOT, conformance_dir
from tests.dcc.factory import NOW, VACCINATION, make_signer, qr_text, sign1

SCHEMA_FOLDER = CONFORMANCE_ROOT / "dcc-schema"
TEST = {
    "ver": "1.3.0",
    "nam": {"fnt": "MUSTERMANN"},
    "dob": "1964",
    "t": [
        {
            "tg": "840539006",
            "tt": "LP6464-4",
            "sc": "2021-05-30T10:12:22Z",
            "tr": "260415000",
            "co": "DE",
            "is": "Robert Koch-Institut",
            "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
        }
    ],
}
RECOVERY = {
    "ver": "1.3.0",
    "nam": {"gnt": "ERIKA"},
    "dob": "",
    "r": [
        {
            "tg": "840539006",
            "fr": "2021-04-21",
            "co": "DE",
            "is": "Robert Koch-Institut",
            "df": "2021-05-01",
            "du": "2021-10-21",
            "ci": "URN:UVCI:01DE/5CWLU12RNOB9RXSEOP6FG8#W",
        }
    ],
}


def changed(certificate: dict[str, Any], path: str, value: Any = ..., *, drop: bool = False):
    """A copy of the certificate with the value at a path ("v/0/dn") replaced or dropped."""
    copied = copy.deepcopy(certificate)
    *parents, last = [int(part) if part.isdigit() else part for part in path.split("/")]
    node = copied
    for part in parents:
        node = node[part]
    if drop:
        del node[last]
    else:
        node[last] = value
    return copied


@pytest.mark.parametrize("certificate", [VACCINATION, TEST, RECOVERY])
def test_a_well_formed_certificate_of_each_type_passes(certificate) -> None:
    assert structure_errors(certificate) == []


@pytest.mark.parametrize("key", ["ver", "nam", "dob"])
def test_each_top_level_field_is_required(key: str) -> None:
    assert f"{key}: missing" in structure_errors(changed(VACCINATION, key, drop=True))


def test_a_certificate_holds_exactly_one_of_vaccination_test_or_recovery() -> None:
    none = changed(VACCINATION, "v", drop=True)
    both = {**VACCINATION, "t": TEST["t"]}
    assert structure_errors(none) == ["(root): must hold exactly one of v, t or r (holds none)"]
    assert structure_errors(both) == ["(root): must hold exactly one of v, t or r (holds v, t)"]


@pytest.mark.parametrize("value", [[], VACCINATION["v"] * 2, {}, "v"])
def test_a_group_is_an_array_of_exactly_one_entry(value) -> None:
    assert structure_errors(changed(VACCINATION, "v", value))


@pytest.mark.parametrize("value", ["", "1964", "1964-08", "1964-08-12", "2099-12-31", "1900"])
def test_date_of_birth_accepted_forms(value: str) -> None:
    assert structure_errors(changed(VACCINATION, "dob", value)) == []


@pytest.mark.parametrize(
    "value", ["1815-08-24", "2100-01-01", "1964-8", "12.08.1964", "1964-08-12-01", 1964, None]
)
def test_date_of_birth_rejected_forms(value) -> None:
    errors = structure_errors(changed(VACCINATION, "dob", value))
    assert len(errors) == 1 and errors[0].startswith("dob: ")
    assert str(value) not in errors[0]  # no personal data in the message


def test_a_name_needs_a_standardised_surname_or_forename() -> None:
    only_primary = {"fn": "Musterfrau", "gn": "Erika"}
    assert structure_errors(changed(VACCINATION, "nam", only_primary)) == ["nam: needs fnt or gnt"]
    assert structure_errors(changed(VACCINATION, "nam", {"gnt": "ERIKA"})) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("nam/fnt", "Musterfrau"),
        ("nam/fnt", "MUSTER FRAU"),
        ("nam/gnt", "A" * 81),
        ("nam/fn", "M" * 81),
        ("nam/gn", 7),
        ("nam", "Erika Musterfrau"),
    ],
)
def test_name_rules(path: str, value: Any) -> None:
    assert structure_errors(changed(VACCINATION, path, value))


@pytest.mark.parametrize("field", ["tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"])
def test_every_vaccination_field_is_required(field: str) -> None:
    certificate = changed(VACCINATION, f"v/0/{field}", drop=True)
    assert structure_errors(certificate) == [f"v/0/{field}: missing"]


@pytest.mark.parametrize("field", ["nm", "ma", "tc"])
def test_optional_test_fields_may_be_absent(field: str) -> None:
    with_field = changed(TEST, f"t/0/{field}", "x")
    assert structure_errors(with_field) == []
    assert structure_errors(changed(with_field, f"t/0/{field}", drop=True)) == []


@pytest.mark.parametrize("field", ["tg", "fr", "co", "is", "df", "du", "ci"])
def test_every_recovery_field_is_required(field: str) -> None:
    assert structure_errors(changed(RECOVERY, f"r/0/{field}", drop=True))


@pytest.mark.parametrize(("value", "passes"), [(1, True), (9, True), (2.0, True), (0, False)])
def test_dose_numbers_are_whole_numbers_of_at_least_one(value: Any, passes: bool) -> None:
    assert (structure_errors(changed(VACCINATION, "v/0/dn", value)) == []) is passes


@pytest.mark.parametrize("value", [-1, 1.5, "2", True, None])
def test_dose_numbers_of_another_kind_are_rejected(value: Any) -> None:
    assert structure_errors(changed(VACCINATION, "v/0/sd", value)) == [
        "v/0/sd: must be a whole number of at least 1"
    ]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("v/0/co", "de"),
        ("v/0/co", ""),
        ("v/0/is", "I" * 81),
        ("v/0/ci", "C" * 81),
        ("v/0/tg", 840539006),
        ("v/0/dt", None),
        ("t/0/tc", "T" * 81),
        ("t/0/nm", "N" * 81),
        ("t/0/sc", 1622369542),
        ("ver", "1.3"),
        ("ver", 1.3),
    ],
)
def test_field_rules(path: str, value: Any) -> None:
    certificate = TEST if path.startswith("t/") else VACCINATION
    assert structure_errors(changed(certificate, path, value))


def test_other_keys_are_allowed_as_in_the_official_schema() -> None:
    extended = {**VACCINATION, "x-note": 1, "nam": {**VACCINATION["nam"], "mn": "Anna"}}
    assert structure_errors(changed(extended, "v/0/extra", [1])) == []


@pytest.mark.parametrize("payload", [None, [], "HC1:", 42])
def test_a_payload_that_is_not_an_object_is_rejected(payload: Any) -> None:
    assert structure_errors(payload) == ["(root): the certificate must be an object"]


@pytest.fixture
def fresh_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ../shared beside the project and no PASSAGE_DCC_SCHEMA: any real install."""
    monkeypatch.delenv(SCHEMA_ENV, raising=False)
    monkeypatch.setattr(schema_lookup, "CONFORMANCE_SCHEMA", tmp_path / "none.json")


@pytest.mark.usefixtures("fresh_install")
def test_a_fresh_install_runs_the_schema_step_with_the_built_in_check() -> None:
    key, der = make_signer()
    good = verify(qr_text(sign1(key, protected_kid=key_id(der))), [der], at=NOW)
    assert (good["result"], good["steps"]["schema"]) == ("VALID", True)
    too_old = changed(VACCINATION, "dob", "1815-08-24")
    bad = verify(qr_text(sign1(key, too_old, protected_kid=key_id(der))), [der], at=NOW)
    assert (bad["result"], bad["failed_step"], bad["steps"]["schema"]) == (
        "INVALID",
        "schema",
        False,
    )
    assert bad["message"].startswith("schema: dob: must be YYYY")


# ---------------------------------------------------------------- against the official files


def _official_examples(folder: str) -> list[Path]:
    return sorted((SCHEMA_FOLDER / folder).glob("**/*.json"))


def _example_id(path: Path) -> str:
    return path.relative_to(SCHEMA_FOLDER).as_posix()


VALID_EXAMPLES = _official_examples("examples") + _official_examples("test/valid")
INVALID_EXAMPLES = _official_examples("test/invalid")


@pytest.mark.conformance
def test_the_official_example_folders_are_there() -> None:
    conformance_dir("dcc-schema")
    assert len(VALID_EXAMPLES) >= 30 and len(INVALID_EXAMPLES) >= 5


@pytest.mark.conformance
@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=_example_id)
def test_every_valid_official_example_passes(path: Path) -> None:
    assert structure_errors(json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.conformance
@pytest.mark.parametrize("path", INVALID_EXAMPLES, ids=_example_id)
def test_every_invalid_official_example_fails(path: Path) -> None:
    assert structure_errors(json.loads(path.read_text(encoding="utf-8")))


# Values near the rules' edges, put anywhere in a valid example. A value ending in a line break
# is left out: JSON Schema's patterns (ECMA-262) reject it, while Python's `$`, used by the
# jsonschema library for the official file, lets it pass.
EDGE_VALUES = st.one_of(
    st.sampled_from(["", "NL", "1.3.0", "1964", "2021-06-11", "EU/1/20/1528", "ÄÖ"]),
    st.text(alphabet="AZaz<-.019 ", max_size=12),
    st.integers(min_value=-2, max_value=5),
    st.sampled_from([2.0, 2.5, 0.0, True, False, None, [], {}, [{}], [1], {"a": 1}]),
)
LONG_TEXTS = ["X" * 80, "X" * 81, "x" * 81]
NAMES = ["A<B", "AB", "a", "A B", "", "ÄÖ", "<" * 80, "<" * 81]
# Values at the edges of each field's rule.
EDGES: dict[str, list[Any]] = {
    "ver": ["1.3.0", "1-3-0", "10.20.30", "1.3", "a.b.c", "1.3.0.1", ""],
    "dob": ["", "1964", "1964-01", "1964-01-01", "1964-1", "1899", "2100", "19640101"],
    "fnt": NAMES,
    "gnt": NAMES,
    "co": ["NL", "N L", "nl", "", "NLD", "n1", "A" * 11],
    "dn": [0, 1, 2, 2.0, 2.5, -1, True, "1"],
    "sd": [0, 1, 2, 2.0, 2.5, -1, False, "2"],
}


def _edge_value(key: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(EDGES.get(key, LONG_TEXTS)), EDGE_VALUES)


OPTIONAL_KEYS = ["fn", "fnt", "gn", "gnt", "nm", "ma", "tc", "x"]


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@st.composite
def mutated_examples(draw: st.DrawFn) -> Any:
    """A valid official example with one to three values replaced, dropped or added (an
    optional field, or a second group holding a valid entry of its own type)."""
    certificate = _read(draw(st.sampled_from(VALID_EXAMPLES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        parent, key = draw(st.sampled_from(list(_slots(certificate))))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "add group"]))
        if action == "drop" and isinstance(parent, dict):
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            added = draw(st.sampled_from(OPTIONAL_KEYS))
            parent[added] = copy.deepcopy(draw(_edge_value(added)))
        elif action == "add group":
            other = _read(draw(st.sampled_from(VALID_EXAMPLES)))
            name = next(group for group in "vtr" if group in other)
            certificate[name] = other[name]
        else:
            parent[key] = copy.deepcopy(draw(_edge_value(key)))
    return certificate


def _slots(node: Any):
    """Every (container, key) of a JSON document."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield node, key
        if isinstance(value, dict | list) and value:
            yield from _slots(value)


def _official() -> Validator:
    return load_schema(str(SCHEMA_FOLDER / "DCC.combined-schema.json"))


def _agree(certificate: Any) -> bool:
    return (structure_errors(certificate) == []) == _official().is_valid(certificate)


GENERIC_EDGES = ["", "X" * 81, 1, 2.0, True, None, [], {}]


def _single_changes(certificate: dict[str, Any]) -> Iterator[Any]:
    """The example with one change: each value replaced by each edge value of its field or
    dropped, each object given each optional field, a second group or entry added."""
    for location in _locations(certificate):
        for value in [*EDGES.get(location[-1], LONG_TEXTS), *GENERIC_EDGES, DROP]:
            yield _with(certificate, location, value)
    locations = list(_locations(certificate))
    for at in [(), *(at for at in locations if isinstance(_get(certificate, at), dict))]:
        for key in OPTIONAL_KEYS:
            for value in [*EDGES.get(key, LONG_TEXTS), *GENERIC_EDGES]:
                yield _with(certificate, (*at, key), value)
    for group, entries in (("v", VACCINATION["v"]), ("t", TEST["t"]), ("r", RECOVERY["r"])):
        yield {**certificate, group: entries}
        if group in certificate:
            yield {**certificate, group: certificate[group] * 2}


DROP = object()


def _locations(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in a JSON document."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        yield (*prefix, key)
        if isinstance(value, dict | list) and value:
            yield from _locations(value, (*prefix, key))


def _get(document: Any, location: tuple[Any, ...]) -> Any:
    for part in location:
        document = document[part]
    return document


def _with(certificate: Any, location: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(certificate)
    parent = _get(copied, location[:-1])
    if value is not DROP:
        parent[location[-1]] = value
    elif isinstance(parent, dict):
        del parent[location[-1]]
    else:
        parent.pop(location[-1])
    return copied


# One example of each shape: every group with all its fields, and with the fewest.
GRID_EXAMPLES = [path for path in VALID_EXAMPLES if path.stem.startswith("simple")] + [
    path for path in VALID_EXAMPLES if path.stem.endswith("min-data")
]


@pytest.mark.conformance
@pytest.mark.parametrize("path", GRID_EXAMPLES, ids=_example_id)
def test_the_built_in_check_agrees_with_the_official_schema_on_every_single_change(
    path: Path,
) -> None:
    differing = [c for c in _single_changes(_read(path)) if not _agree(c)]
    assert not differing, differing[:3]


@pytest.mark.conformance
@pytest.mark.skipif(not VALID_EXAMPLES, reason="no official examples (see the test above)")
@settings(max_examples=200, deadline=None)
@given(certificate=mutated_examples())
def test_the_built_in_check_agrees_with_the_official_schema_on_mixed_changes(
    certificate: Any,
) -> None:
    assert _agree(certificate)
