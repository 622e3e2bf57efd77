"""A survey's results: per question, the counts and shares of each answer over the interviews
chosen (a point, a range of months), every count under 5 suppressed as the protection reports
do (and a second one where the first could be worked out from the total); the interviews per
point and month, suppressed alike; a whole and decimal number as its median once five people
answered. A select_multiple's shares are of the people who answered (they add up to more than
100%). Only the answers an import kept are read: no personal answer ever reaches here. Pure."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from passage.protection.reports.tables import THRESHOLD, suppress

BAR_WIDTH = 240


@dataclass(frozen=True)
class Row:
    """An answer (its code and label), its count and share (None when suppressed) and the width
    of its bar in the chart."""

    code: str
    label: str
    count: int | None
    share: float | None
    bar: float


@dataclass
class QuestionResult:
    """One question's table: the people who answered it (None when under 5) and its rows, or
    its median for a number."""

    name: str
    label: str
    kind: str
    answered: int | None
    rows: list[Row] = field(default_factory=list)
    median: float | None = None


@dataclass
class Results:
    """The results of the interviews chosen."""

    interviews: int | None
    by_point_month: list[tuple[str, str, int | None]]
    questions: list[QuestionResult]


def _shown(count: int) -> int | None:
    return count if count >= THRESHOLD else None


def _choice_result(
    question: dict[str, Any], labels: dict[str, str], answers: list[Any]
) -> QuestionResult:
    counts: Counter[str] = Counter()
    for answer in answers:
        counts.update(set(answer) if isinstance(answer, list) else {str(answer)})
    answered = len(answers)
    table = suppress(counts, answered)
    rows = []
    for cell in table.cells:
        share = None if cell.count is None or not answered else cell.count / answered
        rows.append(
            Row(
                cell.category,
                labels.get(cell.category, cell.category),
                cell.count,
                share,
                round((share or 0) * BAR_WIDTH, 1),
            )
        )
    return QuestionResult(
        question["name"], question["label"], question["type"], _shown(answered), rows
    )


def _number_result(question: dict[str, Any], answers: list[Any]) -> QuestionResult:
    numbers = [float(answer) for answer in answers if isinstance(answer, int | float)]
    median = statistics.median(numbers) if len(numbers) >= THRESHOLD else None
    return QuestionResult(
        question["name"], question["label"], question["type"], _shown(len(numbers)), [], median
    )


def compute(
    definition: dict[str, Any], interviews: Iterable[tuple[str, str, dict[str, Any]]]
) -> Results:
    """The results of interviews given as (point label, month YYYY-MM, answers)."""
    chosen = list(interviews)
    per_cell = Counter((point, month) for point, month, _ in chosen)
    by_point_month = [(p, m, _shown(n)) for (p, m), n in sorted(per_cell.items())]
    questions = []
    for question in definition["questions"]:
        if not question["shown"]:
            continue
        answers = [a[question["name"]] for _, _, a in chosen if question["name"] in a]
        if question["type"] in ("integer", "decimal"):
            questions.append(_number_result(question, answers))
        else:
            labels = definition["choices"].get(question["list"], {})
            questions.append(_choice_result(question, labels, answers))
    return Results(_shown(len(chosen)), by_point_month, questions)


def as_dict(results: Results) -> dict[str, Any]:
    """The results as served by the API (suppressed counts are null)."""
    return {
        "interviews": results.interviews,
        "by_point_month": [
            {"point": point, "month": month, "interviews": count}
            for point, month, count in results.by_point_month
        ],
        "questions": [
            {
                "name": q.name,
                "label": q.label,
                "type": q.kind,
                "answered": q.answered,
                "median": q.median,
                "answers": [
                    {"answer": r.code, "label": r.label, "count": r.count, "share": r.share}
                    for r in q.rows
                ],
            }
            for q in results.questions
        ],
    }


HXL = ("#meta+question", "#indicator+answer", "#affected+num", "#indicator+pct", "#meta+suppressed")


def csv_rows(results: Results) -> list[list[object]]:
    """The results as CSV rows (header, HXL row, then one row per answer; a suppressed count
    is blank and flagged)."""
    rows: list[list[object]] = [["question", "answer", "count", "share", "suppressed"], list(HXL)]
    for question in results.questions:
        if question.kind in ("integer", "decimal"):
            median = question.median
            rows.append(
                [question.name, "median", "" if median is None else median, "", int(median is None)]
            )
            continue
        for row in question.rows:
            share = "" if row.share is None else round(row.share, 4)
            rows.append(
                [
                    question.name,
                    row.code,
                    "" if row.count is None else row.count,
                    share,
                    int(row.count is None),
                ]
            )
    return rows
