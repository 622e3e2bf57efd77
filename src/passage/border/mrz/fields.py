"""Readers of individual MRZ fields into `work.fields`, reporting what is wrong."""

from __future__ import annotations

from passage.border.mrz.checkdigit import FILLER
from passage.border.mrz.codes import KINDS
from passage.border.mrz.dates import quick_date, read_date
from passage.border.mrz.ocr import DIGIT_TO_LETTER
from passage.border.mrz.work import Spot, Work

DOCUMENT_TYPES = {
    "P": "passport",
    "V": "visa",
    "I": "identity_card",
    "A": "official_travel_document",
    "C": "official_travel_document",
}
# First character of the document code each format allows.
FORMAT_CODES = {"TD1": "ACI", "TD2": "ACI", "TD3": "P", "MRV-A": "V", "MRV-B": "V"}
# `<` is how Doc 9303 writes "unspecified" in the MRZ; we report it as "X", like the VIZ.
SEXES = {"M": "M", "F": "F", "X": "X", FILLER: "X"}


def read_document_code(work: Work, raw: str, format_name: str) -> None:
    """Document code (e.g. "P", "ID") and its type; the first letter must suit the format."""
    first = raw[0]
    work.fields["document_type"] = DOCUMENT_TYPES.get(first, "unknown")
    work.fields["document_code"] = raw.rstrip(FILLER)
    allowed = FORMAT_CODES[format_name]
    if first not in allowed:
        work.errors.append(
            f"document_code: {raw!r} is not a {format_name} document code "
            f"(first character one of {', '.join(allowed)})"
        )


_KIND_NAMES = {"issuing_state": "issuing_state_kind", "nationality": "nationality_kind"}


def _letter_reading(work: Work, code: str) -> str | None:
    """The one known code a code holding digits was misread from (UT0 for UTO), when every
    check digit holds: a code is letters only, so a digit in it can only be a look-alike, and
    valid check digits say the line was read in its right place. None when not exactly one."""
    if not any(char.isdigit() for char in code) or not work.checks:
        return None
    if not all(check.valid for check in work.checks.values()):
        return None
    letters = "".join(DIGIT_TO_LETTER.get(char, char) for char in code)
    return letters if letters.isalpha() and letters in KINDS else None


def read_code(work: Work, name: str, raw: str, at: Spot | None = None) -> None:
    """A state or organisation code (issuing state, nationality) and its kind; `at` (line,
    column of its first character) lets a confirmed look-alike be corrected there."""
    code = raw.rstrip(FILLER)
    kind = KINDS.get(code, "unknown")
    if kind == "unknown" and at is not None and (reading := _letter_reading(work, code)):
        line, column = at
        work.replace(name, [(line, column + offset) for offset in range(len(code))], reading)
        code, kind = reading, KINDS[reading]
    work.fields[name] = code
    work.fields[_KIND_NAMES[name]] = kind
    if kind == "unknown":
        work.errors.append(f"{name}: {raw!r} is not an ICAO 9303 state or organisation code")


def _split(raw: str) -> tuple[str, str]:
    surname, _, given = raw.rstrip(FILLER).partition("<<")
    surname = surname.replace(FILLER, " ")
    given = given.replace(FILLER, " ")
    # Fillers at either end or a second `<<` would leave extra spaces: rare, so test first.
    if "  " in surname or surname[:1] == " ":
        surname = " ".join(surname.split())
    if "  " in given or given[:1] == " ":
        given = " ".join(given.split())
    return surname, given


def split_names(raw: str) -> tuple[str, str] | None:
    """(surname, given names): split on the first `<<`, fillers become spaces.

    None when the field is empty or holds digits (read_names reports which).
    """
    return _split(raw) if raw.replace(FILLER, "").isalpha() else None


def read_names(work: Work, raw: str) -> None:
    """Surname and given names, and whether the name may have been cut to fit."""
    letters = raw.replace(FILLER, "")
    if not letters:
        work.errors.append("name: the name field is empty")
    elif not letters.isalpha():
        work.errors.append(f"name: {raw.rstrip(FILLER)!r} holds digits; names are letters only")
    work.fields["surname"], work.fields["given_names"] = _split(raw)
    # A name field with no filler at its end may have been cut to fit.
    work.fields["name_possibly_truncated"] = raw[-1] != FILLER


# Field names of each date, built once: (date, raw, partial, unknown parts).
BIRTH = ("birth_date", "birth_date_raw", "birth_date_partial", "birth_date_unknown_parts")
EXPIRY = ("expiry_date", "expiry_date_raw", "expiry_date_partial", "expiry_date_unknown_parts")


def read_date_field(work: Work, names: tuple[str, str, str, str], raw: str, *, birth: bool) -> int:
    """A YYMMDD date: ISO date or null, the raw text, reduced precision and unknown parts.

    Returns the date as a YYYYMMDD integer, or 0 when it is not a complete, valid date.
    """
    name, raw_name, partial_name, unknown_name = names
    fields = work.fields
    quick = quick_date(raw, work.reference, birth=birth)
    if quick is not None:
        fields[name], fields[raw_name], fields[partial_name] = quick[0], raw, quick[0]
        fields[unknown_name] = []
        return quick[1]
    reading = read_date(raw, birth=birth, today=work.today)
    fields[name], fields[raw_name], fields[partial_name] = reading.iso, raw, reading.partial
    fields[unknown_name] = reading.unknown_parts
    if reading.error is not None:
        work.errors.append(f"{name}: {reading.error}")
    return int(reading.iso.replace("-", "")) if reading.iso else 0


def read_expiry(work: Work, raw: str) -> None:
    """Expiry date, and whether it is before the reference date (null when not a full date)."""
    key = read_date_field(work, EXPIRY, raw, birth=False)
    work.fields["expired"] = key < work.today_key if key else None


def read_sex(work: Work, raw: str) -> None:
    """Sex M, F or X (`<`, unspecified, is reported as "X")."""
    sex = SEXES.get(raw)
    work.fields["sex"] = sex
    if sex is None:
        work.errors.append(f"sex: {raw!r} is not M, F, X or '<'")
