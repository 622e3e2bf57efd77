"""Kobo and ODK exports of a survey read row by row: group paths with any separator, a
select_multiple from its own column or from its 0/1 columns, the submission id and day, and
every bad row (no id, an unknown choice, a required answer missing, a number that is none)
reported with its line and question; personal answers are never read."""

from __future__ import annotations

from datetime import date

from passage.flows.surveys.reading import read_export
from tests.flows.surveys.exports import (
    DEFINITION,
    KOBO_HEADER,
    ODK_HEADER,
    kobo_csv,
    kobo_row,
    kobo_xlsx,
    odk_row,
)


def test_a_kobo_csv_export_gives_interviews_without_personal_answers():
    reading = read_export(kobo_csv(kobo_row(1), kobo_row(2, sex="male")), "kobo.csv", DEFINITION)
    assert reading.rejected == []
    first = reading.interviews[0]
    assert first.line == 2
    assert first.submission == "5b0c1f8e-3f2a-4c7d-9e1b-000000000001"
    assert first.day == date(2026, 11, 3)
    assert first.point == "FMP-KEN-NAMANGA"
    assert first.answers["reasons"] == ["conflict", "economic"]
    assert first.answers["needs"] == ["food", "water"]
    assert first.answers["age"] == 31 and first.answers["sex"] == "female"
    assert reading.interviews[1].answers["sex"] == "male"
    text = repr(reading.interviews)
    for personal in ("Amina", "+254712345678", "36.79", "collect:", "dtm_enumerator"):
        assert personal not in text
    assert {"respondent_name", "phone_number", "location"} <= set(reading.left_out)


def test_an_odk_central_export_with_dash_paths_and_uuid_keys_is_read():
    content = "\n".join([ODK_HEADER, odk_row(1), odk_row(2, reasons="climate other")]).encode()
    reading = read_export(content, "central.csv", DEFINITION)
    assert reading.rejected == []
    assert [i.submission for i in reading.interviews] == [
        "0a9e7c1d-2b3f-4e5a-8c6d-000000000001", "0a9e7c1d-2b3f-4e5a-8c6d-000000000002",
    ]  # fmt: skip
    assert reading.interviews[1].answers["reasons"] == ["climate", "other"]
    assert reading.interviews[0].answers["destination"] == "ZAF"
    assert reading.interviews[0].day == date(2026, 11, 20)


def test_a_select_multiple_is_read_from_its_choice_columns_when_its_own_column_is_blank():
    row = kobo_row(3, reasons="family climate").split(";")
    row[10] = '""'  # the space-separated column left blank: the 0/1 columns say it
    reading = read_export(kobo_csv(";".join(row)), "kobo.csv", DEFINITION)
    assert reading.rejected == []
    assert reading.interviews[0].answers["reasons"] == ["climate", "family"]


def test_each_bad_row_is_reported_with_its_line_question_and_reason():
    content = kobo_csv(
        kobo_row(1),
        kobo_row(2, uuid=""),
        kobo_row(3, nationality="XXX"),
        kobo_row(4, reasons="conflict smuggling"),
        kobo_row(5, sex=""),
        kobo_row(6, age="thirty"),
        kobo_row(7, age="31.5"),
        kobo_row(8, today="03/11/2026"),
        kobo_row(9),
    )
    reading = read_export(content, "kobo.csv", DEFINITION)
    assert [i.line for i in reading.interviews] == [2, 10]
    rejected = {line: (question, reason) for line, question, reason in reading.rejected}
    assert rejected[3][0] == "_uuid"
    assert rejected[4] == ("nationality", "'XXX' is not a choice of nationality")
    assert rejected[5] == ("reasons", "'smuggling' is not a choice of reasons")
    assert rejected[6] == ("sex", "sex is required but blank")
    assert rejected[7] == ("age", "'thirty' is not a number")
    assert rejected[8] == ("age", "'31.5' is not a whole number")
    assert rejected[9][0] == "today" and "not a date" in rejected[9][1]


def test_a_blank_conditional_answer_and_a_blank_optional_one_are_fine():
    row = kobo_row(1).split(";")
    row[17:20] = ['""', '""', '""']  # origin, destination, transport: optional
    reading = read_export(kobo_csv(";".join(row)), "kobo.csv", DEFINITION)
    assert reading.rejected == []
    assert "origin" not in reading.interviews[0].answers


def test_a_kobo_xlsx_export_with_typed_cells_is_read():
    header = [column.strip('"') for column in KOBO_HEADER.split(";")]
    values: list[object] = [cell.strip('"') for cell in kobo_row(1).split(";")]
    values[8] = 44.0  # age as a number cell
    content = kobo_xlsx([header, values, [None] * len(header)])
    reading = read_export(content, "export.xlsx", DEFINITION)
    assert reading.rejected == []
    assert reading.interviews[0].answers["age"] == 44


def test_the_submission_time_gives_the_day_when_the_form_has_no_today():
    header = KOBO_HEADER.replace('"today"', '"today_unused"')
    content = ("\n".join([header, kobo_row(1, today="2026-10-01")])).encode()
    reading = read_export(content, "kobo.csv", DEFINITION)
    assert reading.interviews[0].day == date(2026, 10, 1)
