"""EU DCC value sets: the codes a certificate field may hold, checked with the schema.

The DCC schema names a value set for each coded field (valueset-uri) but does not list the
codes, so a verifier needs the value-set files themselves. Countries are ISO 3166-1 alpha-2
(`country-2-codes`), read from the ISO data that ships with hdx-python-country; the other sets
(vaccines, manufacturers, test devices, ...) are imported from the official JSON files
(``{"valueSetId", "valueSetDate", "valueSetValues": {code: {...}}}``) by an administrator.
A field whose value set is not loaded is not checked.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

COUNTRIES = "country-2-codes"
# (certificate section, field) -> value set id, as in DCC.Types.schema.json.
FIELD_VALUE_SETS: dict[tuple[str, str], str] = {
    ("v", "tg"): "disease-agent-targeted",
    ("v", "vp"): "sct-vaccines-covid-19",
    ("v", "mp"): "vaccines-covid-19-names",
    ("v", "ma"): "vaccines-covid-19-auth-holders",
    ("v", "co"): COUNTRIES,
    ("t", "tg"): "disease-agent-targeted",
    ("t", "tt"): "covid-19-lab-test-type",
    ("t", "ma"): "covid-19-lab-test-manufacturer-and-name",
    ("t", "tr"): "covid-19-lab-result",
    ("t", "co"): COUNTRIES,
    ("r", "tg"): "disease-agent-targeted",
    ("r", "co"): COUNTRIES,
}
KNOWN_VALUE_SETS = frozenset(FIELD_VALUE_SETS.values())

ValueSets = Mapping[str, Collection[str]]


class ValueSetError(ValueError):
    """A value-set document is not in the official format."""


@lru_cache(maxsize=1)
def iso_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the country data shipped with hdx-python-country."""
    from hdx.location.country import Country  # loaded on first use: it takes half a second

    codes = Country.countriesdata(use_live=False)["iso2iso3"]
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def default_value_sets() -> dict[str, frozenset[str]]:
    """The value sets every deployment has: countries."""
    return {COUNTRIES: iso_country_codes()}


def parse_value_set(document: Any) -> tuple[str, str | None, frozenset[str]]:
    """Return (value set id, value set date, codes) of an official value-set JSON document."""
    if not isinstance(document, Mapping):
        raise ValueSetError("a value set is a JSON object")
    identifier = document.get("valueSetId")
    values = document.get("valueSetValues")
    if not isinstance(identifier, str) or not identifier.strip():
        raise ValueSetError("valueSetId is missing")
    if not isinstance(values, Mapping) or not values:
        raise ValueSetError(f"{identifier}: valueSetValues must be a non-empty object")
    if not all(isinstance(code, str) and code for code in values):
        raise ValueSetError(f"{identifier}: every code must be a non-empty string")
    date = document.get("valueSetDate")
    return identifier.strip(), date if isinstance(date, str) else None, frozenset(values)


def value_set_errors(certificate: Any, value_sets: ValueSets) -> list[str]:
    """Coded fields whose value is not in their loaded value set (empty when all are)."""
    if not isinstance(certificate, Mapping):
        return []
    errors = []
    for (section, name), identifier in FIELD_VALUE_SETS.items():
        codes = value_sets.get(identifier)
        entries = certificate.get(section)
        if codes is None or not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            value = entry.get(name) if isinstance(entry, Mapping) else None
            if isinstance(value, str) and value not in codes:
                errors.append(f"{section}/{index}/{name}: {value!r} is not in {identifier}")
    return errors


def load_value_sets(paths: Collection[str]) -> dict[str, frozenset[str]]:
    """Read value-set JSON files (or folders of them) on top of the defaults."""
    found = default_value_sets()
    for name in paths:
        path = Path(name)
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            identifier, _, codes = parse_value_set(json.loads(file.read_text(encoding="utf-8")))
            found[identifier] = codes
    return found
