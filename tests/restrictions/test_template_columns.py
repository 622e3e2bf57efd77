"""The import page's table of template columns in the reader's language: every column of the
template has its words, the same as the template's English description, and a column of fixed
values lists them as the file spells them, each with its label."""

from __future__ import annotations

from passage.kit.i18n import set_language
from passage.restrictions import labels
from passage.restrictions.imports.template import COLUMNS

WITH_VALUES = {"status", "poe_scope"}


def test_every_template_column_has_its_words_in_english_as_the_template_says() -> None:
    set_language("en")
    for column in COLUMNS:
        words = labels.template_column_label(column.name)
        assert words, column.name
        if column.name not in WITH_VALUES:
            assert words == column.description, column.name


def test_fixed_values_are_listed_as_the_file_spells_them_with_their_labels() -> None:
    set_language("fr")
    try:
        assert labels.template_column_values("status") == [
            ("draft", "Brouillon"),
            ("published", "Publiée"),
        ]
        assert [code for code, _ in labels.template_column_values("poe_scope")] == [
            "all",
            "air",
            "land",
            "sea",
            "named",
        ]
        assert labels.template_column_label("details") != "Free text"
    finally:
        set_language("en")
    assert labels.template_column_values("title") == []
