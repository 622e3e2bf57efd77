"""Synthetic people for benchmarks and tests: deterministic, diverse, with realistic skew."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from passage.synthetic.people import (
    generate_people,
    in_other_script,
    latin_form,
    make_person,
    make_variant,
    respell,
)
from passage.synthetic.traditions import TRADITIONS
from passage.synthetic.traditions.east import greek_feminine, polish_feminine, slavic_feminine
from passage.synthetic.traditions.pools import Composer, NamePool, Zipf, pattern

MRZ_NAME = re.compile(r"^[A-Z]+( [A-Z]+)*$")


@pytest.fixture(scope="module")
def people() -> list:
    return list(generate_people(50_000, seed=11))


def test_the_same_seed_gives_the_same_people() -> None:
    first = list(generate_people(2_000, seed=5))
    assert first == list(generate_people(2_000, seed=5))
    assert first != list(generate_people(2_000, seed=6))


def test_one_person_depends_only_on_its_random_source() -> None:
    assert make_person(random.Random("x-1"), 1) == make_person(random.Random("x-1"), 1)


def test_names_are_diverse_like_a_real_population(people: list) -> None:
    surnames = Counter(person.surname for person in people)
    given = Counter(name for person in people for name in person.given)
    # a real population of 50,000 from many countries carries tens of thousands of surnames
    assert len(surnames) > 15_000
    assert len(given) > 5_000
    # and most of them are rare: the long tail
    assert sum(count == 1 for count in surnames.values()) > 0.5 * len(surnames)


def test_a_few_names_are_very_common(people: list) -> None:
    surnames = Counter(person.surname for person in people)
    counts = sorted(surnames.values(), reverse=True)
    top_percent = sum(counts[: len(counts) // 100])
    # the commonest 1 % of surnames are carried by many more than 1 % of the people
    assert top_percent > 0.1 * len(people)
    assert counts[0] > 100
    # the frequent names of their traditions lead
    leaders = {name for name, _ in surnames.most_common(15)}
    assert {"Nguyễn", "Wang", "Kim"} <= leaders


def test_full_names_collide_as_on_real_lists(people: list) -> None:
    full = Counter(latin_form(person.source_name) for person in people)
    shared = sum(count for count in full.values() if count > 1)
    assert 0.005 * len(people) < shared < 0.2 * len(people)


def test_traditions_appear_in_proportion_to_their_weight(people: list) -> None:
    seen = Counter(person.culture for person in people)
    total_weight = sum(tradition.weight for tradition in TRADITIONS.values())
    for code, tradition in TRADITIONS.items():
        expected = len(people) * tradition.weight / total_weight
        assert abs(seen[code] - expected) < 0.15 * expected + 50, code


def test_every_name_has_an_icao_latin_form(people: list) -> None:
    for person in people:
        assert MRZ_NAME.match(latin_form(person.source_name)), person.source_name


def test_only_names_wholly_in_another_script_are_listed_in_it(people: list) -> None:
    in_script = [person for person in people if person.listed_in_script]
    assert len(in_script) > 0.02 * len(people)
    for person in in_script:
        assert all(in_other_script(word) for word in person.source_name.split())
    assert sum(person.culture == "ru" and person.listed_in_script for person in people) > 0


def test_women_carry_the_feminine_surname() -> None:
    assert slavic_feminine("Иванов") == "Иванова"
    assert slavic_feminine("Чернышевский") == "Чернышевская"
    assert slavic_feminine("Шевченко") == "Шевченко"
    assert greek_feminine("Παπαδόπουλος") == "Παπαδόπουλου"
    assert polish_feminine("Kowalski") == "Kowalska"
    assert polish_feminine("Nowak") == "Nowak"
    rng = random.Random(3)
    women = [make_person(rng, n, "ru") for n in range(300)]
    women = [person for person in women if person.gender == "F"]
    assert women and all(not person.surname.endswith(("ов", "ев", "ий")) for person in women)


def test_russian_names_carry_a_well_formed_patronymic() -> None:
    rng = random.Random(8)
    russians = [make_person(rng, n, "ru") for n in range(400)]
    with_patronymic = [person for person in russians if len(person.given) == 2]
    assert len(with_patronymic) > 150
    for person in with_patronymic:
        endings = ("ович", "евич", "ич") if person.gender == "M" else ("овна", "евна", "ична")
        assert person.given[1].endswith(endings), person.given
        assert "еее" not in person.given[1] and "иев" not in person.given[1], person.given


def test_zipf_ranks_stay_in_range_and_favour_the_head() -> None:
    frequencies = Zipf(1_000, exponent=1.0, offset=0.0)
    ranks = [frequencies.rank(u / 10_000) for u in range(10_000)]
    assert min(ranks) == 0 and max(ranks) == 999
    assert ranks == sorted(ranks)
    first = ranks.count(0) / len(ranks)
    assert first == pytest.approx(0.1003, abs=0.005)  # ln 2 / ln 1001
    flatter = Zipf(1_000, exponent=1.0, offset=10.0)
    assert [flatter.rank(u / 10_000) for u in range(10_000)].count(0) < ranks.count(0) / 3


def test_a_composer_spells_many_different_names_the_same_way_each_time() -> None:
    composer = Composer((pattern("Ash Brad Whit Stan", "ton ley ford field"),))
    names = [composer(index) for index in range(composer.space)]
    assert len(set(names)) == composer.space == 16
    assert names == [composer(index) for index in range(composer.space)]


def test_composed_arabic_roots_have_three_different_consonants() -> None:
    pool = TRADITIONS["ar"].surnames
    for rank in range(len(pool.common), len(pool.common) + 2_000):
        name = pool.name(rank)
        if name.startswith(("Al-", "El-")) or " " in name:
            continue
        assert not re.search(r"^([bcdfghjklmnpqrstvwyz])a\1[aiu]\1", name.lower()), name


def test_a_pool_draws_its_common_names_most_often() -> None:
    pool = NamePool(("First", "Second"), Composer((pattern("Ra Te", "mo su"),)))
    rng = random.Random(1)
    drawn = Counter(pool.draw(rng) for _ in range(5_000))
    assert drawn["First"] > drawn["Second"] > drawn["Temo"]
    assert set(drawn) <= {"First", "Second", "Ramo", "Rasu", "Temo", "Tesu"}


def test_respelling_changes_one_place_after_the_first_letter() -> None:
    rng = random.Random(2)
    for word in ("MOHAMMED", "YOUSSEF", "KHALID", "SHARIF", "TESFAYE"):
        spelled = respell(rng, word)
        assert spelled != word and spelled[0] == word[0]
    assert respell(rng, "BB") == "BB"


def _spelled_otherwise(culture: str) -> int:
    """Variants without typos or added names whose words are not the listed words."""
    rng = random.Random(4)
    people = [p for p in generate_people(4_000, seed=2) if p.culture == culture][:100]
    count = 0
    for person in people * 5:
        query, kinds = make_variant(rng, person)
        if {"typo", "extra_middle"}.isdisjoint(kinds):
            asked = set(re.findall("[A-Z]+", query.upper()))
            count += not asked <= set(latin_form(person.source_name).split())
    return count


def test_only_transliterated_names_are_spelled_another_way() -> None:
    assert _spelled_otherwise("fa") > 20
    assert _spelled_otherwise("en") == 0
