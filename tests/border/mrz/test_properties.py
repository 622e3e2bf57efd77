"""Property tests: built MRZs of every format parse back to their fields; junk never crashes."""

from __future__ import annotations

import json
import string
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from passage.border.mrz import (
    MRZResult,
    MRZUnreadable,
    build_mrva,
    build_mrvb,
    build_td1,
    build_td2,
    build_td3,
    parse,
)
from passage.border.mrz.ocr import DIGIT_TO_LETTER, SWAPS

TODAY = date(2025, 6, 1)
# Timing varies with machine load; these tests are about results, not speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALNUM = string.ascii_uppercase + string.digits
CODES = ["UTO", "D", "FRA", "NLD", "KEN", "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "GBD", "EUE"]

words = st.text(string.ascii_uppercase, min_size=1, max_size=10)
surnames = st.lists(words, min_size=1, max_size=3).map(" ".join)
given_names = st.lists(words, min_size=0, max_size=3).map(" ".join)
# Births within the last 100 years and expiries within the window the parser favours.
births = st.dates(TODAY - timedelta(days=36500), TODAY)
expiries = st.dates(TODAY - timedelta(days=365 * 49), TODAY + timedelta(days=365 * 50))
sexes = st.sampled_from("MFX")
short_numbers = st.text(ALNUM, min_size=1, max_size=9)
optional = st.text(ALNUM, max_size=7)

FORMATS = {
    "TD3": (build_td3, 39, 14),
    "TD2": (build_td2, 31, 7),
    "MRV-A": (build_mrva, 39, 16),
    "MRV-B": (build_mrvb, 31, 8),
}


def _name_fits(surname: str, given: str, width: int) -> bool:
    return len(surname) + (len(given) + 2 if given else 0) <= width


def _assert_person(result: MRZResult, person: dict) -> None:
    fields = result.fields
    assert result.valid, result.errors
    assert fields["surname"] == person["surname"]
    assert fields["given_names"] == person["given_names"]
    assert fields["nationality"] == person["nationality"]
    assert fields["birth_date"] == person["birth_date"].isoformat()
    assert fields["expiry_date"] == person["expiry_date"].isoformat()
    assert fields["sex"] == person["sex"]
    assert fields["document_number"] == person["document_number"]
    assert json.loads(json.dumps(result.to_dict())) == result.to_dict()


people = st.fixed_dictionaries(
    {
        "issuing_state": st.sampled_from(CODES),
        "nationality": st.sampled_from(CODES),
        "surname": surnames,
        "given_names": given_names,
        "birth_date": births,
        "expiry_date": expiries,
        "sex": sexes,
        "document_number": short_numbers,
    }
)


@relaxed
@given(format_name=st.sampled_from(sorted(FORMATS)), person=people, data=st.data())
def test_two_line_formats_round_trip(format_name: str, person: dict, data: st.DataObject) -> None:
    builder, name_width, optional_width = FORMATS[format_name]
    assume(_name_fits(person["surname"], person["given_names"], name_width))
    extra = data.draw(st.text(ALNUM, max_size=optional_width))
    result = parse(builder(**person, optional_data=extra), today=TODAY)
    assert result.format == format_name
    _assert_person(result, person)
    assert result.fields["optional_data"] == extra


@relaxed
@given(person=people, number=st.text(ALNUM, min_size=1, max_size=14), extra=optional, more=optional)
def test_td1_round_trips_including_long_numbers(
    person: dict, number: str, extra: str, more: str
) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 30))
    assume(len(number) <= 9 or len(number) - 9 + 2 + len(extra) <= 15)
    person = {**person, "document_number": number}
    text = build_td1(**person, optional_data_1=extra, optional_data_2=more)
    result = parse(text, today=TODAY)
    assert result.format == "TD1"
    _assert_person(result, person)
    assert result.fields["optional_data_1"] == extra
    assert result.fields["optional_data_2"] == more


@relaxed
@given(person=people, number=st.text(ALNUM, min_size=10, max_size=14))
def test_td2_long_numbers_round_trip(person: dict, number: str) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 31))
    assume(len(number) - 9 + 2 <= 7)
    person = {**person, "document_number": number}
    _assert_person(parse(build_td2(**person), today=TODAY), person)


@relaxed
@given(person=people, data=st.data())
def test_look_alike_letter_in_a_date_is_always_corrected_back(
    person: dict, data: st.DataObject
) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 39))
    line1, line2 = build_td3(**person).split("\n")
    column = data.draw(st.sampled_from([c for c in range(13, 27) if line2[c] in DIGIT_TO_LETTER]))
    misread = line2[:column] + DIGIT_TO_LETTER[line2[column]] + line2[column + 1 :]
    result = parse(f"{line1}\n{misread}", today=TODAY)
    _assert_person(result, person)
    assert [(c.line, c.position, c.corrected) for c in result.corrections] == [
        (2, column + 1, line2[column])
    ]


@relaxed
@given(person=people, data=st.data())
def test_look_alike_in_document_number_is_restored_or_reported_never_miscorrected(
    person: dict, data: st.DataObject
) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 39))
    line1, line2 = build_td3(**person).split("\n")
    columns = [c for c in range(9) if line2[c] in SWAPS]
    assume(columns)
    column = data.draw(st.sampled_from(columns))
    misread = line2[:column] + SWAPS[line2[column]] + line2[column + 1 :]
    result = parse(f"{line1}\n{misread}", today=TODAY)
    if result.valid:
        assert result.fields["document_number"] == person["document_number"]
    else:
        assert result.corrections == []
        assert any("ambiguous" in error for error in result.errors)


def _outcome(text: str) -> None:
    """parse either returns a JSON-ready result or raises MRZUnreadable; nothing else."""
    try:
        result = parse(text, today=TODAY)
    except MRZUnreadable:
        return
    assert isinstance(result, MRZResult)
    json.dumps(result.to_dict())
    assert result.valid == (not result.errors)


@relaxed
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    _outcome(text)


mutations = st.lists(
    st.tuples(
        st.sampled_from(["replace", "delete", "insert", "newline"]),
        st.integers(min_value=0, max_value=200),
        st.sampled_from([*list(ALNUM + "<<<<< #\t\n"), "é", "«"]),
    ),
    max_size=6,
)


def _mutate(text: str, edits: list[tuple[str, int, str]]) -> str:
    for kind, position, char in edits:
        position %= max(len(text), 1)
        if kind == "replace":
            text = text[:position] + char + text[position + 1 :]
        elif kind == "delete":
            text = text[:position] + text[position + 1 :]
        elif kind == "insert":
            text = text[:position] + char + text[position:]
        else:
            text = text[:position] + "\n" + text[position:]
    return text


@relaxed
@given(
    builder=st.sampled_from([build_td1, build_td2, build_td3, build_mrva, build_mrvb]),
    person=people,
    edits=mutations,
)
def test_near_mrz_mutations_never_crash(builder, person: dict, edits: list) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 30))
    _outcome(_mutate(builder(**person), edits))


@relaxed
@given(
    st.lists(st.text(ALNUM + "<", min_size=25, max_size=48), min_size=1, max_size=4).map("\n".join)
)
def test_mrz_shaped_noise_never_crashes(text: str) -> None:
    _outcome(text)


def _both_paths(text: str) -> None:
    """Where the fast path answers, the full parser must give exactly the same result."""
    from passage.border.mrz.fastpath import fast_parse
    from passage.border.mrz.parser import _parse_in_full
    from passage.border.mrz.reader import read_lines

    try:
        found = read_lines(text)
    except MRZUnreadable:
        return
    fast = fast_parse(found.format, list(found.lines), TODAY) if not found.errors else None
    full = _parse_in_full(found.format, list(found.lines), list(found.errors), TODAY)
    if fast is not None:
        assert fast.to_dict() == full.to_dict()
        assert list(fast.fields) == list(full.fields)  # same JSON key order too


@relaxed
@given(
    builder=st.sampled_from([build_td1, build_td2, build_td3, build_mrva, build_mrvb]),
    person=people,
)
def test_fast_path_equals_full_parse_on_valid_documents(builder, person: dict) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 30))
    _both_paths(builder(**person))


@relaxed
@given(
    builder=st.sampled_from([build_td1, build_td2, build_td3, build_mrva, build_mrvb]),
    person=people,
    edits=mutations,
)
def test_fast_path_equals_full_parse_on_mutated_documents(builder, person: dict, edits) -> None:
    assume(_name_fits(person["surname"], person["given_names"], 30))
    _both_paths(_mutate(builder(**person), edits))
