"""ICAO Doc 9303 Part 3 transliteration and the variant spellings used for matching."""

from __future__ import annotations

import re

import pytest

from passage.names.transliteration import transliterate, variants

A_TO_Z = re.compile(r"^[A-Z]+( [A-Z]+)*$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Иванов Сергей", "IVANOV SERGEI"),
        ("Юлия Щеглова", "IULIIA SHCHEGLOVA"),
        ("Фёдор Хрущёв", "FEDOR KHRUSHCHEV"),
        ("Жуков Цветков", "ZHUKOV TSVETKOV"),
        ("Объедков Дарья", "OBIEEDKOV DARIA"),
    ],
)
def test_cyrillic_follows_the_icao_table(name: str, expected: str) -> None:
    assert transliterate(name) == expected


def test_cyrillic_variants_include_the_common_english_spellings() -> None:
    assert {"IVANOV SERGEI", "IVANOV SERGEY"} <= variants("Иванов Сергей")
    assert "KHRUSHCHEV" in variants("Хрущёв")
    assert {"IULIIA", "YULIYA", "JULIJA"} <= variants("Юлия")


def test_greek_letter_by_letter_then_elot_digraphs() -> None:
    assert transliterate("Παπαδόπουλος") == "PAPADOPOYLOS"
    assert "PAPADOPOULOS" in variants("Παπαδόπουλος")
    assert transliterate("Γιώργος") == "GIORGOS"
    assert "EVANGELOS" in variants("Ευάγγελος")
    assert transliterate("Χρήστος Θεοδώρου") == "CHRISTOS THEODOROY"


def test_final_sigma_and_accents_fold() -> None:
    assert transliterate("Νίκος") == "NIKOS"


def test_arabic_uses_the_reversible_icao_form_and_known_vocalisations() -> None:
    assert transliterate("محمد") == "MXHMD"
    forms = variants("محمد")
    assert {"MOHAMMED", "MUHAMMAD", "MOHAMED"} <= forms
    assert "MHMD" in forms


def test_arabic_vowel_signs_are_written_out() -> None:
    # مُحَمَّد: damma on the first M, fatha on HAH, shadda and fatha on the second M.
    assert transliterate("مُحَمَّد") == "MUXHAMMAD"


def test_arabic_compound_names_match_their_joined_spelling() -> None:
    assert "ABDULLAH" in variants("عبد الله")


@pytest.mark.parametrize(
    ("name", "primary", "alternative"),
    [
        ("Müller", "MUELLER", "MULLER"),
        ("Jürgen Köhler", "JUERGEN KOEHLER", "JURGEN KOHLER"),
        ("Åse", "AASE", "ASE"),
        ("Øberg", "OEBERG", "OBERG"),
        ("Bäcker", "BAECKER", "BACKER"),
    ],
)
def test_latin_letters_with_two_icao_forms_give_both(
    name: str, primary: str, alternative: str
) -> None:
    assert transliterate(name) == primary
    assert {primary, alternative} <= variants(name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Groß", "GROSS"),
        ("Peña Núñez", "PENA NUNEZ"),
        ("Łukasz Wałęsa", "LUKASZ WALESA"),
        ("Ærøskøbing", "AEROESKOEBING"),
        ("Þór", "THOR"),
        ("Şükrü Çelik", "SUEKRUE CELIK"),
        ("Jean-Luc O'Neill", "JEAN LUC O NEILL"),
        ("ERIKSSON<<ANNA<MARIA", "ERIKSSON ANNA MARIA"),
    ],
)
def test_latin_diacritics_and_separators(name: str, expected: str) -> None:
    assert transliterate(name) == expected


@pytest.mark.parametrize(
    "name", ["Иванов Сергей", "Παπαδόπουλος", "محمد الهاشمي", "Müller-Lüdenscheidt", "Ñúñez"]
)
def test_every_variant_is_upper_case_latin_with_single_spaces(name: str) -> None:
    forms = variants(name)
    assert forms
    assert all(A_TO_Z.match(form) for form in forms), forms
    assert transliterate(name) in forms


def test_plain_latin_names_are_unchanged() -> None:
    assert variants("JOHN SMITH") == {"JOHN SMITH"}
    assert transliterate("John Smith") == "JOHN SMITH"
