"""Records as the linkage engine reads them: columns recognised by name from one vocabulary,
names reduced to their ICAO 9303 Latin forms and phonetic codes, dates of any precision.

The same preparation serves the command line (any CSV), the registry and tracing requests, so
that a name written in Arabic, Cyrillic or Greek meets its Latin spellings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from passage.border.matching.text import metaphone, name_positions, skeleton

VOCABULARY = (
    "given_name",
    "surname",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "address",
    "place",
    "postcode",
    "region",
    "phone",
    "document_number",
)
# The prepared fields a model compares, and the vocabulary columns each is made from.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "surname", "full_name"),
    "date_of_birth": ("date_of_birth",),
    "sex": ("sex",),
    "nationality": ("nationality",),
    "place": ("place", "address"),
    "area": ("postcode", "region"),
    "phone": ("phone",),
    "document_number": ("document_number",),
}
DATE = re.compile(r"^(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?$")
SEXES = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F"}


class BadInput(ValueError):
    """Input the engine cannot link (missing id column, duplicate ids, no usable column)."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@lru_cache(maxsize=1 << 18)
def word_key(forms: tuple[str, ...]) -> tuple[str, str]:
    """One Latin spelling and one phonetic code for a word given its Latin forms: the code
    most of its forms share (Arabic vowels, Greek and Cyrillic variants agree on it) and the
    longest form with that code. Remembered: a list of a million names has far fewer words."""
    codes = [metaphone(form) for form in forms]
    code = max(codes, key=codes.count)
    spelling = max((form for form, c in zip(forms, codes, strict=True) if c == code), key=len)
    return spelling, code or skeleton(spelling)


def name_parts(*names: str | None) -> tuple[str | None, list[str]]:
    """The Latin words of a name in alphabetical order (the order of writing varies) and the
    sorted phonetic codes of its words."""
    keys: list[tuple[str, str]] = []
    for name in names:
        if not _blank(name):
            keys.extend(word_key(forms) for forms in name_positions(str(name)) if forms[0])
    if not keys:
        return None, []
    return " ".join(sorted(word for word, _ in keys)), sorted({code for _, code in keys})


def birth_date(value: Any) -> str | None:
    """A date of birth as YYYY-MM-DD, YYYY-MM or YYYY (the precision that is known)."""
    if _blank(value):
        return None
    match = DATE.match(str(value).strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if month in (None, "00"):
        return year
    if day in (None, "00"):
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    return " ".join(re.sub(r"[^\w]+", " ", str(value).casefold()).split()) or None


def _digits(value: Any) -> str | None:
    digits = re.sub(r"\D", "", str(value or ""))
    return digits[-9:] if len(digits) >= 6 else None


def _code(value: Any) -> str | None:
    code = re.sub(r"[^0-9A-Z]", "", str(value or "").upper())
    return code or None


def prepare_one(row: Mapping[str, Any], id_value: str) -> dict[str, Any]:
    """One record in the engine's prepared form."""
    name, codes = name_parts(row.get("given_name"), row.get("surname"), row.get("full_name"))
    born = birth_date(row.get("date_of_birth"))
    sex = SEXES.get(str(row.get("sex") or "").strip().upper())
    return {
        "unique_id": id_value,
        "name": name,
        "name_codes": codes or None,
        "date_of_birth": born,
        "birth_year": int(born[:4]) if born else None,
        "sex": sex,
        "nationality": _code(row.get("nationality")),
        "place": _text(row.get("place")) or _text(row.get("address")),
        "area": _code(row.get("postcode")) or _text(row.get("region")),
        "phone": _digits(row.get("phone")),
        "document_number": _code(row.get("document_number")),
    }


def prepare(rows: Iterable[Mapping[str, Any]], id_column: str) -> list[dict[str, Any]]:
    """Prepared records of rows keyed by `id_column`; refuses a missing or repeated id."""
    prepared: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if id_column not in row:
            raise BadInput(f"no column named {id_column!r}")
        id_value = str(row[id_column] or "").strip()
        if not id_value:
            raise BadInput(f"line {line}: empty id")
        if id_value in seen:
            raise BadInput(f"line {line}: duplicate id {id_value!r}")
        seen.add(id_value)
        prepared.append(prepare_one(row, id_value))
    return prepared


def usable_fields(columns: Iterable[str]) -> list[str]:
    """The prepared fields that the given column names feed (a name is required)."""
    present = set(columns)
    return [field for field, sources in FIELDS.items() if present & set(sources)]
