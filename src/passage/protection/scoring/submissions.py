"""Screening submissions exported from Kobo or ODK Central: the export is read by the kit's
reader (`kit.kobo`); here, the person screened (`person_reference`) and a model's answers."""

from __future__ import annotations

from passage.kit.kobo import UnreadableFile, read_rows, submission_id, value_of

__all__ = ["UnreadableFile", "answers", "matched_columns", "person_reference", "read_rows",
           "submission_id"]  # fmt: skip

PERSON_COLUMNS = ("person_reference", "person")


def person_reference(row: dict[str, str]) -> str | None:
    """The registry reference of the person screened."""
    for column in PERSON_COLUMNS:
        if value := value_of(row, column):
            return value.upper()
    return None


def matched_columns(header: list[str], questions: list[str]) -> set[str]:
    """The questions (and person column) a file's header names."""
    wanted = [*questions, *PERSON_COLUMNS]
    return {
        name
        for name in wanted
        for column in header
        if column == name or column.endswith(f"-{name}")
    }


def answers(row: dict[str, str], questions: list[str]) -> dict[str, str]:
    """The answers to a model's questions (blank cells are not answers)."""
    return {code: value for code in questions if (value := value_of(row, code))}
