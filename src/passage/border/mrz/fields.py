"""Readers of individual MRZ fields into `work.fields`, reporting what is wrong."""

from __future__ import annotations

from passage.border.mrz.checkdigit import FILLER
from passage.border.mrz.codes import code_kind
from passage.border.mrz.dates import read_date
from passage.border.mrz.work import Work

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


def read_code(work: Work, name: str, raw: str) -> None:
    """A state or organisation code (issuing state, nationality) and its kind."""
    code = raw.rstrip(FILLER)
    kind = code_kind(code)
    work.fields[name] = code
    work.fields[name + "_kind"] = kind
    if kind == "unknown":
        work.errors.append(f"{name}: {raw!r} is not an ICAO 9303 state or organisation code")


def read_names(work: Work, raw: str) -> None:
    """Surname and given names: split on the first `<<`, fillers become spaces."""
    surname, _, given = raw.rstrip(FILLER).partition("<<")
    surname = surname.replace(FILLER, " ")
    given = given.replace(FILLER, " ")
    # Fillers at either end or a second `<<` would leave extra spaces: rare, so test first.
    work.fields["surname"] = " ".join(surname.split()) if "  " in surname or surname[:1] == " " else surname
    work.fields["given_names"] = " ".join(given.split()) if "  " in given or given[:1] == " " else given
    # A name field with no filler at its end may have been cut to fit.
    work.fields["name_possibly_truncated"] = raw[-1] != FILLER
    letters = raw.replace(FILLER, "")
    if letters and not letters.isalpha():
        work.errors.append(f"name: {raw.rstrip(FILLER)!r} holds digits; names are letters only")
    elif not letters:
        work.errors.append("name: the name field is empty")


def read_date_field(work: Work, name: str, raw: str, *, birth: bool) -> int | None:
    """A YYMMDD date: ISO date or null, the raw text, reduced precision and unknown parts.

    Returns the date as a YYYYMMDD integer when it is complete, for cheap comparisons.
    """
    fields = work.fields
    fields[name + "_raw"] = raw
    if raw.isdigit() and "01" <= raw[2:4] <= "12" and "01" <= raw[4:6] <= "28":
        # Six digits, a valid month and a day every month has: the common case, kept fast.
        key = work.century * 10000 + int(raw)
        if birth:
            if key > work.today_key:
                key -= 1000000
        elif key > work.expiry_window[1]:
            key -= 1000000
        elif key < work.expiry_window[0]:
            key += 1000000
        iso = f"{key // 10000:04d}-{raw[2:4]}-{raw[4:6]}"
        fields[name] = fields[name + "_partial"] = iso
        fields[name + "_unknown_parts"] = []
        return key
    reading = read_date(raw, birth=birth, today=work.today)
    fields[name] = reading.iso
    fields[name + "_partial"] = reading.partial
    fields[name + "_unknown_parts"] = reading.unknown_parts
    if reading.error is not None:
        work.errors.append(f"{name}: {reading.error}")
    if reading.iso is None:
        return None
    return int(reading.iso.replace("-", ""))


def read_expiry(work: Work, raw: str) -> None:
    """Expiry date, and whether it is before the reference date (null when not a full date)."""
    key = read_date_field(work, "expiry_date", raw, birth=False)
    work.fields["expired"] = None if key is None else key < work.today_key


def read_sex(work: Work, raw: str) -> None:
    """Sex M, F or X (`<`, unspecified, is reported as "X")."""
    sex = SEXES.get(raw)
    work.fields["sex"] = sex
    if sex is None:
        work.errors.append(f"sex: {raw!r} is not M, F, X or '<'")


def read_optional(work: Work, name: str, raw: str) -> None:
    """Optional data with the trailing fillers removed."""
    work.fields[name] = raw.rstrip(FILLER)
