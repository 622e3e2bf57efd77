"""A survey defined as XLSForm: questions with their group paths, the personal-data rule (marked
fields, free text, names and phones never shown), the day and point questions, and forms that
cannot be used refused with their problems."""

from __future__ import annotations

import pytest

from passage.flows.surveys import demo
from passage.flows.surveys.forms import read_survey
from passage.kit.xlsform import FormProblems, read_xlsform

CHOICES = [*demo.CHOICES, ("yes_no", "yes", "Yes"), ("yes_no", "no", "No")]


def _survey(rows, choices=CHOICES, settings=demo.SETTINGS):
    content = demo.xlsform([demo.SURVEY[0], *rows], choices, settings)
    return read_survey(read_xlsform(content, "form.xlsx"))


def _questions(parsed) -> dict:
    return {q["name"]: q for q in parsed["definition"]["questions"]}


def test_the_demo_form_keeps_choices_and_numbers_and_drops_what_may_identify():
    parsed = read_survey(read_xlsform(demo.xlsform(), "fms.xlsx"))
    questions = _questions(parsed)
    assert parsed["code"] == "flow_monitoring_survey"
    assert parsed["name"] == "Flow monitoring survey"
    shown = sorted(name for name, q in questions.items() if q["shown"])
    assert shown == ["age", "destination", "intention", "nationality", "needs", "origin",
                     "reasons", "sex", "transport"]  # fmt: skip
    for name in ("respondent_name", "phone_number", "reasons_other", "location", "deviceid"):
        assert questions[name]["personal"] and not questions[name]["shown"], name
    assert questions["reasons"]["path"] == ["journey"]
    assert questions["sex"]["required"] and not questions["sex"]["conditional"]
    assert questions["reasons_other"]["conditional"]
    assert parsed["definition"]["day_question"] == "today"
    assert parsed["definition"]["point_question"] == "point"
    assert set(parsed["definition"]["choices"]) == {
        "sex", "countries", "reasons", "transport", "needs", "intention"
    }  # fmt: skip


def test_the_personal_column_overrides_the_rule_both_ways():
    parsed = _survey(
        [
            ("text", "town", "Town of origin", "", "", "no"),
            ("select_one sex", "sex", "Sex", "", "", "yes"),
            ("integer", "contact_count", "Contacts", "", "", ""),
            ("integer", "household_size", "Household size", "", "", ""),
        ]
    )
    questions = _questions(parsed)
    assert questions["town"]["shown"], "free text marked personal=no is shown as counts"
    assert not questions["sex"]["shown"], "a choice marked personal=yes is never kept"
    assert not questions["contact_count"]["shown"], "a name speaking of contacts is personal"
    assert questions["household_size"]["shown"]


def test_questions_in_a_relevant_group_are_conditional_and_repeats_are_not_read():
    parsed = _survey(
        [
            ("select_one yes_no", "has_children", "Children with you?", "yes", "", ""),
            ("begin_group", "children", "Children", "", "${has_children} = 'yes'", ""),
            ("integer", "child_count", "How many", "yes", "", ""),
            ("end_group", "", "", "", "", ""),
            ("begin_repeat", "members", "Members", "", "", ""),
            ("select_one sex", "member_sex", "Sex", "", "", ""),
            ("end_repeat", "", "", "", "", ""),
            ("select_one sex", "sex", "Sex", "yes", "", ""),
        ]
    )
    questions = _questions(parsed)
    assert questions["child_count"]["conditional"] and questions["child_count"]["required"]
    assert "member_sex" not in questions
    assert questions["sex"]["path"] == []


def test_a_form_without_form_id_or_with_only_personal_questions_is_refused():
    with pytest.raises(FormProblems, match="form_id"):
        _survey([("select_one sex", "sex", "Sex", "", "", "")], settings=[("form_title",), ("A",)])
    with pytest.raises(FormProblems, match="no question can be shown"):
        _survey([("text", "full_name", "Name", "", "", "")])


def test_a_file_that_is_no_xlsform_is_refused():
    with pytest.raises(FormProblems, match=r"\.xlsx or \.xls"):
        read_xlsform(b"a,b\n", "form.csv")
    with pytest.raises(FormProblems, match="not a valid XLSForm"):
        read_xlsform(b"not a workbook", "form.xlsx")
