"""Scoring of one alert-list name against a query, after nomenklatura's "logic-v1".

The name score is the best of several features (exact name, aligned Jaro-Winkler, Metaphone
agreement, Levenshtein on the sorted-token fingerprint, document identifier). The aligned
words also feed `evidence`, which weighs the name by its rarity and the other facts into
the probability that is the candidate's score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

# Feature weights: how much a perfect value of each feature is worth on its own.
FEATURE_WEIGHTS = {
    "name_exact": 1.0,
    "name_jaro_winkler": 1.0,
    "name_phonetic": 0.95,
    "name_fingerprint_levenshtein": 1.0,
    "identifier_match": 0.95,
}
# Two words at this Jaro-Winkler similarity pair up as spellings of one another. At 0.8 a
# typing error in a short word (KEG for KANG, XOA for XIAO, 0.72-0.78) became another word
# in its place and recall on 150,000 generated people fell by 0.4 points; the price is that
# short unrelated words pair up too (BIN~MING 0.72), earning nothing but costing nothing.
ALIGN_THRESHOLD = 0.72
# A name in which only some words align scores at most FLOOR + (1 - FLOOR) * aligned share:
# one word of two 0.75, two of three 0.83. At 0.7 (0.85 and 0.9) a shared surname or given
# name alone made a hit, and on 1,000,000 generated people 79 % of travellers not on the
# list raised one (3.7 hits each); at 0.5, 44 % (1.3 hits each), recall unchanged.
COVERAGE_FLOOR = 0.5


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """How one query position compares with one listed word (best over their renderings)."""

    similarity: float
    phonetic: bool
    exact: bool
    query_form: str
    listed_form: str
    typo: int = 0  # typing errors apart: 1 from `query.TYPO_MIN_LENGTH` letters on, else 0


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date that may be partial (year only, or year and month)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}" if self.year else "????"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Traits:
    """The non-name facts compared between a query and an entry."""

    birth_date: BirthDate = field(default_factory=BirthDate)
    nationality: str | None = None
    gender: str | None = None


def align(matrix: list[list[TokenMatch]]) -> list[tuple[int, int, TokenMatch]]:
    """Greedy one-to-one alignment of query positions with listed words, best pairs first."""
    pairs = [
        (match.similarity, row, column)
        for row, line in enumerate(matrix)
        for column, match in enumerate(line)
        if match.similarity >= ALIGN_THRESHOLD
    ]
    pairs.sort(reverse=True)
    used_rows: set[int] = set()
    used_columns: set[int] = set()
    aligned = []
    for _, row, column in pairs:
        if row not in used_rows and column not in used_columns:
            used_rows.add(row)
            used_columns.add(column)
            aligned.append((row, column, matrix[row][column]))
    return aligned


Aligned = list[tuple[int, int, TokenMatch]]


def aligned_words(aligned: Aligned) -> str:
    """The aligned word pairs in words: `QUERY~LISTED, ...`."""
    pairs = {m.query_form: m.listed_form for _, _, m in aligned}
    return ", ".join(f"{q}~{w}" for q, w in pairs.items())


def name_features(
    matrix: list[list[TokenMatch]],
    query_primary: list[str],
    listed_primary: list[str],
    aligned: Aligned | None = None,
) -> tuple[dict[str, float], dict[str, str], Aligned]:
    """Name features of one listed name, with the word pairs that produced them (aligned
    here unless given)."""
    if aligned is None:
        aligned = align(matrix)
    longest = max(len(query_primary), len(listed_primary), 1)
    coverage = COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * len(aligned) / longest
    weights = [max(len(m.query_form), len(m.listed_form), 1) for _, _, m in aligned]
    total = sum(weights) or 1
    jaro = sum(w * m.similarity for w, (_, _, m) in zip(weights, aligned, strict=True)) / total
    phonetic = sum(w for w, (_, _, m) in zip(weights, aligned, strict=True) if m.phonetic) / total
    exact = len(aligned) == len(query_primary) == len(listed_primary) and all(
        m.exact for _, _, m in aligned
    )
    query_words = list(query_primary)
    listed_words = list(listed_primary)
    for row, column, match in aligned:
        query_words[row] = match.query_form
        listed_words[column] = match.listed_form
    fingerprint = Levenshtein.normalized_similarity(
        "".join(sorted(query_words)), "".join(sorted(listed_words))
    )
    features = {
        "name_exact": 1.0 if exact else 0.0,
        "name_jaro_winkler": round(jaro * coverage if aligned else 0.0, 4),
        "name_phonetic": round(phonetic * coverage if aligned else 0.0, 4),
        "name_fingerprint_levenshtein": round(fingerprint, 4),
    }
    return features, {"aligned": aligned_words(aligned)}, aligned


def name_score(features: dict[str, float]) -> float:
    """The best weighted name feature (logic-v1's score before facts), 0..1."""
    weighted = (FEATURE_WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return max(0.0, min(1.0, max(weighted, default=0.0)))
