"""Document checks shown to the officer, pure: expired or implausibly long-valid documents,
impossible dates, ICAO specimen documents, typed fields that differ from the MRZ, and minors.

Each check is a dict `{code, field, ...params}` (JSON-ready: stored with the crossing as what
the officer was shown); `labels.check_message` words it in the officer's language. A check
warns, it never refuses: the officer decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from passage.names.transliteration import transliterate

ADULT_AGE = 18
OLDEST_AGE = 130
LONGEST_VALIDITY_YEARS = 10  # ICAO 9303 passports are issued for at most ten years
# Issuing state of ICAO's specimens (Utopia) and the document numbers printed on well-known
# specimens (ICAO 9303 Part 4 TD3, Part 5 TD1, the EU's PRADO samples).
SPECIMEN_STATES = frozenset({"UTO", "XXA"})
SPECIMEN_NUMBERS = frozenset({"L898902C3", "L898902C", "D23145890", "AB2134", "SPECI2014"})
COMPARED = (
    "surname",
    "given_names",
    "sex",
    "birth_date",
    "nationality",
    "document_code",
    "document_number",
    "issuing_state",
    "expiry_date",
)
NAMES = frozenset({"surname", "given_names"})


def as_date(value: Any) -> date | None:
    """A date from a date or an ISO string; None when absent or not a whole date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def years_between(born: date, on: date) -> int:
    """Whole years from a birth date to a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def document_checks(
    *, typed: Mapping[str, Any], mrz: Mapping[str, Any] | None, on: date
) -> list[dict[str, Any]]:
    """The warnings for the document and traveller as typed (and read from the MRZ) on a day."""
    birth, expiry = as_date(typed.get("birth_date")), as_date(typed.get("expiry_date"))
    checks = _specimen(typed) + _date_checks(birth, expiry, on)
    if mrz:
        checks += mrz_mismatches(typed, mrz)
    if birth and birth <= on and years_between(birth, on) < ADULT_AGE:
        checks.append({"code": "minor", "field": "birth_date", "age": years_between(birth, on)})
    return checks


def _specimen(typed: Mapping[str, Any]) -> list[dict[str, Any]]:
    state = str(typed.get("issuing_state") or "").strip().upper()
    number = str(typed.get("document_number") or "").strip().upper()
    if state in SPECIMEN_STATES or number in SPECIMEN_NUMBERS:
        return [{"code": "specimen", "field": "document_number"}]
    return []


def _date_checks(birth: date | None, expiry: date | None, on: date) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    if birth and birth > on:
        checks.append({"code": "born_in_future", "field": "birth_date", "date": str(birth)})
    elif birth and years_between(birth, on) > OLDEST_AGE:
        checks.append({"code": "implausible_age", "field": "birth_date", "date": str(birth)})
    if expiry and birth and expiry <= birth:
        checks.append({"code": "expiry_before_birth", "field": "expiry_date", "date": str(expiry)})
    if expiry and expiry < on:
        checks.append({"code": "expired", "field": "expiry_date", "date": str(expiry)})
    elif expiry and expiry.year - on.year > LONGEST_VALIDITY_YEARS:
        checks.append({"code": "validity_too_long", "field": "expiry_date", "date": str(expiry)})
    return checks


def _normal(name: str, value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if name in NAMES:
        return " ".join(transliterate(text).replace("<", " ").split())
    return text.upper()


def mrz_mismatches(typed: Mapping[str, Any], mrz: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Typed fields that differ from what the MRZ says (an empty typed field keeps the MRZ's)."""
    found = []
    for name in COMPARED:
        read, written = _normal(name, mrz.get(name)), _normal(name, typed.get(name))
        if read and written and read != written:
            found.append({"code": "differs_from_mrz", "field": name, "mrz": read, "typed": written})
    return found
