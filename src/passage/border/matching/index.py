"""Alert-list screening: an in-memory name index and the search that officers run.

Candidate generation is sub-linear: each distinct word of the list is filed under blocking
keys (itself, its one-deletion neighbourhood, its Metaphone code and transliteration
skeleton); a query word (in each of its renderings) finds the listed words sharing a key,
and the postings of those words (arrays of name numbers) are summed with numpy, weighted by
similarity and rarity, with a bonus for the same birth year and day. Only the best few
dozen names are then scored (`matching.score`). A hit is a candidate for a human to
resolve, never a refusal.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from passage.border.matching.countries import country_key
from passage.border.matching.documents import normalise_document_number
from passage.border.matching.models import (
    AlertEntry,
    AlertQuery,
    Candidate,
    parse_birth_date,
)
from passage.border.matching.query import TYPO_MIN_LENGTH, QueryScorer
from passage.border.matching.score import BirthDate, Traits
from passage.border.matching.text import (
    ENTRY_FORMS,
    is_particle,
    name_positions,
    phonetic_codes,
)
from passage.border.matching.vocabulary import Vocabulary

GENDERS = {"M": 1, "F": 2, "X": 3}
GENDER_CODES = {value: key for key, value in GENDERS.items()}
MAX_POSITIONS = 6
# Measured on 1,000,000 generated people (2,000 altered names of listed people, 1,000
# travellers not on the list; `benchmarks/bench_alert_screening.py`): a postings budget of
# 12,000 and a shortlist of 30 let through all but about 0.6% of the altered listed people (a
# shortlist of 40 or a budget of 8,000 change neither by much); the rest of the misses are
# scored too low, not unseen (recall 0.960 at the 0.5 threshold, December 2026; 0.9675 with
# the typing-error rules, 0.3% of the altered people unseen). Penalising another birth year in
# the shortlist (so that listed people with no birth date compete) found one more and raised
# two more false alerts of 1,000: not kept.
SHORTLIST = 30
WORDS_PER_POSITION = 8
POSTINGS_BUDGET = 12_000
WORD_MATCH_FLOOR = 0.8
# A listed word one typing error from the query's ranks above words that merely share a
# Metaphone code or skeleton (a coarse key: NOWYKODA~NAQTI) among a position's few words:
# Jaro-Winkler rates some single errors below them (ALLAWALE/ALAWALE 0.89), and the mistyped
# listed person then never reached the shortlist behind a dozen sound-alikes at 0.9.
ONE_TYPO, SOUNDS_ALIKE = 0.95, 0.9
DEEP_FORMS = 6
# In the shortlist a shared birth year or day counts like a shared word of the same rarity
# (ln 67 years, ln 336 days of a year), as a word counts log(names / names with it). With
# 1.5 each, people with very common names (WANG, KIM, NGUYEN) and a typo fell out of the
# shortlist behind rare look-alike words: recall 0.966, and 0.87-0.89 for Chinese and Korean
# names; with these the shortlist keeps them.
BIRTH_YEAR_BONUS = 4.2
BIRTH_DAY_BONUS = 5.8
# The same day of the year in another year (a typo in the year) counts like the same year;
# the same nationality like a fairly common word.
NATIONALITY_BONUS = 2.0
SHARED_CACHE = 100_000  # word combinations whose count of names is kept


class AlertIndex:
    """Watch-list index of up to millions of names, updated entry by entry."""

    def __init__(self) -> None:
        self.vocabulary = Vocabulary()
        self._entry_ids: list[str] = []
        self._entry_numbers: dict[str, int] = {}
        self._alive = bytearray()
        self._birth = array("H")
        self._birth_month_day = array("H")
        self._gender = array("B")
        self._country = array("H")
        self._country_codes: dict[str, int] = {}
        self._country_names: list[str | None] = [None]
        self._country_entries: list[int] = [0]  # live entries per nationality code
        self._documents: dict[str, list[int]] = defaultdict(list)
        self._born_on: dict[int, array] = defaultdict(lambda: array("i"))
        self._entry_documents: dict[int, tuple[str, ...]] = {}
        self._name_entry = array("i")
        self._name_start = array("i", [0])
        self._name_words = array("i")
        self._name_text: list[str] = []
        self._entry_first_name = array("i")
        self._entry_name_count = array("H")
        self._word_ids_of: dict[str, tuple[int, ...]] = {}
        self._accumulator = np.zeros(1024, dtype=np.float32)
        self._shared: dict[frozenset[int], int] = {}

    @classmethod
    def from_entries(cls, entries: Iterable[AlertEntry]) -> AlertIndex:
        """Build an index from an iterable of entries."""
        index = cls()
        for entry in entries:
            index.add(entry)
        return index

    def __len__(self) -> int:
        return len(self._entry_numbers)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entry_numbers

    @property
    def name_count(self) -> int:
        """Number of filed names (aliases and removed entries' names included)."""
        return len(self._name_entry)

    def add(self, entry: AlertEntry) -> None:
        """Add an entry, replacing any entry with the same id."""
        if entry.id in self._entry_numbers:
            self.remove(entry.id)
        number = len(self._entry_ids)
        self._entry_ids.append(entry.id)
        self._entry_numbers[entry.id] = number
        self._alive.append(1)
        birth = parse_birth_date(entry.birth_date)
        self._birth.append(birth.year or 0)
        self._birth_month_day.append((birth.month or 0) * 100 + (birth.day or 0))
        if birth.year and birth.month and birth.day:
            self._born_on[_day_key(birth.year, birth.month, birth.day)].append(number)
        self._gender.append(GENDERS.get((entry.gender or "").upper()[:1], 0))
        country = self._country_code(entry.nationality)
        self._country.append(country)
        self._country_entries[country] += 1
        documents = tuple(normalise_document_number(doc) for doc in entry.documents if doc)
        if documents:
            self._entry_documents[number] = documents
            for document in documents:
                self._documents[document].append(number)
        self._entry_first_name.append(len(self._name_entry))
        for name in dict.fromkeys(entry.names):
            if name.strip():
                self._file_name(number, name)
        self._entry_name_count.append(len(self._name_entry) - self._entry_first_name[-1])

    def _country_code(self, nationality: str | None) -> int:
        """Small number standing for a nationality code (0: unknown)."""
        country = country_key(nationality)
        if not country:
            return 0
        code = self._country_codes.get(country)
        if code is None:
            code = self._country_codes[country] = len(self._country_names)
            self._country_names.append(country)
            self._country_entries.append(0)
        return code

    def _file_name(self, entry_number: int, name: str) -> int:
        """File one name of an entry under each of its words; return the name number."""
        name_number = len(self._name_entry)
        self._name_entry.append(entry_number)
        self._name_text.append(name)
        self._shared.clear()
        word_ids = self._word_ids_of.get(name)
        if word_ids is None:
            positions = name_positions(name, ENTRY_FORMS, particles=True)
            word_ids = tuple(self.vocabulary.intern(forms) for forms in positions)
            self._word_ids_of[name] = word_ids
        self._name_words.extend(word_ids)
        postings = self.vocabulary.postings
        for word_id in set(word_ids):
            postings[word_id].append(name_number)
        self._name_start.append(len(self._name_words))
        return name_number

    def remove(self, entry_id: str) -> bool:
        """Remove an entry (its names stay filed but are skipped); return whether it was there."""
        number = self._entry_numbers.pop(entry_id, None)
        if number is None:
            return False
        self._alive[number] = 0
        self._country_entries[self._country[number]] -= 1
        for document in self._entry_documents.pop(number, ()):
            self._documents[document].remove(number)
        return True

    def entries(self) -> Iterator[AlertEntry]:
        """The live entries as filed (names in filing order, documents normalised)."""
        for entry_id, number in self._entry_numbers.items():
            traits = self.entry_traits(number)
            first = self._entry_first_name[number]
            yield AlertEntry(
                entry_id,
                self._name_text[first : first + self._entry_name_count[number]],
                str(traits.birth_date) if traits.birth_date.year else None,
                traits.nationality,
                traits.gender,
                self._entry_documents.get(number, ()),
            )

    def compacted(self) -> AlertIndex:
        """A fresh index of the live entries, without the names of removed ones."""
        return AlertIndex.from_entries(self.entries())

    def search(
        self,
        query: AlertQuery,
        *,
        threshold: float = 0.5,
        limit: int = 10,
        measure: str = "identity",
    ) -> list[Candidate]:
        """Candidates scoring at least `threshold`, best first, at most `limit`. The score
        is the estimated probability that the query is the entry (`measure="identity"`, for
        screening), or how alike the names are (`"name"`, for a search by name)."""
        traits = _query_traits(query)
        scorer = QueryScorer(self, query, by_name=measure == "name")
        names = self._shortlist(scorer.positions, traits)
        names.update(self._names_by_document(query.document_number))
        born = self._names_born_on(traits.birth_date) - names
        scorer.prepare(word for name in names | born for word in self.name_words(name))
        # of those born the same day, only names with a word like one of the query's
        names.update(name for name in born if scorer.shares_a_word(self.name_words(name)))
        best: dict[int, tuple[float, int]] = {}
        for name_number in names:
            entry_number = self._name_entry[name_number]
            if not self._alive[entry_number]:
                continue
            score = scorer.score(name_number, entry_number, traits)
            current = best.get(entry_number)
            if score >= threshold and (current is None or score > current[0]):
                best[entry_number] = (score, name_number)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self._entry_ids[item[0]]))
        return [
            scorer.candidate(name_number, entry_number, traits)
            for entry_number, (_, name_number) in ranked[:limit]
        ]

    def _names_by_document(self, document_number: str | None) -> set[int]:
        """Names of entries holding the queried document number."""
        if not document_number:
            return set()
        entries = self._documents.get(normalise_document_number(document_number), [])
        return {
            name
            for entry in entries
            for name in range(
                self._entry_first_name[entry],
                self._entry_first_name[entry] + self._entry_name_count[entry],
            )
        }

    def _names_born_on(self, birth: BirthDate) -> set[int]:
        """Names of entries born on this full date or with day and month swapped: a second
        way in for names too altered (two typos, another spelling) or too common for the
        word keys to rank them high (about 40 people a day on a list of a million)."""
        if not (birth.year and birth.month and birth.day):
            return set()
        found: set[int] = set()
        for month, day in {(birth.month, birth.day), (birth.day, birth.month)}:
            for entry in self._born_on.get(_day_key(birth.year, month, day), ()):
                first = self._entry_first_name[entry]
                found.update(range(first, first + self._entry_name_count[entry]))
        return found

    def _shortlist(self, positions: list[tuple[str, ...]], traits: Traits) -> set[int]:
        """Names sharing the most (and rarest) words with the query, found through the keys."""
        vocabulary = self.vocabulary
        self._grow_accumulators()
        touched = []
        total_names = max(len(self._name_entry), 1)
        # particles last: common, and often dropped on one side
        for forms in sorted(positions, key=lambda forms: is_particle(forms[0]))[:MAX_POSITIONS]:
            weights = self._word_matches(forms)
            chunks, values = [], []
            for word_id, similarity in self._within_budget(weights):
                postings = np.frombuffer(vocabulary.postings[word_id], dtype=np.int32)
                if not len(postings):
                    continue
                rarity = math.log1p(total_names / (1 + len(postings)))
                chunks.append(postings)
                values.append(np.full(len(postings), similarity * rarity, dtype=np.float32))
            if chunks:
                ids = np.concatenate(chunks)
                # Buffered fancy += adds once per distinct name (the last, i.e. best, word),
                # so a name counts each query word at most once.
                self._accumulator[ids] += np.concatenate(values)
                touched.append(ids)
        if not touched:
            return set()
        ids = np.concatenate(touched)
        totals = self._accumulator[ids]
        self._accumulator[ids] = 0.0
        entries = np.frombuffer(self._name_entry, dtype=np.int32)[ids]
        totals -= (np.frombuffer(self._alive, dtype=np.uint8)[entries] == 0) * 1000.0
        totals += self._fact_bonus(entries, traits)
        if len(ids) > SHORTLIST * 4:
            keep = np.argpartition(-totals, SHORTLIST * 4)[: SHORTLIST * 4]
            ids, totals = ids[keep], totals[keep]
        order = np.argsort(-totals, kind="stable")
        ranked = dict.fromkeys(ids[order].tolist())
        return set(list(ranked)[:SHORTLIST])

    def _fact_bonus(self, entries: np.ndarray, traits: Traits) -> np.ndarray:
        """Shortlist bonus of the entries for the same birth year, the same day of the year
        (also with day and month swapped, or in another year: a typo) and nationality."""
        bonus = np.zeros(len(entries), dtype=np.float32)
        birth = traits.birth_date
        if birth.year:
            same_year = np.frombuffer(self._birth, dtype=np.uint16)[entries] == birth.year
            bonus += same_year * BIRTH_YEAR_BONUS
            if birth.month and birth.day:
                days = np.frombuffer(self._birth_month_day, dtype=np.uint16)[entries]
                same_day = (days == birth.month * 100 + birth.day) | (
                    days == birth.day * 100 + birth.month
                )
                bonus += same_day * np.where(same_year, BIRTH_DAY_BONUS, BIRTH_YEAR_BONUS)
        if traits.nationality:
            code = self._country_codes.get(traits.nationality)
            if code is not None:
                same = np.frombuffer(self._country, dtype=np.uint16)[entries] == code
                bonus += same * NATIONALITY_BONUS
        return bonus

    def _within_budget(self, weights: dict[int, float]) -> list[tuple[int, float]]:
        """The most similar matched words whose postings fit the budget, least similar first."""
        kept: list[tuple[int, float]] = []
        volume = 0
        ranked = sorted(weights.items(), key=lambda item: -item[1])[:WORDS_PER_POSITION]
        for word_id, similarity in ranked:
            volume += len(self.vocabulary.postings[word_id])
            if kept and volume > POSTINGS_BUDGET:
                break
            kept.append((word_id, similarity))
        return kept[::-1]

    def _word_matches(self, forms: tuple[str, ...]) -> dict[int, float]:
        """Listed words close to any rendering of a query word, with their similarity."""
        vocabulary = self.vocabulary
        candidates: set[int] = set()
        for rank, form in enumerate(forms):
            candidates |= vocabulary.lookup(form, deep=rank < DEEP_FORMS and len(form) >= 5)
        if not candidates:
            return {}
        word_ids = list(candidates)
        listed = [vocabulary.words[word_id] for word_id in word_ids]
        scores = process.cdist(list(forms), listed, scorer=JaroWinkler.similarity).max(axis=0)
        edits = process.cdist(list(forms), listed, scorer=OSA.distance, score_cutoff=1).min(axis=0)
        codes = {code for form in forms for code in phonetic_codes(form)}
        matches = {}
        for word_id, similarity, edit in zip(
            word_ids, scores.tolist(), edits.tolist(), strict=True
        ):
            length = len(vocabulary.words[word_id])
            if edit <= 1 and length >= TYPO_MIN_LENGTH:
                similarity = max(similarity, ONE_TYPO)
            elif not codes.isdisjoint(vocabulary.codes[word_id]):
                similarity = max(similarity, SOUNDS_ALIKE)
            if similarity >= WORD_MATCH_FLOOR:
                matches[word_id] = similarity
        return matches

    def _grow_accumulators(self) -> None:
        """Keep one accumulator slot per filed name."""
        needed = len(self._name_entry)
        if len(self._accumulator) < needed:
            self._accumulator = np.zeros(max(needed, len(self._accumulator) * 2), np.float32)

    def entry_traits(self, entry_number: int) -> Traits:
        """The birth date, nationality and gender stored for an entry."""
        month_day = self._birth_month_day[entry_number]
        birth = BirthDate(
            self._birth[entry_number] or None, month_day // 100 or None, month_day % 100 or None
        )
        gender = GENDER_CODES.get(self._gender[entry_number])
        return Traits(birth, self._country_names[self._country[entry_number]], gender)

    def nationality_share(self, entry_number: int) -> float:
        """Share of the live entries with this entry's nationality."""
        return self._country_entries[self._country[entry_number]] / max(len(self), 1)

    def entry_id(self, entry_number: int) -> str:
        """Id of the entry with this internal number."""
        return self._entry_ids[entry_number]

    def entry_documents(self, entry_number: int) -> tuple[str, ...]:
        """Normalised document numbers of an entry."""
        return self._entry_documents.get(entry_number, ())

    def name_text(self, name_number: int) -> str:
        """A filed name as it was written on the list."""
        return self._name_text[name_number]

    def name_owner(self, name_number: int) -> str:
        """Entry id of a filed name."""
        return self._entry_ids[self._name_entry[name_number]]

    def primary_name(self, name_number: int) -> str:
        """A filed name as its primary Latin words, particles dropped."""
        return " ".join(self.vocabulary.words[w] for w in self.name_words(name_number))

    def names_with_words(self, word_ids: list[int]) -> int:
        """Number of filed names that carry every one of these words (counts of the common
        combinations are kept until the index changes)."""
        key = frozenset(word_ids)
        count = self._shared.get(key)
        if count is None:
            if len(self._shared) >= SHARED_CACHE:
                self._shared.clear()
            count = self._shared[key] = self._count_names_with(key)
        return count

    def _count_names_with(self, word_ids: frozenset[int]) -> int:
        """Intersect the words' postings, the shortest first."""
        postings = sorted(
            (np.frombuffer(self.vocabulary.postings[w], dtype=np.int32) for w in word_ids),
            key=len,
        )
        if not postings:
            return 0
        common = postings[0]
        for other in postings[1:]:
            if not len(common):
                break
            at = np.searchsorted(other, common).clip(max=len(other) - 1)
            common = common[other[at] == common]
        return len(common)

    def name_words(self, name_number: int) -> list[int]:
        """Word numbers of one filed name, in written order."""
        start, end = self._name_start[name_number], self._name_start[name_number + 1]
        return self._name_words[start:end].tolist()


def _day_key(year: int, month: int, day: int) -> int:
    """A full birth date as one number."""
    return year * 10_000 + month * 100 + day


def _query_traits(query: AlertQuery) -> Traits:
    """The non-name facts of a query in the index's normal form."""
    gender = (query.gender or "").upper()[:1] or None
    return Traits(parse_birth_date(query.birth_date), country_key(query.nationality), gender)
