"""A naming tradition: where its people come from and the pools their names are drawn from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from passage.synthetic.traditions.pools import NamePool


def words(text: str) -> tuple[str, ...]:
    """Split a space-separated inventory ('-' is an empty morpheme)."""
    return tuple("" if word == "-" else word for word in text.split())


def lower(text: str) -> str:
    """An inventory of stems in lower case, to follow a prefix (Mc, Papa-, Abdul ...)."""
    return text.lower()


@dataclass(frozen=True)
class Tradition:
    """How people of one naming tradition are named, and how often they occur."""

    code: str
    weight: float
    nationalities: tuple[str, ...]
    male: NamePool
    female: NamePool
    surnames: NamePool
    # the source script of the common names: latin, cyrillic, greek or arabic
    script: str = "latin"
    # Latin spellings of names from another script (Arabic, Persian, Hindi, Chinese ...):
    # a query may spell them another way (OU/U, EE/I, Q/K, doubled letters ...)
    transliterated: bool = False
    # chance of a second given name of the same gender (María José, John Michael)
    second_given: float = 0.3
    # chance of the father's given name after one's own (Arabic, Horn of Africa)
    fathers_name: float = 0.0
    # chance of a second surname (Spanish and Portuguese: paternal then maternal)
    second_surname: float = 0.0
    # a middle name before the given name (Vietnamese Văn / Thị ...): male, female pools
    middle: tuple[NamePool, NamePool] | None = None
    # the surname a woman carries (Russian -ova, Greek -ou, Polish -ska)
    feminine: Callable[[str], str] | None = None

    def given_pool(self, gender: str) -> NamePool:
        """Given names of this gender."""
        return self.male if gender == "M" else self.female
