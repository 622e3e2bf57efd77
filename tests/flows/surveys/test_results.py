"""Results per question: counts and shares of the people who answered, a select_multiple's
shares of the people who answered (adding up past 100%), counts under 5 suppressed with a
second one where the first could be worked out, numbers as a median once five answered, the
interviews per point and month suppressed alike."""

from __future__ import annotations

from passage.flows.surveys.results import as_dict, compute, csv_rows
from tests.flows.surveys.exports import DEFINITION


def _interview(
    sex: str, reasons: list[str], age: int, point="FMP-A", month="2026-11", nationality="SOM"
):
    answers = {"sex": sex, "reasons": reasons, "age": age, "nationality": nationality}
    return (point, month, answers)


def _question(results, name):
    return next(q for q in as_dict(results)["questions"] if q["name"] == name)


def test_counts_and_shares_with_small_cells_suppressed():
    interviews = (
        [_interview("female", ["conflict"], 30)] * 15
        + [_interview("male", ["economic"], 40, nationality="ETH")] * 3
        + [_interview("male", ["economic"], 40, nationality="KEN")] * 2
    )
    results = compute(DEFINITION, interviews)
    nationality = _question(results, "nationality")
    assert nationality["answered"] == 20
    assert nationality["answers"][0] == {
        "answer": "SOM", "label": "Somalia", "count": 15, "share": 0.75
    }  # fmt: skip
    assert [(row["count"], row["share"]) for row in nationality["answers"][1:]] == [
        (None, None)
    ] * 2
    assert results.interviews == 20


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    interviews = (
        [_interview("female", ["conflict"], 30)] * 10
        + [_interview("male", ["economic"], 30)] * 6
        + [_interview("male", ["family"], 30)] * 2
    )
    reasons = _question(compute(DEFINITION, interviews), "reasons")
    counts = {row["answer"]: row["count"] for row in reasons["answers"]}
    assert counts == {"conflict": 10, "economic": None, "family": None}


def test_select_multiple_shares_are_of_the_people_who_answered():
    interviews = [_interview("female", ["conflict", "economic"], 30)] * 6 + [
        _interview("female", ["conflict"], 30)
    ] * 4
    reasons = _question(compute(DEFINITION, interviews), "reasons")
    shares = {row["answer"]: row["share"] for row in reasons["answers"]}
    assert shares == {"conflict": 1.0, "economic": 0.6}
    assert sum(shares.values()) > 1


def test_fewer_than_five_answers_show_nothing():
    results = compute(DEFINITION, [_interview("female", ["conflict"], 30)] * 4)
    assert results.interviews is None
    sex = _question(results, "sex")
    assert sex["answered"] is None and all(row["count"] is None for row in sex["answers"])
    assert _question(results, "age")["median"] is None


def test_a_number_is_shown_as_its_median_once_five_answered():
    interviews = [_interview("female", ["conflict"], age) for age in (18, 22, 30, 41, 63)]
    assert _question(compute(DEFINITION, interviews), "age")["median"] == 30


def test_interviews_by_point_and_month_are_suppressed_per_cell():
    interviews = [_interview("female", ["conflict"], 30, "FMP-A", "2026-10")] * 7 + [
        _interview("female", ["conflict"], 30, "FMP-B", "2026-11")
    ] * 2
    rows = compute(DEFINITION, interviews).by_point_month
    assert rows == [("FMP-A", "2026-10", 7), ("FMP-B", "2026-11", None)]


def test_the_csv_has_an_hxl_row_and_flags_suppressed_counts():
    interviews = [_interview("female", ["conflict"], 30)] * 8 + [
        _interview("male", ["conflict"], 30)
    ] * 2
    rows = csv_rows(compute(DEFINITION, interviews))
    assert rows[0] == ["question", "answer", "count", "share", "suppressed"]
    assert rows[1][0].startswith("#")
    assert ["reasons", "conflict", 10, 1.0, 0] in rows
    assert ["sex", "male", "", "", 1] in rows, "2 is suppressed"
    assert ["sex", "female", "", "", 1] in rows, "8 would give the 2 away from the total"
