"""Alert-list name matching: scoring, explanations, updates, documents and recall."""

from __future__ import annotations

import random

import pytest

from passage.border.matching import (
    AlertEntry,
    AlertIndex,
    AlertQuery,
    Candidate,
    DocumentIndex,
    ListedDocument,
    parse_birth_date,
)
from passage.synthetic.people import generate_people, make_variant

ENTRIES = [
    AlertEntry("RU-1", ["Иванов Сергей Петрович"], "1970-05-01", "RUS", "M", ["751234567"]),
    AlertEntry("SY-1", ["محمد الهاشمي"], "1980", "SYR", "M"),
    AlertEntry("GR-1", ["Παπαδόπουλος Γιώργος"], "1965-02-03", "GRC", "M"),
    AlertEntry("GB-1", ["John Michael Smith", "Johnny Smith"], "1990-01-01", "GBR", "M"),
    AlertEntry("DE-1", ["Jürgen Müller"], "1958-11-30", "DEU", "M"),
    AlertEntry("FR-1", ["Chloé Dubois"], "1985-07-14", "FRA", "F"),
]


@pytest.fixture
def index() -> AlertIndex:
    return AlertIndex.from_entries(ENTRIES)


def top(index: AlertIndex, query: AlertQuery, threshold: float = 0.5) -> Candidate | None:
    found = index.search(query, threshold=threshold)
    return found[0] if found else None


def test_exact_name_scores_one_with_the_exact_feature(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["JOHN MICHAEL SMITH"], birth_date="1990-01-01"))
    assert best is not None and best.entry_id == "GB-1"
    assert best.score == 1.0
    assert best.features["name_exact"] == 1.0


@pytest.mark.parametrize("latin", ["SERGEI IVANOV", "SERGEY IVANOV", "IVANOV SERGEJ"])
def test_cyrillic_entry_matches_latin_spellings(index: AlertIndex, latin: str) -> None:
    best = top(index, AlertQuery([latin]))
    assert best is not None and best.entry_id == "RU-1"
    # two of the three listed words: the patronymic is not asked
    assert "name_partly_same" in best.evidence


def test_cyrillic_query_matches_latin_entry() -> None:
    index = AlertIndex.from_entries([AlertEntry("X", ["SERGEY IVANOV"]), ENTRIES[4]])
    best = top(index, AlertQuery(["Иванов Сергей"]))
    assert best is not None and best.entry_id == "X"


@pytest.mark.parametrize("latin", ["MOHAMMED AL HASHIMI", "MUHAMMAD HASHIMI", "MOHAMED HASHEMI"])
def test_arabic_entry_matches_common_latin_spellings(index: AlertIndex, latin: str) -> None:
    best = top(index, AlertQuery([latin]))
    assert best is not None and best.entry_id == "SY-1"


def test_arabic_query_matches_latin_entry() -> None:
    index = AlertIndex.from_entries([AlertEntry("X", ["MUHAMMAD HASHEMI"]), ENTRIES[0]])
    best = top(index, AlertQuery(["محمد الهاشمي"]))
    assert best is not None and best.entry_id == "X"


def test_greek_entry_matches_passport_spelling(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["GIORGOS PAPADOPOULOS"]))
    assert best is not None and best.entry_id == "GR-1"


def test_name_order_does_not_matter(index: AlertIndex) -> None:
    forward = top(index, AlertQuery(["JOHN MICHAEL SMITH"]))
    backward = top(index, AlertQuery(surname="SMITH", given_names="JOHN MICHAEL"))
    assert forward is not None and backward is not None
    assert backward.entry_id == "GB-1"
    assert backward.score == forward.score


def test_missing_middle_name_still_matches_but_below_exact(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["PETROVICH IVANOV SERGEI"]))
    partial = top(index, AlertQuery(["SERGEI IVANOV"]))
    assert best is not None and partial is not None
    assert partial.entry_id == "RU-1"
    assert partial.score < best.score


def test_one_shared_word_of_two_is_no_hit_even_with_the_same_birth_date() -> None:
    index = AlertIndex.from_entries([AlertEntry("X", ["Ryan Anderson"], "1948-07-19", "USA")])
    assert index.search(AlertQuery(["KAITON ANDERSON"], birth_date="1948-07-19")) == []
    other_day = top(index, AlertQuery(["KAITON ANDERSON"], birth_date="1948-02-04"), 0.0)
    same_day = top(index, AlertQuery(["KAITON ANDERSON"], birth_date="1948-07-19"), 0.0)
    assert other_day is not None and same_day is not None
    assert other_day.score < same_day.score
    assert "name_partly_same" in same_day.evidence


def test_typo_is_tolerated(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["JUERGEN MULEER"], birth_date="1958-11-30"))
    exact = top(index, AlertQuery(["JUERGEN MUELLER"]))
    typo = top(index, AlertQuery(["JUERGEN MULEER"]), 0.0)
    assert best is not None and best.entry_id == "DE-1"
    assert exact is not None and typo is not None and typo.score < exact.score
    assert "name_spelled_differently" in typo.evidence


def test_diacritics_in_query_match_their_icao_forms(index: AlertIndex) -> None:
    for name in ("Jürgen Müller", "JURGEN MULLER", "JUERGEN MUELLER"):
        best = top(index, AlertQuery([name]))
        assert best is not None and best.entry_id == "DE-1", name


def test_unrelated_name_finds_nothing(index: AlertIndex) -> None:
    assert index.search(AlertQuery(["WEN JIABAO"])) == []


@pytest.mark.parametrize(
    ("facts", "penalty"),
    [
        ({"birth_date": "1993-06-15"}, "birth_year_differs"),
        ({"birth_date": "1975-01-01"}, "birth_decade_differs"),
        ({"gender": "F"}, "other_sex"),
        ({"nationality": "USA"}, "other_nationality"),
    ],
)
def test_disagreeing_facts_lower_the_score(
    index: AlertIndex, facts: dict[str, str], penalty: str
) -> None:
    plain = top(index, AlertQuery(["JOHN MICHAEL SMITH"]))
    penalised = top(index, AlertQuery(["JOHN MICHAEL SMITH"], **facts), 0.0)
    assert plain is not None and penalised is not None
    assert penalised.score < plain.score
    assert penalty in penalised.penalties and penalised.evidence[penalty] < 0
    assert any(line.startswith(f"{penalty} -") for line in penalised.explanation)


def test_birth_date_typos_are_not_disagreements(index: AlertIndex) -> None:
    def evidence(birth_date: str) -> dict[str, float]:
        found = top(index, AlertQuery(["JURGEN MULLER"], birth_date=birth_date), 0.0)
        assert found is not None and found.entry_id == "DE-1"
        return found.evidence

    assert (
        evidence("1958-11-30")["same_birth_date"]
        > evidence("1958-12-30")["birth_date_one_digit"]
        > 0
    )
    assert evidence("1958-11-20")["birth_date_one_digit"] > 0
    assert evidence("1958-01-01")["birth_date_placeholder"] > 0
    assert evidence("1958")["same_birth_year"] > 0
    assert evidence("1958-06-15")["same_birth_year_other_day"] < 0
    assert (
        evidence("1985-11-30")["birth_decade_differs"]
        < evidence("1957-11-29")["birth_year_differs"]
        < 0
    )


def test_agreeing_and_partial_facts_apply_no_penalty(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["MOHAMMED HASHIMI"], birth_date="1980-03-04", gender="M"))
    assert best is not None and best.penalties == {}


def test_explanation_names_features_and_aligned_words(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["SERGEY PETROVICH IVANOV"], gender="F"))
    assert best is not None
    assert best.matched_name == "Иванов Сергей Петрович"
    assert best.features["name_phonetic"] > 0
    assert "name_jaro_winkler" in best.features
    assert any("SERGEY~" in line for line in best.explanation)
    assert "other_sex -3.9" in best.explanation
    assert "birth date ???? / 1970-05-01, nationality ? / RUS, sex F / M" in best.explanation


def test_document_number_is_an_identifier_feature(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["PETER PAN"], document_number="75 1234567"))
    assert best is not None and best.entry_id == "RU-1"
    assert best.features["identifier_match"] == 1.0


def test_document_number_alone_finds_the_entry(index: AlertIndex) -> None:
    best = top(index, AlertQuery(document_number="751234567"))
    assert best is not None and best.entry_id == "RU-1"
    assert best.features["identifier_match"] == 1.0
    assert best.features["name_jaro_winkler"] == 0.0


def test_alias_is_searched(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["JOHNNY SMITH"]))
    assert best is not None and best.entry_id == "GB-1"
    assert best.matched_name == "Johnny Smith"


def test_threshold_and_limit(index: AlertIndex) -> None:
    loose = index.search(AlertQuery(["JOHN SMITH"]), threshold=0.0, limit=2)
    assert len(loose) <= 2
    assert index.search(AlertQuery(["JOHN SMITH"]), threshold=0.999) == []


def test_incremental_add_remove_and_replace(index: AlertIndex) -> None:
    query = AlertQuery(["ANNA KOWALSKA"])
    assert index.search(query) == []
    index.add(AlertEntry("PL-1", ["Anna Kowalska"], "1977", "POL", "F"))
    assert top(index, query) is not None
    assert len(index) == len(ENTRIES) + 1
    index.add(AlertEntry("PL-1", ["Maria Nowak"], "1977", "POL", "F"))
    assert index.search(query) == []
    assert index.remove("PL-1") is True
    assert index.remove("PL-1") is False
    assert index.search(AlertQuery(["MARIA NOWAK"])) == []
    assert "PL-1" not in index


def test_compacted_index_keeps_live_entries_only(index: AlertIndex) -> None:
    index.remove("FR-1")
    index.add(AlertEntry("GB-1", ["John Smith"], "1990", "GBR", "M"))
    compact = index.compacted()
    assert compact.name_count == len(ENTRIES) - 1
    assert {entry.id for entry in compact.entries()} == {e.id for e in ENTRIES} - {"FR-1"}
    best = top(compact, AlertQuery(["SERGEY IVANOV"], document_number="751234567"))
    assert best is not None and best.entry_id == "RU-1"
    assert best.features["identifier_match"] == 1.0
    assert compact.search(AlertQuery(["CHLOE DUBOIS"])) == []


def test_removed_entry_document_is_forgotten(index: AlertIndex) -> None:
    index.remove("RU-1")
    assert index.search(AlertQuery(["PETER PAN"], document_number="751234567")) == []


def test_partial_birth_dates_are_read() -> None:
    assert parse_birth_date("1974").year == 1974
    assert parse_birth_date("1974").month is None
    assert parse_birth_date("1974-08-12").day == 12
    assert parse_birth_date(None).year is None


def test_document_index_exact_and_ocr_confusion() -> None:
    documents = DocumentIndex.from_documents(
        [
            ListedDocument("L1", "L898902C3", "UTO"),
            ListedDocument("L2", "AB1234567", "DEU"),
        ]
    )
    exact = documents.search("l898902c3", "uto")
    assert [(hit.record_id, hit.match) for hit in exact] == [("L1", "exact")]
    confused = documents.search("L8989O2C3", "UTO")
    assert [(hit.record_id, hit.match) for hit in confused] == [("L1", "ocr_confusion")]
    assert documents.search("A81234S67", "DEU")[0].match == "ocr_confusion"
    assert documents.search("A8I2345G7", "DEU") == []
    assert documents.search("L898902C3", "FRA") == []
    assert documents.search("L898902C3")[0].record_id == "L1"


def test_document_index_updates() -> None:
    documents = DocumentIndex()
    documents.add(ListedDocument("L1", "X1234567<", "FRA"))
    assert len(documents) == 1 and documents.search("X1234567", "FRA")
    documents.add(ListedDocument("L1", "Y7654321", "FRA"))
    assert documents.search("X1234567", "FRA") == []
    assert documents.remove("L1") and len(documents) == 0


def test_recall_on_generated_variants() -> None:
    people = list(generate_people(20_000, seed=7))
    index = AlertIndex.from_entries(
        AlertEntry(p.id, p.names, p.birth_date, p.nationality, p.gender, p.documents)
        for p in people
    )
    rng = random.Random(11)
    found = 0
    trials = 2_000
    for _ in range(trials):
        person = rng.choice(people)
        name, _ = make_variant(rng, person)
        query = AlertQuery([name], birth_date=person.birth_date, gender=person.gender)
        found += any(c.entry_id == person.id for c in index.search(query, limit=10))
    assert found / trials >= 0.95


def test_mrz_code_d_is_germany_not_another_nationality(index: AlertIndex) -> None:
    best = top(index, AlertQuery(["JURGEN MULLER"], nationality="D", birth_date="1958-11-30"))
    assert best is not None and best.entry_id == "DE-1"
    assert "other_nationality" not in best.penalties and "same_nationality" in best.evidence
    elsewhere = top(index, AlertQuery(["JURGEN MULLER"], nationality="AUT"), 0.0)
    assert elsewhere is not None and "other_nationality" in elsewhere.penalties


def test_a_lost_german_document_is_found_when_the_mrz_says_d() -> None:
    documents = DocumentIndex.from_documents([ListedDocument("L2", "C01X00T47", "DEU")])
    assert [hit.record_id for hit in documents.search("C01X00T47", "D")] == ["L2"]
    assert documents.search("C01X00T47", "FRA") == []
