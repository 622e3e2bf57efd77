"""ICAO Doc 9303 MRZ parser: specimens, check digits, errors, OCR corrections, dates."""

from __future__ import annotations

import json
from datetime import date

import pytest

from passage.border.mrz import MRZUnreadable, build_td3, check_digit, parse
from passage.border.mrz.ocr import readings

TODAY = date(2025, 6, 1)

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
MRV_A = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<"
MRV_B = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<"
# Doc 9303 Part 5 example of a TD1 document number longer than 9 characters (D23145890734).
TD1_LONG = (
    "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<"
)


def _parse(text: str):
    return parse(text, today=TODAY)


def _replace(text: str, line: int, column: int, char: str) -> str:
    """Put `char` at 1-based (line, column) of an MRZ."""
    lines = text.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[: column - 1] + char + row[column:]
    return "\n".join(lines)


# --- check digits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "digit"),
    [("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1), ("D23145890734", 9)],
)
def test_check_digit_matches_the_specimens(data: str, digit: int) -> None:
    assert check_digit(data) == digit


def test_check_digit_weighs_letters_from_10_and_fillers_as_zero() -> None:
    # A=10 at weight 7 -> 70, B=11 at weight 3 -> 33, < = 0: 103 -> 3
    assert check_digit("AB<") == 3
    assert check_digit("<<<<") == 0


# --- specimens ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "format_name", "document_type", "number"),
    [
        (TD3, "TD3", "passport", "L898902C3"),
        (TD1, "TD1", "identity_card", "D23145890"),
        (TD2, "TD2", "identity_card", "D23145890"),
        (MRV_A, "MRV-A", "visa", "L8988901C"),
        (MRV_B, "MRV-B", "visa", "L8988901C"),
    ],
)
def test_specimens_are_valid(text: str, format_name: str, document_type: str, number: str) -> None:
    result = _parse(text)
    assert result.valid, result.errors
    assert result.format == format_name
    assert result.fields["document_type"] == document_type
    assert result.fields["document_number"] == number
    assert result.fields["surname"] == "ERIKSSON"
    assert result.fields["given_names"] == "ANNA MARIA"
    assert result.fields["issuing_state"] == "UTO"
    assert result.fields["sex"] == "F"
    assert all(check.valid for check in result.checks.values())


def test_td3_specimen_fields() -> None:
    fields = _parse(TD3).fields
    assert fields["document_code"] == "P"
    assert fields["nationality"] == "UTO"
    assert fields["birth_date"] == "1974-08-12"
    assert fields["expiry_date"] == "2012-04-15"
    assert fields["expired"] is True
    assert fields["optional_data"] == "ZE184226B"
    assert fields["lines"] == TD3.split("\n")


def test_td3_checks_cover_every_check_digit() -> None:
    checks = _parse(TD3).to_dict()["checks"]
    assert set(checks) == {
        "document_number",
        "birth_date",
        "expiry_date",
        "optional_data",
        "composite",
    }
    assert checks["composite"] == {"expected": "0", "found": "0", "valid": True}


def test_td1_specimen_has_two_optional_fields_and_composite() -> None:
    result = _parse(TD1)
    assert result.fields["optional_data_1"] == ""
    assert result.fields["optional_data_2"] == ""
    assert "optional_data" not in result.fields
    assert set(result.checks) == {"document_number", "birth_date", "expiry_date", "composite"}


def test_visas_have_no_composite_check() -> None:
    for text in (MRV_A, MRV_B):
        assert "composite" not in _parse(text).checks


def test_mrv_a_specimen_reads_the_optional_data_after_the_expiry_check_digit() -> None:
    fields = _parse(MRV_A).fields
    assert fields["nationality"] == "XXX"
    assert fields["nationality_kind"] == "unspecified"
    assert fields["birth_date"] == "1940-09-07"
    assert fields["expiry_date"] == "1996-12-10"
    assert fields["optional_data"] == "6ZE184226B"


def test_td1_long_document_number_continues_in_optional_data() -> None:
    result = _parse(TD1_LONG)
    assert result.valid, result.errors
    assert result.fields["document_number"] == "D23145890734"
    assert result.checks["document_number"].found == "9"
    assert result.fields["optional_data_1"] == ""
    assert result.fields["sex"] == "M"


def test_td1_long_document_number_with_a_wrong_check_digit_is_reported() -> None:
    result = _parse(_replace(TD1_LONG, 1, 19, "8"))
    assert not result.valid
    assert "document_number: check digit is 8, expected 9" in result.errors


def test_to_dict_is_json_ready_with_the_documented_keys() -> None:
    data = _parse(TD3).to_dict()
    assert set(data) == {"format", "fields", "checks", "valid", "errors", "corrections"}
    assert json.loads(json.dumps(data)) == data


# --- per-field errors -------------------------------------------------------------------------


def test_wrong_birth_date_check_digit_names_found_and_expected() -> None:
    result = _parse(_replace(TD3, 2, 20, "3"))
    assert not result.valid
    assert "birth_date: check digit is 3, expected 2" in result.errors
    assert result.to_dict()["checks"]["birth_date"] == {
        "expected": "2",
        "found": "3",
        "valid": False,
    }


def test_wrong_composite_check_digit_is_an_error() -> None:
    result = _parse(_replace(TD3, 2, 44, "7"))
    assert result.errors == ["composite: check digit is 7, expected 0"]


def test_changed_document_number_fails_its_check_and_the_composite() -> None:
    result = _parse(_replace(TD3, 2, 1, "M"))
    expected = check_digit("M898902C3")
    assert expected != 6
    assert f"document_number: check digit is 6, expected {expected}" in result.errors
    assert not result.checks["composite"].valid


def test_short_line_is_padded_and_reported() -> None:
    text = TD3[:-1]  # line 2 loses its last character
    result = _parse(text)
    assert "line 2 length 43, expected 44" in result.errors
    assert not result.valid
    assert result.fields["document_number"] == "L898902C3"


def test_impossible_month_is_reported_and_date_is_null() -> None:
    lines = build_td3(
        issuing_state="UTO",
        document_number="X1234567",
        surname="DOE",
        given_names="JANE",
        nationality="UTO",
        birth_date="741312",
        sex="F",
        expiry_date=date(2030, 1, 1),
    )
    result = _parse(lines)
    assert result.fields["birth_date"] is None
    assert any(error.startswith("birth_date: month 13 out of range") for error in result.errors)
    assert result.checks["birth_date"].valid


def test_unknown_state_code_is_reported() -> None:
    result = _parse(TD3.replace("P<UTO", "P<QQQ"))
    assert result.fields["issuing_state_kind"] == "unknown"
    assert "issuing_state: 'QQQ' is not an ICAO 9303 state or organisation code" in result.errors


def test_bad_sex_is_reported() -> None:
    result = _parse(_replace(TD3, 2, 21, "K"))
    assert result.fields["sex"] is None
    assert "sex: 'K' is not M, F, X or '<'" in result.errors


def test_wrong_document_code_for_the_format_is_reported() -> None:
    result = _parse(TD3.replace("P<UTO", "I<UTO"))
    assert result.format == "TD3"
    assert any(error.startswith("document_code: 'I<' is not a TD3") for error in result.errors)


def test_digits_in_the_name_are_reported() -> None:
    result = _parse(TD3.replace("ERIKSSON", "ER1KSSON"))
    assert any(error.startswith("name:") for error in result.errors)


def test_filler_sex_is_reported_as_x() -> None:
    assert _parse(_replace(TD3, 2, 21, "<")).fields["sex"] == "X"


def test_td3_optional_check_digit_may_be_filler_when_field_is_empty() -> None:
    text = build_td3(
        issuing_state="UTO",
        document_number="L898902C3",
        surname="ERIKSSON",
        given_names="ANNA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2030, 1, 1),
    )
    assert text.split("\n")[1][42] == "<"
    result = _parse(text)
    assert result.valid, result.errors
    assert result.checks["optional_data"].found == "<"


def test_td3_optional_check_digit_filler_is_wrong_when_field_has_data() -> None:
    result = _parse(_replace(TD3, 2, 43, "<"))
    assert "optional_data: check digit is <, expected 1" in result.errors


# --- national and special codes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("D<<", "state"),
        ("FRA", "state"),
        ("XXA", "stateless"),
        ("XXB", "refugee"),
        ("XXC", "refugee"),
        ("XXX", "unspecified"),
        ("UNO", "organization"),
        ("UNA", "organization"),
        ("UNK", "un_mission"),
        ("GBD", "state"),
    ],
)
def test_nationality_codes_have_a_kind(code: str, kind: str) -> None:
    result = _parse(TD3.replace("UTO7408", code + "7408"))
    assert result.fields["nationality"] == code.rstrip("<")
    assert result.fields["nationality_kind"] == kind
    assert result.valid, result.errors


# --- OCR corrections --------------------------------------------------------------------------


def test_letter_o_in_dates_is_corrected_when_check_digits_confirm() -> None:
    text = _replace(_replace(TD3, 2, 16, "O"), 2, 24, "O")  # 74O812 and 12O415
    result = _parse(text)
    assert result.valid, result.errors
    assert result.fields["birth_date"] == "1974-08-12"
    assert result.fields["expiry_date"] == "2012-04-15"
    corrections = result.to_dict()["corrections"]
    assert {"field": "birth_date", "line": 2, "position": 16, "from": "O", "to": "0"} in corrections
    assert {
        "field": "expiry_date",
        "line": 2,
        "position": 24,
        "from": "O",
        "to": "0",
    } in corrections


def test_letter_in_a_check_digit_is_corrected_when_it_then_matches() -> None:
    result = _parse(_replace(TD3, 2, 44, "O"))  # composite 0 read as O
    assert result.valid
    assert result.to_dict()["corrections"] == [
        {"field": "composite_check", "line": 2, "position": 44, "from": "O", "to": "0"}
    ]


def test_date_letter_is_not_corrected_when_the_check_digit_disagrees() -> None:
    text = _replace(_replace(TD3, 2, 16, "B"), 2, 20, "7")  # B would be 8; the check says no
    result = _parse(text)
    assert result.corrections == []
    assert result.fields["birth_date"] is None
    assert not result.checks["birth_date"].valid


def test_document_number_look_alike_is_corrected_when_unique() -> None:
    result = _parse(_replace(TD3, 2, 6, "O"))  # L8989O2C3
    assert result.valid, result.errors
    assert result.fields["document_number"] == "L898902C3"
    assert [c.to_dict() for c in result.corrections] == [
        {"field": "document_number", "line": 2, "position": 6, "from": "O", "to": "0"}
    ]


def test_document_number_is_not_corrected_when_readings_are_ambiguous() -> None:
    text = build_td3(
        issuing_state="UTO",
        document_number="B7DD9V4BH",
        surname="ERIKSSON",
        given_names="ANNA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2030, 1, 1),
    )
    misread = _replace(text, 2, 1, "8")  # B read as 8
    value, check = misread.split("\n")[1][:9], int(misread.split("\n")[1][9])
    assert len(readings(value, check)) > 1  # the check digit cannot pick one
    result = _parse(misread)
    assert result.corrections == []
    assert result.fields["document_number"] == "87DD9V4BH"
    assert any("ambiguous" in error for error in result.errors)


def test_valid_mrz_is_never_corrected_even_with_look_alike_characters() -> None:
    result = _parse(TD3)  # L898902C3 holds 8, 9, 0, 2 that look like letters
    assert result.corrections == []


# --- dates ------------------------------------------------------------------------------------


def _with_dates(birth: str, expiry: str) -> str:
    return build_td3(
        issuing_state="UTO",
        document_number="X1234567",
        surname="DOE",
        given_names="JOHN",
        nationality="UTO",
        birth_date=birth,
        sex="M",
        expiry_date=expiry,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("250601", "2025-06-01"),  # born today
        ("250602", "1925-06-02"),  # tomorrow in this century is in the past century
        ("000101", "2000-01-01"),
        ("991231", "1999-12-31"),
    ],
)
def test_birth_date_is_never_in_the_future(raw: str, expected: str) -> None:
    assert _parse(_with_dates(raw, "300101")).fields["birth_date"] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("300101", "2030-01-01"),
        ("751231", "2075-12-31"),  # 50 years ahead still counts as the future
        ("760101", "1976-01-01"),  # beyond that it is the previous century
        ("990101", "1999-01-01"),
        ("100101", "2010-01-01"),
    ],
)
def test_expiry_date_favours_the_future_within_fifty_years(raw: str, expected: str) -> None:
    assert _parse(_with_dates("800101", raw)).fields["expiry_date"] == expected


def test_century_follows_the_reference_date() -> None:
    text = _with_dates("300101", "400101")
    result = parse(text, today=date(2035, 1, 1))
    assert result.fields["birth_date"] == "2030-01-01"
    assert parse(text, today=date(2025, 1, 1)).fields["birth_date"] == "1930-01-01"


def test_unknown_birth_day_is_reported_not_an_error() -> None:
    result = _parse(_with_dates("7408<<", "300101"))
    assert result.valid, result.errors
    assert result.fields["birth_date"] is None
    assert result.fields["birth_date_partial"] == "1974-08"
    assert result.fields["birth_date_unknown_parts"] == ["day"]


def test_unknown_birth_month_and_day() -> None:
    fields = _parse(_with_dates("74<<<<", "300101")).fields
    assert fields["birth_date_partial"] == "1974"
    assert fields["birth_date_unknown_parts"] == ["month", "day"]


def test_february_29_only_in_leap_years() -> None:
    assert _parse(_with_dates("000229", "300101")).fields["birth_date"] == "2000-02-29"
    result = _parse(_with_dates("010229", "300101"))
    assert result.fields["birth_date"] is None
    assert any(error.startswith("birth_date: day 29 out of range") for error in result.errors)


def test_expired_compares_with_the_reference_date() -> None:
    assert _parse(_with_dates("800101", "250531")).fields["expired"] is True
    assert _parse(_with_dates("800101", "250601")).fields["expired"] is False


# --- input tolerance and unreadable input -----------------------------------------------------


def test_lowercase_spaces_and_crlf_are_tolerated() -> None:
    messy = "  " + TD3.lower().replace("\n", " \r\n").replace("ERIKSSON".lower(), "ERIK SSON")
    result = _parse(messy)
    assert result.valid, result.errors
    assert result.fields["surname"] == "ERIKSSON"


@pytest.mark.parametrize("text", [TD3, TD1, TD2, MRV_A, MRV_B])
def test_one_concatenated_string_is_split(text: str) -> None:
    joined = text.replace("\n", "")
    assert _parse(joined).to_dict() == _parse(text).to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no MRZ text"),
        ("P<UTO", "one line of 5 characters"),
        (TD3 + "\n" + TD3, "4 lines"),
        (TD3.replace("ERIKSSON", "ERIK#SON"), "line 1, position 10: illegal character '#'"),
        (TD3.split("\n")[0] + "\n" + "<" * 30, "2 lines of lengths 44, 30"),
        ("\n".join(TD1.split("\n")[:2]), "2 lines of lengths 30, 30"),
    ],
)
def test_unrecognisable_text_raises_unreadable(text: str, message: str) -> None:
    with pytest.raises(MRZUnreadable, match=message):
        _parse(text)


def test_unreadable_is_a_value_error() -> None:
    assert issubclass(MRZUnreadable, ValueError)
    with pytest.raises(ValueError):
        parse(None)  # type: ignore[arg-type]


def test_a_digit_in_a_code_is_corrected_when_every_check_digit_holds() -> None:
    text = _replace(_replace(TD3, 2, 13, "0"), 1, 5, "0")  # nationality and issuer UT0
    result = _parse(text)
    assert result.valid, result.errors
    assert result.fields["nationality"] == "UTO"
    assert result.fields["issuing_state"] == "UTO"
    corrections = result.to_dict()["corrections"]
    swap = {"from": "0", "to": "O"}
    assert {"field": "nationality", "line": 2, "position": 13} | swap in corrections
    assert {"field": "issuing_state", "line": 1, "position": 5} | swap in corrections
    td1 = _parse(_replace(TD1_LONG, 2, 18, "0"))
    assert td1.fields["nationality"] == "UTO" and td1.valid, td1.errors


def test_a_digit_in_a_code_stays_an_error_when_a_check_digit_fails() -> None:
    text = _replace(_replace(TD3, 2, 13, "0"), 2, 20, "3")  # and a wrong birth-date check digit
    result = _parse(text)
    assert result.fields["nationality"] == "UT0"
    assert any(error.startswith("nationality:") for error in result.errors)
    assert not any(c["field"] == "nationality" for c in result.to_dict()["corrections"])
