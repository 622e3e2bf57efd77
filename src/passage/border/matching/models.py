"""What goes into and comes out of alert-list screening: entries, queries, candidates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from passage.border.matching.score import BirthDate


def parse_birth_date(value: str | date | None) -> BirthDate:
    """Read a full or partial birth date: a date, 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    if value is None or value == "":
        return BirthDate()
    if isinstance(value, date):
        return BirthDate(value.year, value.month, value.day)
    if len(value) == 10 and value[4] == value[7] == "-" and value.isascii():
        return BirthDate(int(value[:4]) or None, int(value[5:7]) or None, int(value[8:]) or None)
    parts = [int(part) for part in value.replace("/", "-").split("-") if part.strip("?0")]
    parts += [0, 0, 0]
    return BirthDate(parts[0] or None, parts[1] or None, parts[2] or None)


@dataclass(frozen=True, slots=True)
class AlertEntry:
    """One listed person: names (aliases included), birth date, nationality, gender, documents."""

    id: str
    names: Sequence[str]
    birth_date: str | date | None = None
    nationality: str | None = None
    gender: str | None = None
    documents: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class AlertQuery:
    """A traveller to screen: full names, or surname and given names, plus known facts."""

    names: Sequence[str] = ()
    surname: str | None = None
    given_names: str | None = None
    birth_date: str | date | None = None
    nationality: str | None = None
    gender: str | None = None
    document_number: str | None = None

    def all_names(self) -> list[str]:
        """Every name form of the query, the split surname/given names joined."""
        joined = " ".join(part for part in (self.given_names, self.surname) if part)
        return [name for name in (*self.names, joined) if name and name.strip()]


@dataclass(slots=True)
class Candidate:
    """A listed entry that may be the traveller, with the evidence for a human to weigh."""

    entry_id: str
    score: float
    matched_name: str
    features: dict[str, float] = field(default_factory=dict)
    penalties: dict[str, float] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)
    # log-likelihood ratio of each reason (same_birth_date, other_nationality ...)
    evidence: dict[str, float] = field(default_factory=dict)
