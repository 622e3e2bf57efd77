"""Scoring of filed names against one query, with word comparisons shared across names."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from passage.border.matching import evidence
from passage.border.matching.documents import normalise_document_number
from passage.border.matching.models import AlertQuery, Candidate
from passage.border.matching.score import (
    Aligned,
    TokenMatch,
    Traits,
    align,
    aligned_words,
    name_features,
    name_score,
)
from passage.border.matching.text import (
    QUERY_FORMS,
    is_particle,
    name_positions,
    phonetic_codes,
    spelling_variant_codes,
)
from passage.border.matching.vocabulary import Vocabulary

LIKE_WORD = 0.8
# Two spellings that differ only in their vowels (KIM/KEEM, KO/KU, YONAS/YUNAS) are
# renderings of one name: Jaro-Winkler rates short ones low (KIM/KEEM 0.75, KO/KU 0.70), so
# they compare as this alike, which aligns them and earns the sound-alike share of the word.
SPELLING_VARIANT = 0.86
# A listed word one typing error (a letter dropped, doubled, replaced or two swapped) from a
# rendering of the query's is that word mistyped, from this length on (shorter ones are too
# often another name: LI/LU, KIM/KIN).
TYPO_MIN_LENGTH = 4
# A mistyped word pairs up with its listed spelling even when Jaro-Winkler rates them low.
TYPO_ALIGNS = 0.8


class FiledNames(Protocol):
    """What the scorer reads of the index (`index.AlertIndex`): words, names and entries."""

    vocabulary: Vocabulary

    def name_words(self, name_number: int) -> list[int]: ...

    def name_text(self, name_number: int) -> str: ...

    def names_with_words(self, word_ids: list[int]) -> int: ...

    def entry_id(self, entry_number: int) -> str: ...

    def entry_documents(self, entry_number: int) -> tuple[str, ...]: ...

    def entry_traits(self, entry_number: int) -> Traits: ...

    def nationality_share(self, entry_number: int) -> float: ...

    @property
    def name_count(self) -> int: ...


class QueryScorer:
    """Scores listed names against one query, caching word comparisons across names."""

    def __init__(self, index: FiledNames, query: AlertQuery, *, by_name: bool = False) -> None:
        self.index = index
        self.by_name = by_name
        names = query.all_names()
        self.positions = _merge_positions(
            [name_positions(n, QUERY_FORMS, particles=True) for n in names]
        )
        self.primary = [forms[0] for forms in self.positions]
        self.codes = [
            {c for form in forms for c in phonetic_codes(form)} for forms in self.positions
        ]
        self._variants = [spelling_variant_codes(codes) for codes in self.codes]
        self.document = normalise_document_number(query.document_number or "")
        self._cache: dict[int, list[TokenMatch]] = {}
        self._form_sets = [set(forms) for forms in self.positions]
        self._flat_forms = [form for forms in self.positions for form in forms]
        ends = list(itertools.accumulate(len(forms) for forms in self.positions))
        self._bounds = list(zip([0, *ends], ends, strict=False))
        self._names: dict[tuple[int, ...], NameEvidence] = {}
        self._neighbours: dict[str, int] = {}

    def prepare(self, word_ids: Iterable[int]) -> None:
        """Compare every query position with many listed words in one rapidfuzz call."""
        vocabulary = self.index.vocabulary
        todo = [word_id for word_id in set(word_ids) if word_id not in self._cache]
        if not self.positions:
            self._cache.update({word_id: [] for word_id in todo})
        if not todo or not self.positions:
            return
        listed: list[str] = []
        starts: list[int] = []
        for word_id in todo:
            starts.append(len(listed))
            listed.extend(vocabulary.forms[word_id])
        matrix = process.cdist(self._flat_forms, listed, scorer=JaroWinkler.similarity)
        edits = process.cdist(self._flat_forms, listed, scorer=OSA.distance, score_cutoff=2)
        # the typing errors a listed form may carry and still be that word: none when short
        allowed = np.array([_typos_allowed(form) for form in listed])
        # the forms of a word are adjacent columns: segment numbers, to pick each word's best
        segment = np.repeat(np.arange(len(todo)), np.diff([*starts, len(listed)]))
        columns: dict[int, list[TokenMatch]] = {word_id: [] for word_id in todo}
        for position, (start, end) in enumerate(self._bounds):
            block = matrix[start:end]
            rows = block.argmax(axis=0).tolist()
            values = block.max(axis=0)
            best = np.lexsort((-values, segment))[np.searchsorted(segment, np.arange(len(todo)))]
            fewest = edits[start:end].min(axis=0)
            fewest = np.where((fewest >= 1) & (fewest <= allowed), fewest, 0)
            typed = np.maximum.reduceat(fewest, starts).tolist()
            forms = self.positions[position]
            for at, (word_id, column) in enumerate(zip(todo, best.tolist(), strict=True)):
                codes = vocabulary.codes[word_id]
                value = float(values[column])
                if not self._variants[position].isdisjoint(codes):
                    value = max(value, SPELLING_VARIANT)
                if typed[at]:  # a mistyped word aligns with its listed spelling
                    value = max(value, TYPO_ALIGNS)
                columns[word_id].append(
                    TokenMatch(
                        value,
                        not self.codes[position].isdisjoint(codes),
                        not self._form_sets[position].isdisjoint(vocabulary.forms[word_id]),
                        forms[rows[column]],
                        listed[column],
                        typo=typed[at],
                    )
                )
        self._cache.update(columns)

    def shares_a_word(self, word_ids: list[int]) -> bool:
        """Whether a listed word of a name is like a query word (sounds alike, or a
        Jaro-Winkler similarity of 0.8, the shortlist's floor)."""
        return any(
            match.similarity >= LIKE_WORD or match.phonetic
            for word_id in word_ids
            for match in self._column(word_id)
        )

    def _column(self, word_id: int) -> list[TokenMatch]:
        """How every query position compares with one listed word."""
        if word_id not in self._cache:
            self.prepare([word_id])
        return self._cache[word_id]

    def _name(self, name_number: int) -> NameEvidence:
        """Evidence of a filed name's words, shared by all names with these words; the
        features (for a search by name and the hit's record) are worked out when asked."""
        word_ids = tuple(self.index.name_words(name_number))
        cached = self._names.get(word_ids)
        if cached is None:
            columns = [self._column(word_id) for word_id in word_ids]
            matrix = [[column[row] for column in columns] for row in range(len(self.positions))]
            vocabulary = self.index.vocabulary
            listed = [vocabulary.words[word_id] for word_id in word_ids]
            aligned = align(matrix)
            names = self.index.name_count
            weighed = [self._weighed(word_ids[column], match) for _, column, match in aligned]
            shared = self.index.names_with_words([word_ids[column] for _, column, _ in aligned])
            namesakes = max(shared - 1, 0)
            value, reason = evidence.name(
                weighed, *_missing(aligned, self.primary, listed), namesakes=namesakes, names=names
            )
            notes = aligned_words(aligned)
            if namesakes:
                notes += f"; {namesakes} other listed names carry these words"
            cached = self._names[word_ids] = NameEvidence(
                matrix, listed, aligned, notes, {reason: round(value, 3)}
            )
        return cached

    def _weighed(self, word_id: int, match: TokenMatch) -> tuple[float, float, bool, bool, int]:
        """A word pair as `evidence.name` weighs it: (rarity, similarity, exact, phonetic,
        typing errors). A pair both mistyped and alike in sound or spelling (a transliteration
        two letters off) counts the better of the two readings."""
        own = evidence.rarity(len(self.index.vocabulary.postings[word_id]), self.index.name_count)
        plain = (own, match.similarity, match.exact, match.phonetic, 0)
        if not match.typo or match.exact:
            return plain
        typed = (self._rarity(word_id, match), *plain[1:4], match.typo)
        return max(plain, typed, key=lambda word: word[0] * evidence.word_weight(*word[1:]))

    def _rarity(self, word_id: int, match: TokenMatch) -> float:
        """The rarity a listed word lends to the query's word: its own on the list, or for a
        typing error that of every listed word one error from what the traveller gave (and
        that word itself, if listed): someone else's name gives that spelling about as often
        as all of them are carried, so a mistyped rare word stays strong evidence and a
        mistyped common one (or one a letter from several names) weak."""
        names = self.index.name_count
        if not match.typo:
            return evidence.rarity(len(self.index.vocabulary.postings[word_id]), names)
        carried = self._neighbours.get(match.query_form)
        if carried is None:
            carried = self._neighbours[match.query_form] = self._one_error_away(match.query_form)
        return evidence.rarity(carried, names)

    def _one_error_away(self, form: str) -> int:
        """Names carrying a listed word one typing error from `form` (or `form` itself)."""
        vocabulary = self.index.vocabulary
        found = list(vocabulary.lookup(form))
        if not found:
            return 0
        # the best rendering of each listed word (words may carry several)
        flat = [(word_id, listed) for word_id in found for listed in vocabulary.forms[word_id]]
        distances = process.cdist(
            [form], [listed for _, listed in flat], scorer=OSA.distance, score_cutoff=1
        )[0]
        near = {
            word_id
            for (word_id, _), distance in zip(flat, distances.tolist(), strict=True)
            if distance <= 1
        }
        return sum(len(vocabulary.postings[word_id]) for word_id in near)

    def _features(self, name: NameEvidence) -> dict[str, float]:
        """The name features of a listed name (logic-v1's, for display and search by name)."""
        return name_features(name.matrix, self.primary, name.listed, name.aligned)[0]

    def _found(
        self, name_number: int, entry_number: int, traits: Traits
    ) -> tuple[NameEvidence, dict[str, float], Traits, bool]:
        """Name evidence, evidence by reason, the entry's facts and whether the document is
        the entry's, for one listed name."""
        name = self._name(name_number)
        found = dict(name.evidence)
        same_document = bool(self.document) and self.document in self.index.entry_documents(
            entry_number
        )
        if same_document:
            found["same_document"] = evidence.DOCUMENT_EVIDENCE
        entry_traits = self.index.entry_traits(entry_number)
        share = self.index.nationality_share(entry_number)
        found.update(evidence.facts(traits, entry_traits, share))
        return name, found, entry_traits, same_document

    def score(self, name_number: int, entry_number: int, traits: Traits) -> float:
        """Score of one listed name of one entry: the estimated probability of a match."""
        name, found, _, same_document = self._found(name_number, entry_number, traits)
        if self.by_name:
            features = self._features(name)
            if same_document:
                features = {**features, "identifier_match": 1.0}
            return round(name_score(features), 4)
        return round(evidence.probability(found, self.index.name_count), 4)

    def candidate(self, name_number: int, entry_number: int, traits: Traits) -> Candidate:
        """The explained candidate for one listed name of one entry."""
        name, found, entry_traits, same_document = self._found(name_number, entry_number, traits)
        features = {"identifier_match": 1.0 if same_document else 0.0, **self._features(name)}
        features["name_score"] = round(name_score(features), 4)
        return Candidate(
            entry_id=self.index.entry_id(entry_number),
            score=self.score(name_number, entry_number, traits),
            matched_name=self.index.name_text(name_number),
            features=features,
            penalties={reason: -value for reason, value in found.items() if value < 0},
            explanation=explain(found, traits, entry_traits, name.notes),
            evidence=found,
        )


@dataclass(frozen=True, slots=True)
class NameEvidence:
    """What a listed name's words say against one query: the comparisons, the aligned pairs
    (and in words), and the evidence by reason."""

    matrix: list[list[TokenMatch]]
    listed: list[str]
    aligned: Aligned
    notes: str
    evidence: dict[str, float]


def explain(found: dict[str, float], query: Traits, entry: Traits, notes: str) -> list[str]:
    """Lines for the record: each reason with its weight, the aligned words and the facts."""
    lines = [f"{reason} {value:+.1f}" for reason, value in found.items()]
    if notes:
        lines.append(f"aligned words: {notes}")
    lines.append(
        f"birth date {query.birth_date} / {entry.birth_date}, nationality "
        f"{query.nationality or '?'} / {entry.nationality or '?'}, sex "
        f"{query.gender or '?'} / {entry.gender or '?'}"
    )
    return lines


def _missing(
    aligned: list[tuple[int, int, TokenMatch]], query: list[str], listed: list[str]
) -> tuple[list[bool], list[bool]]:
    """The query and listed words left without a counterpart, True for each particle."""
    rows = {row for row, _, _ in aligned}
    columns = {column for _, column, _ in aligned}
    return (
        [is_particle(word) for row, word in enumerate(query) if row not in rows],
        [is_particle(word) for column, word in enumerate(listed) if column not in columns],
    )


def _typos_allowed(form: str) -> int:
    """How many typing errors a listed form of this length may carry and stay that word."""
    return 1 if len(form) >= TYPO_MIN_LENGTH else 0


def _merge_positions(per_name: list[list[tuple[str, ...]]]) -> list[tuple[str, ...]]:
    """Use the query name with the most words (full name, or surname plus given names)."""
    if not per_name:
        return []
    return max(per_name, key=len)
