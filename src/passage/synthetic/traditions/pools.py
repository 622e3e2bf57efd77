"""Name pools with realistic frequencies: a few very common names and a long tail of rare ones.

A pool ranks its names: first the common names written out (most frequent first), then names
composed from morphemes (syllables, stems, endings) of the naming tradition. A draw picks a
rank from a truncated Zipf-Mandelbrot distribution (probability of rank r proportional to
(r + q)^-s), so a handful of names take a large share and most names are rare, as in real
populations.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

Slots = tuple[tuple[str, ...], ...]
SCRAMBLE = 2_654_435_761  # Knuth's multiplicative hash: neighbouring ranks share no morpheme


class Zipf:
    """Ranks 1..size with probability of rank r proportional to (r + offset)^-exponent (the
    Zipf-Mandelbrot law); the offset flattens the head (the commonest name is not 1/H_n of
    everybody). A draw inverts the continuous distribution function."""

    def __init__(self, size: int, exponent: float = 1.0, offset: float = 0.0) -> None:
        self.size, self.exponent, self.offset = size, exponent, offset
        low, high = 1.0 + offset, size + 1.0 + offset
        self._power = 0.0 if abs(exponent - 1.0) < 1e-9 else 1.0 - exponent
        if self._power:
            self._base, self._span = low**self._power, high**self._power - low**self._power
        else:
            self._base, self._span = low, high / low

    def rank(self, u: float) -> int:
        """The 0-based rank for a uniform u in [0, 1)."""
        if self._power:
            x = (self._span * u + self._base) ** (1.0 / self._power)
        else:
            x = self._base * self._span**u
        return min(max(int(x - self.offset), 1), self.size) - 1


def _tidy(name: str) -> str:
    """Collapse a letter written three times in a row where two morphemes meet."""
    out: list[str] = []
    for char in name:
        if len(out) >= 2 and out[-1] == out[-2] == char:
            continue
        out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class Composer:
    """Composes names from patterns, each a sequence of morpheme slots (one pick per slot)."""

    patterns: tuple[Slots, ...]
    # no morpheme twice in one name (Arabic roots have three different consonants)
    distinct: bool = False
    spaces: tuple[int, ...] = field(init=False)
    multipliers: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        spaces = tuple(math.prod(len(slot) for slot in slots) for slots in self.patterns)
        object.__setattr__(self, "spaces", spaces)
        object.__setattr__(self, "multipliers", tuple(_coprime(SCRAMBLE, s) for s in spaces))

    @property
    def space(self) -> int:
        """How many compositions the patterns allow (some may spell the same name)."""
        return sum(self.spaces)

    def __call__(self, index: int) -> str:
        """The composed name number `index` (deterministic)."""
        which = index % len(self.patterns)
        space = self.spaces[which]
        number = (index // len(self.patterns) * self.multipliers[which]) % space
        parts = self._parts(which, number)
        for step in range(1, min(space, 64)):
            if not self.distinct or _all_different(parts):
                break
            parts = self._parts(which, (number + step) % space)
        return _tidy("".join(parts))

    def _parts(self, which: int, number: int) -> list[str]:
        """The morphemes of composition `number` of pattern `which`."""
        parts = []
        for slot in self.patterns[which]:
            number, pick = divmod(number, len(slot))
            parts.append(slot[pick])
        return parts


def _all_different(parts: list[str]) -> bool:
    """Whether no chosen morpheme (vowels aside) occurs twice, whatever its case."""
    chosen = [part.lower() for part in parts if part and part.lower() not in "aeiou"]
    return len(chosen) == len(set(chosen))


def _coprime(multiplier: int, space: int) -> int:
    """A multiplier coprime with `space`, so that index -> index * m mod space is a bijection."""
    multiplier %= max(space, 1)
    while space > 1 and math.gcd(multiplier, space) != 1:
        multiplier += 1
    return multiplier or 1


def pattern(*slots: str | Sequence[str]) -> Slots:
    """Slots of a pattern: a string is split on spaces ('' stands for an empty morpheme)."""
    return tuple(
        tuple("" if part == "-" else part for part in slot.split())
        if isinstance(slot, str)
        else tuple(slot)
        for slot in slots
    )


class NamePool:
    """Names of one kind (male, female or family names) in one tradition, with frequencies."""

    def __init__(
        self,
        common: Sequence[str],
        composer: Composer | None = None,
        *,
        size: int | None = None,
        exponent: float = 1.0,
        offset: float = 10.0,
    ) -> None:
        self.common = tuple(common)
        self.composer = composer
        limit = len(self.common) + (composer.space if composer else 0)
        self.frequencies = Zipf(min(size or limit, limit), exponent, offset)
        self._composed: dict[int, str] = {}

    @property
    def size(self) -> int:
        """How many names the pool draws from."""
        return self.frequencies.size

    def name(self, rank: int) -> str:
        """The name at a 0-based rank (common names first)."""
        if rank < len(self.common):
            return self.common[rank]
        name = self._composed.get(rank)
        if name is None:
            assert self.composer is not None
            name = self._composed[rank] = self.composer(rank - len(self.common))
        return name

    def draw(self, rng: random.Random) -> str:
        """One name, common ones far more often than rare ones."""
        return self.name(self.frequencies.rank(rng.random()))
