"""Shapes every port-health sub-domain shares: strict input, country and code checks."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Classification = Literal["cleared", "secondary_assessment", "isolate_refer"]
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


class StrictModel(BaseModel):
    """Input that refuses unknown fields and trims text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def iso3(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 code in capitals, None when blank; anything else is refused."""
    if value is None or value == "":
        return None
    value = value.upper()
    if not ISO3.match(value):
        raise ValueError("use an ISO 3166-1 alpha-3 country code, e.g. KEN")
    return value


def normal_codes(values: list[str]) -> list[str]:
    """Lower-case codes without blanks or duplicates; a malformed code is refused."""
    cleaned = [value.strip().lower() for value in values if value.strip()]
    bad = [value for value in cleaned if not CODE.match(value)]
    if bad:
        raise ValueError(f"not a code (lower-case letters, digits, _): {', '.join(bad)}")
    return list(dict.fromkeys(cleaned))
