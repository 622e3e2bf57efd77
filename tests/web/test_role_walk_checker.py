"""The role walk's raw-text checker (tests/browser/raw_text.py) without a browser: its
vocabulary comes from the source and it flags what issue 15 saw on screen."""

from __future__ import annotations

from tests.browser.raw_text import findings_in, listed_codes, unworded_codes, vocabulary


def _tokens(texts: list[str], language: str = "en") -> set[str]:
    return {finding.token for finding in findings_in(texts, language=language, url="/")}


def test_the_vocabulary_is_read_from_the_source() -> None:
    codes = vocabulary()
    assert {"ADMIT_WITH_CONDITIONS", "complete_closure", "idps", "covid19"} <= codes
    assert "tourism" in listed_codes()  # a module's tuple of choices
    assert {"idps", "covid19"} <= unworded_codes("en")
    assert "open" not in unworded_codes("en")  # an English word too


def test_the_codes_and_validation_texts_issue_15_saw_are_flagged() -> None:
    seen = [
        "Decision: ADMIT_WITH_CONDITIONS",
        "complete_closure at all points of entry",
        "Who may cross: idps",
        "covid19",
        "String should match pattern '^[A-Za-z]{3}$'",
        "Field required",
    ]
    assert _tokens(seen) == {
        "ADMIT_WITH_CONDITIONS",
        "complete_closure",
        "idps",
        "covid19",
        "String should",
        "Field required",
    }


def test_words_addresses_and_names_are_not_codes() -> None:
    texts = [
        "Open cases",
        "The post is open",
        "admin@demo.passage.int",
        "/border/crossings?decision=pending",
        "Port of Dar es Salaam",
        "LND-KEN-NAMANGA",
    ]
    assert _tokens(texts) == set()


def test_a_code_alone_is_untranslated_outside_english() -> None:
    assert _tokens(["draft", "pending"], "ar") == {"draft", "pending"}
    assert _tokens(["pending"], "en") == set()
