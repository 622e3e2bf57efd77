"""Passage's own check of a DCC payload's structure, used when no official schema file is set.

Written from the eHealth Network "Technical Specifications for EU Digital COVID Certificates,
JSON Schema Specification" (schema version 1.3.x; it also accepts 1.0.x and 1.2.x payloads,
as the official schema does). The rules, field by field:

- a certificate is an object holding ``ver``, ``nam``, ``dob`` and exactly one of ``v``
  (vaccination), ``t`` (test) or ``r`` (recovery); other keys are allowed;
- ``ver``: a schema version (``1.3.0``); ``dob``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` in
  1900-2099, or empty;
- ``nam``: an object with a standardised surname ``fnt`` or forename ``gnt`` (or both), written
  in ``A-Z`` and ``<`` (ICAO 9303); every name at most 80 characters;
- ``v``, ``t``, ``r``: an array of exactly one entry, whose required fields are listed in
  ``ENTRIES``; coded fields are strings (their codes are checked against the value sets, see
  ``valuesets``), dose numbers whole numbers of at least 1, countries upper-case letters
  (the country value set judges the code),
  issuers, identifiers, test names and testing centres at most 80 characters.

Dates and date-times are strings: like the official schema (JSON Schema 2020-12, where
``format`` is an annotation), their spelling is not judged here; the validity checks and the
business rules read them. Patterns match the whole value, as JSON Schema's regular expressions
(ECMA-262) do: a value ending in a line break does not pass for one without.

A pure function: ``structure_errors(certificate)`` returns readable violations ("path: what
is wrong"), empty when the structure is right. Values are not repeated in the messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

FieldCheck: TypeAlias = Callable[[Any], str | None]
NAME_LENGTH = 80
GROUPS = ("v", "t", "r")


def text(max_length: int | None = None, pattern: str = "", meaning: str = "") -> FieldCheck:
    """A string, at most max_length characters, matching the whole pattern when one is given."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "must be text"
        if max_length is not None and len(value) > max_length:
            return f"must be at most {max_length} characters"
        if compiled is not None and not compiled.fullmatch(value):
            return f"must be {meaning}"
        return None

    return check


def whole_number(minimum: int) -> FieldCheck:
    """A whole number (2 and 2.0 alike, as in JSON), at least minimum; not true or false."""

    def check(value: Any) -> str | None:
        integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not integral or value < minimum:
            return f"must be a whole number of at least {minimum}"
        return None

    return check


CODE = text()
DATE = text()
BOUNDED = text(NAME_LENGTH)
# The specification's pattern for countries is unanchored: the value holds upper-case letters;
# the code itself is checked against the country value set.
COUNTRY = text(pattern=r"(?s).*[A-Z].*", meaning="a country code in upper-case letters")
DOSES = whole_number(1)
STANDARDISED_NAME = text(NAME_LENGTH, "[A-Z<]*", "written in A-Z and < only (ICAO 9303)")
# Three numbers with any one character between them, as the specification's pattern reads.
VERSION = text(pattern=r"\d+.\d+.\d+", meaning="a schema version such as 1.3.0")
BIRTH_DATE = text(
    pattern=r"((19|20)\d\d(-\d\d){0,2})?",
    meaning="YYYY, YYYY-MM or YYYY-MM-DD between 1900 and 2099, or empty",
)

NAME_FIELDS: dict[str, FieldCheck] = {
    "fn": BOUNDED,
    "fnt": STANDARDISED_NAME,
    "gn": BOUNDED,
    "gnt": STANDARDISED_NAME,
}

# Each entry's fields: name -> (required, check).
ENTRIES: dict[str, dict[str, tuple[bool, FieldCheck]]] = {
    "v": {
        "tg": (True, CODE),  # disease or agent targeted
        "vp": (True, CODE),  # vaccine or prophylaxis
        "mp": (True, CODE),  # medicinal product
        "ma": (True, CODE),  # marketing authorisation holder or manufacturer
        "dn": (True, DOSES),  # dose number
        "sd": (True, DOSES),  # total doses in the series
        "dt": (True, DATE),  # date of vaccination
        "co": (True, COUNTRY),
        "is": (True, BOUNDED),  # issuer
        "ci": (True, BOUNDED),  # unique certificate identifier (UVCI)
    },
    "t": {
        "tg": (True, CODE),
        "tt": (True, CODE),  # type of test
        "nm": (False, BOUNDED),  # NAA test name
        "ma": (False, CODE),  # RAT device
        "sc": (True, DATE),  # sample collection date-time
        "tr": (True, CODE),  # test result
        "tc": (False, BOUNDED),  # testing centre
        "co": (True, COUNTRY),
        "is": (True, BOUNDED),
        "ci": (True, BOUNDED),
    },
    "r": {
        "tg": (True, CODE),
        "fr": (True, DATE),  # first positive NAA test result
        "co": (True, COUNTRY),
        "is": (True, BOUNDED),
        "df": (True, DATE),  # certificate valid from
        "du": (True, DATE),  # certificate valid until
        "ci": (True, BOUNDED),
    },
}
TOP_FIELDS: dict[str, FieldCheck] = {"ver": VERSION, "dob": BIRTH_DATE}


def structure_errors(certificate: Any) -> list[str]:
    """Readable structure violations of a DCC payload (empty when it conforms)."""
    if not isinstance(certificate, Mapping):
        return ["(root): the certificate must be an object"]
    errors = [f"{key}: missing" for key in ("ver", "nam", "dob") if key not in certificate]
    errors += _group_count_errors(certificate)
    for key, check in TOP_FIELDS.items():
        errors += _field_errors(certificate, key, check, key)
    if "nam" in certificate:
        errors += _name_errors(certificate["nam"])
    for group in GROUPS:
        if group in certificate:
            errors += _group_errors(group, certificate[group])
    return errors


def _group_count_errors(certificate: Mapping[str, Any]) -> list[str]:
    present = [group for group in GROUPS if group in certificate]
    if len(present) == 1:
        return []
    found = ", ".join(present) if present else "none"
    return [f"(root): must hold exactly one of v, t or r (holds {found})"]


def _field_errors(entry: Mapping[str, Any], key: str, check: FieldCheck, path: str) -> list[str]:
    problem = check(entry[key]) if key in entry else None
    return [f"{path}: {problem}"] if problem else []


def _name_errors(name: Any) -> list[str]:
    if not isinstance(name, Mapping):
        return ["nam: must be an object"]
    errors = [] if "fnt" in name or "gnt" in name else ["nam: needs fnt or gnt"]
    for key, check in NAME_FIELDS.items():
        errors += _field_errors(name, key, check, f"nam/{key}")
    return errors


def _group_errors(group: str, entries: Any) -> list[str]:
    if not isinstance(entries, list):
        return [f"{group}: must be an array"]
    if len(entries) != 1:
        return [f"{group}: must hold exactly one entry (holds {len(entries)})"]
    entry, path = entries[0], f"{group}/0"
    if not isinstance(entry, Mapping):
        return [f"{path}: must be an object"]
    errors = []
    for key, (required, check) in ENTRIES[group].items():
        if required and key not in entry:
            errors.append(f"{path}/{key}: missing")
        errors += _field_errors(entry, key, check, f"{path}/{key}")
    return errors
