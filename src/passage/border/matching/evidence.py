"""The weight of each fact for or against "this traveller is the listed person", pure.

Each comparison gives a log-likelihood ratio, log(P(what we see | same person) / P(what we
see | someone else)), and a reason code the hit page puts into words. The ratios add up
(nomenklatura compares facts one by one too) and a logistic turns the sum into an estimated
probability that the traveller is the listed person, the score an administrator sets a
threshold on.

The "someone else" side comes from how facts spread in a population: a birth date is one of
about 24,000 days (67 years), a birth year one of 67; a nationality is as common as its share
of the list; a name word as common as its share of the list's names (`rarity`). The "same
person" side is how often a real record of that person shows the fact so: the same full date
most of the time, but day and month swapped, one digit off or an 01-01 placeholder now and
then (typos, not disagreement); another birth year on two full dates only very rarely.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from passage.border.matching.score import BirthDate, Traits

BIRTH_YEARS = 67.0
BIRTH_DAYS = BIRTH_YEARS * 336.0
# P(fact as seen | same person), the other side from the population shares above
SAME_DATE, SWAPPED, ONE_DIGIT, PLACEHOLDER = 0.80, 0.03, 0.05, 0.03
ONE_DIGIT_NEIGHBOURS = 25.0  # dates one digit away from a given one (of about 24,000)
# a year typed one digit wrong (a third of one-digit typos), against the ~14 of 67 birth
# years one digit away from a given one (1962: 1960-1969, 1942, 1952 ... 2002)
ONE_DIGIT_YEAR, ONE_DIGIT_YEARS = 0.02, 14.0
OTHER_YEAR = 1e-6  # two birth years apart by no typo: a homonym, nearly always
OTHER_DAY = 0.003  # same year, another day that no typo explains
SAME_NATIONALITY, OTHER_NATIONALITY = 0.92, 0.05
SAME_SEX, OTHER_SEX = 0.98, 0.01
DOCUMENT_EVIDENCE = 25.0  # the very document listed for this person
# Name words: a listed word this rare among the list's names (or in a small list, assumed
# about one name in REFERENCE_SHARE) weighs -log(share) when the traveller's word is the same;
# a near spelling weighs less; a word on one side and not on the other costs a little, as a
# dropped middle name is common.
REFERENCE_NAMES = 20_000.0
REFERENCE_SHARE = 1e-4
UNALIGNED_LISTED, UNALIGNED_QUERY, REPLACED_WORD = 1.0, 0.5, 6.0
NAME_CAP = 22.0
NEXT_WORDS = (1.0, 0.8, 0.6, 0.5, 0.4, 0.4)
PHONETIC_WEIGHT = 0.8
# A word one typing error from a listed one weighs the rarity of all the listed words one
# error from the traveller's spelling (`query.QueryScorer._rarity`): someone else gives that
# spelling about as often as those words are carried. A share of it is kept for the chance
# that the spelling is another real name the list does not hold.
TYPO_WEIGHT = 0.9
COMMON_NAME = 5.0  # a word carried by more than 1 name in 150 is a common one
# Prior log-odds that a traveller is one given listed person before any fact is compared:
# PRIOR less log(names on the list + REFERENCE_NAMES), since the more names a list holds the
# likelier a chance resemblance with one of them, as rarities grow with the list (tuned on
# the benchmark: listed people of the same name population, `bench_alert_screening.py`).
PRIOR = -4.4


def rarity(names_with_word: int, names: int) -> float:
    """-log of the share of names carrying a word, with REFERENCE_NAMES pseudo-names of
    REFERENCE_SHARE so a small list does not make every word look common."""
    share = (names_with_word + REFERENCE_NAMES * REFERENCE_SHARE) / (names + REFERENCE_NAMES)
    return -math.log(share)


def word_weight(similarity: float, exact: bool, phonetic: bool, typo: int = 0) -> float:
    """The share of a word's rarity a comparison earns: all when the spelling is the same or
    another rendering of it, most of it for a sound-alike or a single typing error, less the
    further apart the spellings are otherwise."""
    if exact:
        return 1.0
    if typo:
        return TYPO_WEIGHT
    if phonetic and similarity >= 0.85:
        return PHONETIC_WEIGHT
    return max(0.0, min(PHONETIC_WEIGHT, (similarity - 0.72) / 0.28))


def _log_ratio(same: float, other: float) -> float:
    return math.log(same / other)


def _one_digit_apart(first: str, second: str) -> bool:
    if len(first) != len(second):
        return False
    return sum(a != b for a, b in zip(first, second, strict=True)) == 1


def _digits(birth: BirthDate) -> str:
    return f"{birth.year or 0:04d}{birth.month or 0:02d}{birth.day or 0:02d}"


def birth_date(asked: BirthDate, listed: BirthDate) -> tuple[float, str]:
    """Log-likelihood ratio and reason for two birth dates, either maybe partial or missing."""
    if not asked.year or not listed.year:
        return 0.0, "birth_date_unknown"
    if asked.day and listed.day and asked.month and listed.month:
        return _full_dates(asked, listed)
    if asked.year == listed.year:
        if asked.month and listed.month:
            return _same_year_months(asked, listed)
        return _log_ratio(0.95, 1 / BIRTH_YEARS), "same_birth_year"
    if _one_digit_apart(f"{asked.year:04d}", f"{listed.year:04d}"):
        return (
            _log_ratio(ONE_DIGIT_YEAR, ONE_DIGIT_YEARS / BIRTH_YEARS),
            "birth_year_one_digit_apart",
        )
    return _other_year(asked, listed)


def _same_year_months(asked: BirthDate, listed: BirthDate) -> tuple[float, str]:
    """The same year, a month on both sides and a day on at most one: the same month, the
    full date's day where the month should be (day and month swapped), an 01-01 placeholder
    (which says only the year) or another month."""
    if asked.month == listed.month:
        return _log_ratio(SAME_DATE, 1 / (BIRTH_YEARS * 12)), "same_birth_month"
    full = asked if asked.day else listed
    partial = listed if asked.day else asked
    if full.day == partial.month:
        return _log_ratio(SWAPPED, 1 / (BIRTH_YEARS * 12)), "birth_day_month_swapped"
    if (full.month, full.day) == (1, 1):
        return _placeholder(), "birth_date_placeholder"
    return _log_ratio(OTHER_DAY, 1 / BIRTH_YEARS), "same_birth_year_other_month"


def _placeholder() -> float:
    """An 01-01 placeholder in the year of the other side's date. It says the year and no
    more: the same person shows it as often as placeholders are written (PLACEHOLDER), someone
    else born that year as often as well, or on 1 January (1 day in 336)."""
    return _log_ratio(PLACEHOLDER, (PLACEHOLDER + 1 / 336) / BIRTH_YEARS)


def _other_year(asked: BirthDate, listed: BirthDate) -> tuple[float, str]:
    """Years apart: strong evidence of a homonym, stronger a decade or more apart."""
    apart = abs((asked.year or 0) - (listed.year or 0))
    reason = "birth_decade_differs" if apart >= 10 else "birth_year_differs"
    return math.log(OTHER_YEAR) - (2.0 if apart >= 10 else 0.0), reason


def _full_dates(asked: BirthDate, listed: BirthDate) -> tuple[float, str]:
    """Two full dates: the same, a typo (swapped, one digit, a placeholder) or different."""
    if asked == listed:
        return _log_ratio(SAME_DATE, 1 / BIRTH_DAYS), "same_birth_date"
    same_year = asked.year == listed.year
    if same_year and (asked.month, asked.day) == (listed.day, listed.month):
        return _log_ratio(SWAPPED, 1 / BIRTH_DAYS), "birth_day_month_swapped"
    if _one_digit_apart(_digits(asked), _digits(listed)):
        return _log_ratio(ONE_DIGIT, ONE_DIGIT_NEIGHBOURS / BIRTH_DAYS), "birth_date_one_digit"
    placeholder = (asked.month, asked.day) == (1, 1) or (listed.month, listed.day) == (1, 1)
    if same_year and placeholder:
        return _placeholder(), "birth_date_placeholder"
    if same_year:
        return _log_ratio(OTHER_DAY, 1 / BIRTH_YEARS), "same_birth_year_other_day"
    return _other_year(asked, listed)


def nationality(asked: str | None, listed: str | None, share: float) -> tuple[float, str]:
    """Same nationality (as strong as it is rare on the list), another one, or unknown."""
    if not asked or not listed:
        return 0.0, "nationality_unknown"
    if asked == listed:
        return _log_ratio(SAME_NATIONALITY, max(share, 0.002)), "same_nationality"
    return _log_ratio(OTHER_NATIONALITY, 1 - min(share, 0.5)), "other_nationality"


def sex(asked: str | None, listed: str | None) -> tuple[float, str]:
    """Same or other sex (M and F only: X and unknown say nothing)."""
    if asked not in ("M", "F") or listed not in ("M", "F"):
        return 0.0, "sex_unknown"
    if asked == listed:
        return _log_ratio(SAME_SEX, 0.5), "same_sex"
    return _log_ratio(OTHER_SEX, 0.5), "other_sex"


def facts(query: Traits, entry: Traits, nationality_share: float) -> dict[str, float]:
    """The evidence of the facts other than the name, by reason (unknown facts left out)."""
    found = {}
    for value, reason in (
        birth_date(query.birth_date, entry.birth_date),
        nationality(query.nationality, entry.nationality, nationality_share),
        sex(query.gender, entry.gender),
    ):
        if not reason.endswith("_unknown"):
            found[reason] = round(value, 3)
    return found


def prior(names: int) -> float:
    """Prior log-odds for one listed person of a list of this many names."""
    return PRIOR - math.log(names + REFERENCE_NAMES)


def probability(evidence: dict[str, float], names: int) -> float:
    """The estimated probability that the traveller is the listed person."""
    logit = prior(names) + sum(evidence.values())
    return 1.0 / (1.0 + math.exp(-max(min(logit, 40.0), -40.0)))


def name(
    aligned: Sequence[tuple[float, float, bool, bool] | tuple[float, float, bool, bool, int]],
    query_missing: Sequence[bool],
    listed_missing: Sequence[bool],
    *,
    namesakes: int = 0,
    names: int = 0,
) -> tuple[float, str]:
    """Evidence of the name from its aligned words (rarity, similarity, exact, phonetic), the
    words on one side only (True for a particle) and the other listed names that carry all
    the aligned words (`namesakes`, of `names`); the reason says how the names compare."""
    # Words of one name are not independent (a Vietnamese surname makes a Vietnamese given
    # name likely): the strongest word counts in full, the next ones less and less.
    ranked = sorted(aligned, key=lambda word: -word[0] * word_weight(*word[1:]))
    shares = NEXT_WORDS[: len(ranked)]
    full = sum(word[0] * share for word, share in zip(ranked, shares, strict=False))
    earned = sum(
        word[0] * word_weight(*word[1:]) * share
        for word, share in zip(ranked, shares, strict=False)
    )
    # The list itself says how common the whole name is: NGUYEN THANH DUNG carried by 25 of
    # a million names weighs log(1,000,000 / 25), however rare each word looks alone.
    earned -= max(0.0, full - shared_name(full, namesakes, names))
    replaced, alone_listed, alone_query = unaligned(query_missing, listed_missing)
    value = (
        earned
        - REPLACED_WORD * replaced
        - UNALIGNED_LISTED * alone_listed
        - UNALIGNED_QUERY * alone_query
    )
    if query_missing or listed_missing:
        reason = "name_partly_same"
    elif all(word[2] for word in aligned):
        reason = "same_name"
    else:
        reason = "name_spelled_differently"
    if aligned and earned < COMMON_NAME * len(aligned):
        reason += "_common"
    return min(value, NAME_CAP), reason


def shared_name(words: float, namesakes: int, names: int) -> float:
    """-log of the share of names carrying a set of words: the other names of the list that
    carry them all, with REFERENCE_NAMES pseudo-names whose share is what the words' rarities
    (`words`) say, so a small list does not make a name look common."""
    expected = REFERENCE_NAMES * math.exp(-min(words, 60.0))
    return -math.log((namesakes + expected) / (names + REFERENCE_NAMES))


def unaligned(
    query_missing: Sequence[bool], listed_missing: Sequence[bool]
) -> tuple[int, int, int]:
    """Words with no counterpart (True for a particle) as (replaced pairs, listed words
    alone, query words alone). A word on each side with no counterpart is another name in its
    place, not a dropped one; a particle alone (VAN, DE, AL, BIN) costs nothing, as it is
    often dropped, but a particle standing where the other side has another word (Vietnamese
    LE for NGUYEN, VAN for QUOC) is a replaced word."""
    query_words, query_particles = query_missing.count(False), query_missing.count(True)
    listed_words, listed_particles = listed_missing.count(False), listed_missing.count(True)
    both = min(query_words, listed_words)
    query_words, listed_words = query_words - both, listed_words - both
    for_particles = min(query_words, listed_particles) + min(listed_words, query_particles)
    replaced = both + for_particles
    alone_query = query_words - min(query_words, listed_particles)
    alone_listed = listed_words - min(listed_words, query_particles)
    return replaced, alone_listed, alone_query
