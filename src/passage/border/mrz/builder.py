"""Build MRZ text from fields: specimens, demo data and property tests."""

from __future__ import annotations

from datetime import date

from passage.border.mrz.checkdigit import ALPHABET, FILLER, check_char

_SEPARATORS = str.maketrans({" ": FILLER, "-": FILLER, "'": None, ",": None, ".": None})
_SEX = {"M": "M", "F": "F", "X": FILLER, FILLER: FILLER}


def _encode(value: str, width: int, name: str) -> str:
    """Uppercase, spaces and hyphens to `<`, padded to `width`; ValueError if it cannot fit."""
    encoded = value.upper().translate(_SEPARATORS)
    if any(char not in ALPHABET for char in encoded):
        raise ValueError(f"{name}: {value!r} holds characters an MRZ cannot (A-Z, 0-9 only)")
    if len(encoded) > width:
        raise ValueError(f"{name}: {value!r} is longer than {width} characters")
    return encoded.ljust(width, FILLER)


def _names(surname: str, given_names: str, width: int) -> str:
    """Primary and secondary identifiers joined by `<<`, cut to `width` (Doc 9303 truncation)."""
    text = _encode(surname, 200, "surname").rstrip(FILLER)
    given = _encode(given_names, 200, "given_names").rstrip(FILLER)
    if given:
        text += FILLER * 2 + given
    return text[:width].ljust(width, FILLER)


def _date(value: date | str, name: str) -> str:
    """A date as YYMMDD; a 6-character string is taken as is (e.g. "7408<<" for unknown day)."""
    if isinstance(value, date):
        return value.strftime("%y%m%d")
    return _encode(value, 6, name) if len(value) == 6 else _encode(value, 0, name)


def _checked(value: str) -> str:
    return value + check_char(value)


def _sex(sex: str) -> str:
    if sex.upper() not in _SEX:
        raise ValueError(f"sex: {sex!r} is not M, F or X")
    return _SEX[sex.upper()]


def _number_and_optional(number: str, optional: str, width: int) -> tuple[str, str]:
    """Document number with check digit, and the optional data (holding any overflow)."""
    number = number.upper()
    if len(number) <= 9:
        return _checked(_encode(number, 9, "document_number")), _encode(optional, width, "optional")
    overflow = number[9:] + check_char(_encode(number, len(number), "document_number")) + FILLER
    return number[:9] + FILLER, _encode(overflow + optional.upper(), width, "optional_data")


def _person(nationality: str, birth_date: date | str, sex: str, expiry_date: date | str) -> str:
    """Nationality, birth date + check, sex, expiry + check (TD2, TD3, visas line 2)."""
    birth = _checked(_date(birth_date, "birth_date"))
    expiry = _checked(_date(expiry_date, "expiry_date"))
    return _encode(nationality, 3, "nationality") + birth + _sex(sex) + expiry


def _header(code: str, state: str) -> str:
    return _encode(code, 2, "document_code") + _encode(state, 3, "issuing_state")


def build_td3(
    *,
    issuing_state: str,
    document_number: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: date | str,
    sex: str,
    expiry_date: date | str,
    optional_data: str = "",
    document_code: str = "P",
) -> str:
    """Two 44-character passport lines; the personal number check digit is `<` when empty."""
    line1 = _header(document_code, issuing_state) + _names(surname, given_names, 39)
    number = _checked(_encode(document_number, 9, "document_number"))
    optional = _encode(optional_data, 14, "optional_data")
    optional += check_char(optional) if optional.strip(FILLER) else FILLER
    body = number + _person(nationality, birth_date, sex, expiry_date) + optional
    composite = check_char(body[0:10] + body[13:20] + body[21:43])
    return f"{line1}\n{body}{composite}"


def build_td2(
    *,
    issuing_state: str,
    document_number: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: date | str,
    sex: str,
    expiry_date: date | str,
    optional_data: str = "",
    document_code: str = "I",
) -> str:
    """Two 36-character lines; numbers longer than 9 characters overflow into optional data."""
    line1 = _header(document_code, issuing_state) + _names(surname, given_names, 31)
    number, optional = _number_and_optional(document_number, optional_data, 7)
    body = number + _person(nationality, birth_date, sex, expiry_date) + optional
    composite = check_char(body[0:10] + body[13:20] + body[21:35])
    return f"{line1}\n{body}{composite}"


def build_td1(
    *,
    issuing_state: str,
    document_number: str,
    surname: str,
    given_names: str,
    nationality: str,
    birth_date: date | str,
    sex: str,
    expiry_date: date | str,
    optional_data_1: str = "",
    optional_data_2: str = "",
    document_code: str = "I",
) -> str:
    """Three 30-character ID card lines; long numbers overflow into optional data 1."""
    number, optional_1 = _number_and_optional(document_number, optional_data_1, 15)
    line1 = _header(document_code, issuing_state) + number + optional_1
    birth = _checked(_date(birth_date, "birth_date"))
    expiry = _checked(_date(expiry_date, "expiry_date"))
    line2 = birth + _sex(sex) + expiry + _encode(nationality, 3, "nationality")
    line2 += _encode(optional_data_2, 11, "optional_data_2")
    line2 += check_char(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return f"{line1}\n{line2}\n{_names(surname, given_names, 30)}"


def _build_visa(width: int, document_code: str, fields: dict[str, str | date]) -> str:
    line1 = _header(document_code, str(fields["issuing_state"]))
    line1 += _names(str(fields["surname"]), str(fields["given_names"]), width - 5)
    line2 = _checked(_encode(str(fields["document_number"]), 9, "document_number"))
    line2 += _person(
        str(fields["nationality"]), fields["birth_date"], str(fields["sex"]), fields["expiry_date"]
    )
    line2 += _encode(str(fields["optional_data"]), width - 28, "optional_data")
    return f"{line1}\n{line2}"


def build_mrva(*, document_code: str = "V", optional_data: str = "", **fields: str | date) -> str:
    """Two 44-character visa lines (no composite check digit); fields as for build_td3."""
    return _build_visa(44, document_code, {**fields, "optional_data": optional_data})


def build_mrvb(*, document_code: str = "V", optional_data: str = "", **fields: str | date) -> str:
    """Two 36-character visa lines (no composite check digit); fields as for build_td3."""
    return _build_visa(36, document_code, {**fields, "optional_data": optional_data})
