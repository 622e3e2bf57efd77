"""Realistic alterations of a listed person keep their weight: placeholders and swapped dates
against partial listed dates, renderings learned from every script a word was listed in,
spellings that differ only in their vowels, and single typing errors."""

from __future__ import annotations

from passage.border.matching import AlertEntry, AlertIndex, AlertQuery, Candidate
from passage.border.matching.evidence import birth_date
from passage.border.matching.models import parse_birth_date
from passage.synthetic.people import generate_people


def population() -> list[AlertEntry]:
    """3,000 generated people, so word rarities are those of a real list."""
    return [
        AlertEntry(p.id, p.names, p.birth_date, p.nationality, p.gender)
        for p in generate_people(3_000, seed=11)
    ]


def dates(asked: str, listed: str) -> tuple[float, str]:
    return birth_date(parse_birth_date(asked), parse_birth_date(listed))


def candidate(index: AlertIndex, entry_id: str, query: AlertQuery) -> Candidate:
    found = [c for c in index.search(query, threshold=0.0, limit=50) if c.entry_id == entry_id]
    assert found, f"{entry_id} not found for {query}"
    return found[0]


def name_evidence(found: Candidate) -> tuple[str, float]:
    return next((key, value) for key, value in found.evidence.items() if "name" in key)


def test_an_01_01_placeholder_counts_as_the_same_birth_year() -> None:
    placeholder, reason = dates("1960-01-01", "1960-03-09")
    year, _ = dates("1960", "1960-03-09")
    assert reason == "birth_date_placeholder"
    assert placeholder > 0.9 * year


def test_a_placeholder_against_a_listed_year_and_month_counts_as_the_year() -> None:
    value, reason = dates("1975-01-01", "1975-10")
    assert reason == "birth_date_placeholder" and value > 3.0


def test_day_and_month_swapped_against_a_listed_year_and_month() -> None:
    value, reason = dates("1989-02-03", "1989-03")
    assert reason == "birth_day_month_swapped" and value > 2.0
    value, reason = dates("1989-04-03", "1989-05")
    assert reason == "same_birth_year_other_month" and value < 0


def test_a_word_listed_in_latin_then_in_greek_keeps_the_greek_renderings() -> None:
    """VASILIS listed first in Latin; a Greek-listed Βασίλης brings BASILIS and VASILHS."""
    index = AlertIndex.from_entries(
        [
            AlertEntry("LATIN", ["VASILIS KONTOS"], "1970-01-02", "GRC", "M"),
            AlertEntry("GREEK", ["Βασίλης Παπαδόπουλος"], "1981-07-04", "GRC", "M"),
        ]
    )
    found = candidate(index, "GREEK", AlertQuery(["BASILHS PAPADOPOULOS"]))
    assert name_evidence(found)[0] == "same_name"


def test_spellings_that_differ_only_in_vowels_align() -> None:
    """KEEM for KIM and KU for KO are romanisations of one Korean name, not other words."""
    index = AlertIndex.from_entries(
        [*population(), AlertEntry("KO", ["TAESUN KO"]), AlertEntry("KIM", ["JOONHA KIM"])]
    )
    for entry_id, asked, listed in (
        ("KO", "TAESUN KU", "TAESUN KO"),
        ("KIM", "JOONHA KEEM", "JOONHA KIM"),
    ):
        variant = name_evidence(candidate(index, entry_id, AlertQuery([asked])))
        same = name_evidence(candidate(index, entry_id, AlertQuery([listed])))
        assert variant[0].startswith("name_spelled_differently"), variant
        assert variant[1] > 0.8 * same[1]


def test_one_typing_error_keeps_most_of_a_words_weight() -> None:
    """JBAN for JIAN: Jaro-Winkler 0.85 only, but one letter replaced."""
    index = AlertIndex.from_entries([*population(), AlertEntry("JIAN", ["JIAN REN"])])
    typed = name_evidence(candidate(index, "JIAN", AlertQuery(["JBAN REN"])))
    same = name_evidence(candidate(index, "JIAN", AlertQuery(["JIAN REN"])))
    assert typed[1] > 0.8 * same[1]
