"""The scoring engine: models as data, contributions in words, versions reproduce their scores,
definitions and XLSForms refused with the place of each problem."""

from __future__ import annotations

import io

import openpyxl
import pytest

from passage.protection.scoring import engine, explain
from passage.protection.scoring.seeds import SHIPPED
from passage.protection.scoring.xlsform import FormProblems, read_form


def shipped(code: str) -> engine.Model:
    _, name, _, definition = next(item for item in SHIPPED if item[0] == code)
    return engine.model_from_definition(code, 1, name, definition)


@pytest.mark.parametrize("code", [item[0] for item in SHIPPED])
def test_each_shipped_model_loads_and_uses_the_four_levels_only(code):
    model = shipped(code)
    assert model.factors and {f.level for f in model.factors} <= set(engine.LEVELS)
    assert engine.evaluate(model, {}).priority == "low"


def test_a_child_alone_and_trafficked_is_critical_and_each_factor_says_why():
    model = shipped("general_protection")
    answers = {
        "unaccompanied_child": "yes",
        "trafficking_indicators": "yes",
        "no_shelter": "yes",
        "dependants": "2",
    }
    score = engine.evaluate(model, answers)
    assert score.total == 30 + 30 + 20 + 5
    assert score.priority == "critical"
    points = {c.factor: c.points for c in score.contributions}
    assert points["dependants"] == 5.0  # a scale: 2 of 4 dependants is half the weight
    assert score.by_level()["community"] == 20
    lines = explain.lines([c.__dict__ for c in score.contributions])
    assert lines[0].points == 30 and "30" in lines[0].sentence
    assert any("not answered" in line.answer.lower() for line in lines)


def test_no_document_counts_when_the_answer_is_no():
    model = shipped("general_protection")
    assert engine.evaluate(model, {"has_documents": "no"}).total == 10
    assert engine.evaluate(model, {"has_documents": "yes"}).total == 0


def test_cash_eligibility_reads_numbers_at_most_and_at_least():
    model = shipped("cash_eligibility")
    score = engine.evaluate(
        model, {"meals_per_day": "1", "household_size": "7", "rent_arrears_months": "3"}
    )
    assert score.total == 25 + 10 + 20
    assert score.priority == "medium"


def test_an_old_version_gives_its_old_score_after_a_new_version_changes_weights():
    definition = {
        "factors": [
            {
                "code": "alone",
                "level": "individual",
                "question": "Alone?",
                "weight": 10,
                "rule": {"type": "yes"},
            }
        ],
        "thresholds": {"medium": 5, "high": 10, "critical": 20},
    }
    old = engine.model_from_definition("m", 1, "M", definition)
    definition["factors"][0]["weight"] = 40
    new = engine.model_from_definition("m", 2, "M", definition)
    assert engine.evaluate(old, {"alone": "yes"}).total == 10
    assert engine.evaluate(new, {"alone": "yes"}).total == 40


@pytest.mark.parametrize(
    ("definition", "where"),
    [
        ({"factors": [], "thresholds": {}}, "factors"),
        (
            {
                "factors": [
                    {
                        "code": "a",
                        "level": "galaxy",
                        "question": "?",
                        "weight": 1,
                        "rule": {"type": "yes"},
                    }
                ],
                "thresholds": {"medium": 1, "high": 2, "critical": 3},
            },
            "factors[0].level",
        ),
        (
            {
                "factors": [
                    {
                        "code": "a",
                        "level": "individual",
                        "question": "?",
                        "weight": -1,
                        "rule": {"type": "yes"},
                    }
                ],
                "thresholds": {"medium": 1, "high": 2, "critical": 3},
            },
            "factors[0].weight",
        ),
        (
            {
                "factors": [
                    {
                        "code": "a",
                        "level": "individual",
                        "question": "?",
                        "weight": 1,
                        "rule": {"type": "yes"},
                    }
                ],
                "thresholds": {"medium": 3, "high": 2, "critical": 1},
            },
            "thresholds",
        ),
        (
            {
                "factors": [
                    {
                        "code": "a",
                        "level": "individual",
                        "answer_type": "number",
                        "question": "?",
                        "weight": 1,
                        "rule": {"type": "between", "low": 5, "high": 1},
                    }
                ],
                "thresholds": {"medium": 1, "high": 2, "critical": 3},
            },
            "factors[0].rule",
        ),
    ],
)
def test_a_bad_definition_is_refused_naming_its_place(definition, where):
    with pytest.raises(engine.ModelError) as refused:
        engine.model_from_definition("m", 1, "M", definition)
    assert refused.value.where == where


def test_answers_that_cannot_be_scored_are_named():
    model = shipped("general_protection")
    problems = engine.answer_problems(model, {"unaccompanied_child": "maybe", "dependants": "two"})
    assert problems == {"unaccompanied_child": "answer yes or no", "dependants": "must be a number"}


def xlsform(rows: list[list[object]], settings: list[object] | None = None) -> bytes:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "level", "weight", "score", "because"])
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in (
        ["yn", "yes", "Yes"],
        ["yn", "no", "No"],
        ["freq", "often", "Often"],
        ["freq", "sometimes", "Sometimes"],
        ["freq", "never", "Never"],
    ):
        choices.append(row)
    sheet = book.create_sheet("settings")
    sheet.append(["form_id", "form_title", "medium", "high", "critical"])
    sheet.append(settings or ["ecuador_2026", "Ecuador screening", 10, 20, 30])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsform_becomes_a_model_that_scores():
    content = xlsform(
        [
            ["select_one yn", "alone", "Travelling alone?", "individual", 20, "yes", "alone"],
            [
                "select_one freq",
                "hunger",
                "Skipped meals?",
                "household",
                10,
                "often=1; sometimes=0.5",
                "",
            ],
            ["integer", "size", "Household size", "household", 5, ">=6", ""],
            ["text", "remarks", "Remarks", "", "", "", ""],
        ]
    )
    read = read_form(content, "ecuador.xlsx")
    assert read["code"] == "ecuador_2026"
    model = engine.model_from_definition(read["code"], 1, read["name"], read["definition"])
    score = engine.evaluate(model, {"alone": "yes", "hunger": "sometimes", "size": "7"})
    assert score.total == 20 + 5 + 5 and score.priority == "critical"


def test_an_xlsform_with_bad_rows_lists_each_row():
    content = xlsform(
        [
            ["select_one yn", "alone", "Alone?", "galaxy", 20, "yes", ""],
            ["integer", "size", "Size", "household", 5, "lots", ""],
        ]
    )
    with pytest.raises(FormProblems) as refused:
        read_form(content, "bad.xlsx")
    assert refused.value.problems[0].startswith("survey row 2 (alone): level")
    assert refused.value.problems[1].startswith("survey row 3 (size)")


def test_a_file_that_is_no_xlsform_is_refused_clearly():
    with pytest.raises(FormProblems) as refused:
        read_form(b"not a workbook", "form.xlsx")
    assert "not a valid XLSForm" in refused.value.problems[0]
    with pytest.raises(FormProblems):
        read_form(b"x", "form.pdf")
