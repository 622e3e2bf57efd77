"""What a parse returns: fields, check digits, errors and the OCR corrections made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from passage.errors import Refusal


class MRZUnreadable(Refusal):
    """The text is not a recognisable MRZ (line count, line lengths or characters)."""


class Check(NamedTuple):
    """One check digit: the digit computed from the data, the one printed, and the verdict."""

    expected: str
    found: str
    valid: bool

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {"expected": self.expected, "found": self.found, "valid": self.valid}


@dataclass(frozen=True, slots=True)
class Correction:
    """One OCR confusion fixed because the check digits confirmed it (line, position 1-based)."""

    field: str
    line: int
    position: int
    found: str
    corrected: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {
            "field": self.field,
            "line": self.line,
            "position": self.position,
            "from": self.found,
            "to": self.corrected,
        }


@dataclass(slots=True)
class MRZResult:
    """A parsed MRZ; `valid` is True when every check digit matches and no field is in error."""

    format: str
    fields: dict[str, Any]
    checks: dict[str, Check]
    errors: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when there is no error (every failed check digit is also an error)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form: format, fields, checks, valid, errors, corrections."""
        return {
            "format": self.format,
            "fields": {
                name: list(value) if isinstance(value, list) else value
                for name, value in self.fields.items()
            },
            "checks": {name: check.to_dict() for name, check in self.checks.items()},
            "valid": self.valid,
            "errors": list(self.errors),
            "corrections": [correction.to_dict() for correction in self.corrections],
        }
