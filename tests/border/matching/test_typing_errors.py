"""Typing errors in names: a mistyped word weighs what its neighbours on the list leave it,
the mistyped listed person reaches the shortlist ahead of mere sound-alikes, and a common name
born in another decade raises no hit."""

from __future__ import annotations

from passage.border.matching import AlertEntry, AlertIndex, AlertQuery, Candidate
from passage.synthetic.people import generate_people


def population() -> list[AlertEntry]:
    """3,000 generated people, so word rarities are those of a real list."""
    return [
        AlertEntry(p.id, p.names, p.birth_date, p.nationality, p.gender)
        for p in generate_people(3_000, seed=11)
    ]


def candidate(index: AlertIndex, entry_id: str, query: AlertQuery) -> Candidate | None:
    found = index.search(query, threshold=0.0, limit=50)
    return next((c for c in found if c.entry_id == entry_id), None)


def name_evidence(found: Candidate) -> tuple[str, float]:
    return next((key, value) for key, value in found.evidence.items() if "name" in key)


def test_a_listed_vietnamese_name_with_one_typo_and_no_birth_date_is_found() -> None:
    index = AlertIndex.from_entries(
        [*population(), AlertEntry("VN", ["TRINH QUOC VUONG"], None, "VNM", "M")]
    )
    hits = index.search(AlertQuery(["TRINH QUOC VUOGN"], nationality="VNM", gender="M"))
    assert [hit.entry_id for hit in hits][:1] == ["VN"]
    assert hits[0].evidence["name_spelled_differently"] > 0


def test_a_common_name_homonym_born_in_another_decade_is_not_a_hit() -> None:
    index = AlertIndex.from_entries(
        [*population(), AlertEntry("VN", ["NGUYEN VAN ANH"], "1961-04-02", "VNM", "M")]
    )
    query = AlertQuery(["NGUYEN VAN ANH"], birth_date="1975-06-10", nationality="VNM", gender="M")
    assert index.search(query) == []
    found = candidate(index, "VN", query)
    assert found is not None and "birth_decade_differs" in found.evidence


def test_a_typo_one_error_from_several_listed_words_weighs_less() -> None:
    """JBAN is one letter from JIAN, and from JUAN too when the list carries it: then the
    traveller's JBAN is as likely a JUAN mistyped, and weighs that much less."""
    target = AlertEntry("JIAN", ["JIAN REN"])
    alone = AlertIndex.from_entries([*population(), target])
    crowded = AlertIndex.from_entries(
        [*population(), target]
        + [AlertEntry(f"JUAN-{n}", [f"JUAN LISTED{n:03d}X"]) for n in range(200)]
    )
    query = AlertQuery(["JBAN REN"])
    found_alone, found_crowded = candidate(alone, "JIAN", query), candidate(crowded, "JIAN", query)
    assert found_alone is not None and found_crowded is not None
    assert name_evidence(found_crowded)[1] < name_evidence(found_alone)[1] - 1.0


def test_a_mistyped_rare_word_keeps_nearly_all_its_weight() -> None:
    index = AlertIndex.from_entries([*population(), AlertEntry("RARE", ["OLUFEMI ZAKWARDENA"])])
    typed = candidate(index, "RARE", AlertQuery(["OLUFEMI ZAKWADRENA"]))
    same = candidate(index, "RARE", AlertQuery(["OLUFEMI ZAKWARDENA"]))
    assert typed is not None and same is not None
    # one error from no other listed word: all the word's rarity but a tenth (0.8 before)
    assert name_evidence(typed)[1] > 0.93 * name_evidence(same)[1]


def test_two_typing_errors_in_a_short_word_are_not_read_as_that_word_mistyped() -> None:
    """ZHONG typed ZOG: two errors in a short word leave another name (it does not pair)."""
    index = AlertIndex.from_entries(
        [*population(), AlertEntry("XUE", ["XUE ZHONG"], "1994-06-23", "TWN", "F")]
    )
    short = candidate(index, "XUE", AlertQuery(["XUE ZOG"], birth_date="1994-06-23"))
    assert short is None or "ZOG~ZHONG" not in " ".join(short.explanation)


def test_a_mistyped_listed_person_reaches_the_shortlist_ahead_of_sound_alikes() -> None:
    """ALLAWALE for ALAWALE (Jaro-Winkler 0.89) among ten words that only share its sound
    skeleton (rated 0.9) and forty namesakes of the first name: the listed person with the
    mistyped word is still scored."""
    sound_alikes = ["ELEVELE", "OLOVOLO", "ILIVILI", "ULUVULU", "ELIVOLO"]
    sound_alikes += ["OLEVILA", "ALOVOLU", "ULAVELI", "ILOVALE", "ELUVULA"]
    entries = [AlertEntry(f"S{n}", [f"OUSMANE {word}"]) for n, word in enumerate(sound_alikes)]
    fillers = [f"FILLER{chr(65 + n // 26)}{chr(65 + n % 26)}" for n in range(40)]
    entries += [AlertEntry(f"F{n}", [f"OUSMANE {word}"]) for n, word in enumerate(fillers)]
    index = AlertIndex.from_entries([*entries, AlertEntry("TARGET", ["OUSMANE ALAWALE"])])
    assert candidate(index, "TARGET", AlertQuery(["Ousmane ALLAWALE"])) is not None
