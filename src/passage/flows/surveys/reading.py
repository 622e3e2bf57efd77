"""Interviews from a Kobo or ODK export (CSV or XLSX) of a survey, checked against its
definition (`forms.read_survey`), row by row. Pure apart from parsing the bytes given.

Columns are found under a question's name, with or without its group path, whatever the
separator the export used (`group_x/field`, `group_x-field`, `group_x.field`). A select_multiple
answer is read from its own column (the chosen names separated by spaces) or, when that is
absent or blank, from the one 0/1 column per choice (`reasons/conflict`). Each interview needs
its submission id (`_uuid` or `meta/instanceID`: importing an export again adds nothing) and a
day (the form's `today` question, else `_submission_time`, `end` or `start`). A row is rejected,
with its line and reason, for a missing id or day, an answer that is not one of its question's
choices, a number that is not one, or a required question left blank (unless the question, or
its group, has a `relevant` condition: then blank may be right). Personal answers (see
`forms`) are never read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from passage.kit.kobo import UnreadableFile, read_table

__all__ = ["Interview", "Reading", "UnreadableFile", "read_export"]

SEPARATORS = ("/", "-", ".", ":")
ID_COLUMNS = ("_uuid", "instanceID", "KEY")
DAY_COLUMNS = ("_submission_time", "SubmissionDate", "end", "start")
TIMES = {"start", "end", "today"}  # when the form was filled, not who answered
CHOSEN = {"1", "1.0", "true", "yes"}
Answer = str | list[str] | int | float


@dataclass(frozen=True)
class Interview:
    """One interview read from a row: its line, submission id, day, the point its row names
    (if the form asks) and the answers that may be shown (no personal one)."""

    line: int
    submission: str
    day: date
    point: str | None
    answers: dict[str, Answer]


@dataclass
class Reading:
    """The interviews read, the rows rejected (line, question, reason) and the personal
    questions whose answers were left out."""

    interviews: list[Interview] = field(default_factory=list)
    rejected: list[tuple[int, str | None, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _ends_with(column: str, name: str) -> bool:
    return column == name or (
        column.endswith(name) and column[-len(name) - 1] in SEPARATORS and len(column) > len(name)
    )


class Columns:
    """Where each question's answer (and each choice's 0/1 column) sits in the header."""

    def __init__(self, header: list[str], definition: dict[str, Any]) -> None:
        self.answer: dict[str, int] = {}
        self.choice: dict[str, dict[str, int]] = {}
        choices = definition["choices"]
        questions = definition["questions"]
        taken: set[int] = set()
        for question in questions:
            if question["type"] != "select_multiple" or question["personal"]:
                continue
            for choice in choices.get(question["list"], {}):
                for index, column in enumerate(header):
                    if any(
                        _ends_with(column, f"{question['name']}{sep}{choice}") for sep in SEPARATORS
                    ):
                        self.choice.setdefault(question["name"], {})[choice] = index
                        taken.add(index)
        for question in questions:
            for index, column in enumerate(header):
                if index not in taken and _ends_with(column, question["name"]):
                    self.answer.setdefault(question["name"], index)
        self.meta = {
            name: index
            for name in (*ID_COLUMNS, *DAY_COLUMNS)
            for index, column in enumerate(header)
            if _ends_with(column, name)
        }

    def cell(self, values: list[str], name: str) -> str:
        """A question's (or metadata column's) cell, stripped; blank when absent."""
        index = self.answer.get(name, self.meta.get(name))
        return values[index].strip() if index is not None and index < len(values) else ""

    def chosen(self, values: list[str], name: str) -> list[str]:
        """A select_multiple's choices from its 0/1 columns."""
        columns = self.choice.get(name, {})
        return [
            c for c, i in columns.items() if i < len(values) and values[i].strip().lower() in CHOSEN
        ]


class RowProblem(ValueError):
    """A row that cannot be taken: the question at fault and why."""

    def __init__(self, question: str | None, reason: str) -> None:
        super().__init__(reason)
        self.question = question


def _number(question: dict[str, Any], text: str) -> int | float:
    try:
        number = float(text)
    except ValueError:
        raise RowProblem(question["name"], f"{text!r} is not a number") from None
    if question["type"] == "integer":
        if not number.is_integer():
            raise RowProblem(question["name"], f"{text!r} is not a whole number")
        return int(number)
    return number


def _answer(
    question: dict[str, Any], columns: Columns, values: list[str], choices: dict[str, Any]
) -> Answer | None:
    name, kind = question["name"], question["type"]
    text = columns.cell(values, name)
    if kind == "select_multiple":
        picked = text.split() if text else columns.chosen(values, name)
        unknown = [value for value in picked if value not in choices.get(question["list"], {})]
        if unknown:
            raise RowProblem(name, f"{' '.join(unknown)!r} is not a choice of {name}")
        return sorted(set(picked)) or None
    if not text:
        return None
    if kind == "select_one":
        if text not in choices.get(question["list"], {}):
            raise RowProblem(name, f"{text!r} is not a choice of {name}")
        return text
    if kind in ("integer", "decimal"):
        return _number(question, text)
    return text[:200]


def _day(columns: Columns, values: list[str], definition: dict[str, Any]) -> date:
    names = [definition.get("day_question"), *DAY_COLUMNS]
    for name in filter(None, names):
        if text := columns.cell(values, name):
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                raise RowProblem(name, f"{text!r} is not a date (YYYY-MM-DD)") from None
    raise RowProblem("_submission_time", "no interview day (today or _submission_time)")


def _interview(
    line: int, values: list[str], columns: Columns, definition: dict[str, Any]
) -> Interview:
    submission = next(
        (v.removeprefix("uuid:")[:100] for n in ID_COLUMNS if (v := columns.cell(values, n))), ""
    )
    if not submission:
        raise RowProblem("_uuid", "no submission id (_uuid or meta/instanceID)")
    day = _day(columns, values, definition)
    answers: dict[str, Answer] = {}
    for question in definition["questions"]:
        if not question["shown"]:
            continue
        answer = _answer(question, columns, values, definition["choices"])
        if answer is None and question["required"] and not question["conditional"]:
            raise RowProblem(question["name"], f"{question['name']} is required but blank")
        if answer is not None:
            answers[question["name"]] = answer
    point_question = definition.get("point_question")
    point = columns.cell(values, point_question) if point_question else ""
    return Interview(line, submission, day, point or None, answers)


def read_export(content: bytes, filename: str, definition: dict[str, Any]) -> Reading:
    """The interviews of an export, each rejected row with its line (raises UnreadableFile)."""
    header, rows = read_table(content, filename)
    columns = Columns(header, definition)
    reading = Reading()
    reading.left_out = [
        q["name"]
        for q in definition["questions"]
        if q["personal"] and q["type"] not in TIMES and q["name"] in columns.answer
    ]
    for line, values in rows:
        try:
            reading.interviews.append(_interview(line, values, columns, definition))
        except RowProblem as problem:
            reading.rejected.append((line, problem.question, str(problem)))
    return reading
