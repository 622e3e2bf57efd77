"""What the model compares, field by field, and how candidate pairs are found (blocking).

Each field has ordered levels of agreement, each with a label: the label of the level a pair
reached is the field's explanation. Splink numbers the levels of a comparison from the top,
highest first, and the null level -1; `level_label` reads that numbering back."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on

PARTIAL_DATE = (
    "(length(date_of_birth_l) < 10 or length(date_of_birth_r) < 10) and "
    "substr(date_of_birth_l, 1, least(length(date_of_birth_l), length(date_of_birth_r))) = "
    "substr(date_of_birth_r, 1, least(length(date_of_birth_l), length(date_of_birth_r)))"
)
DAY_MONTH_SWAPPED = (
    "length(date_of_birth_l) = 10 and length(date_of_birth_r) = 10 and "
    "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4) and "
    "substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2) and "
    "substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2)"
)


@dataclass(frozen=True)
class Level:
    """One level of agreement: its label (the explanation) and the Splink level."""

    label: str
    creator: Any


def _levels(field: str) -> list[Level]:
    """The levels of one prepared field, best agreement first (the null level excluded)."""
    if field == "name":
        return [
            Level("same name", cll.ExactMatchLevel("name", term_frequency_adjustments=True)),
            Level("nearly the same name", cll.JaroWinklerLevel("name", 0.95)),
            Level("three name words sound alike", cll.ArrayIntersectLevel("name_codes", 3)),
            Level("two name words sound alike", cll.ArrayIntersectLevel("name_codes", 2)),
            Level("similar name", cll.JaroWinklerLevel("name", 0.85)),
            Level("one name word sounds alike", cll.ArrayIntersectLevel("name_codes", 1)),
        ]
    if field == "date_of_birth":
        return [
            Level("same date of birth", cll.ExactMatchLevel("date_of_birth")),
            Level(
                "date of birth agrees as far as it is known",
                cll.CustomLevel(PARTIAL_DATE, base_dialect_str="duckdb"),
            ),
            Level(
                "date of birth one digit apart or day and month swapped",
                cll.Or(
                    cll.DamerauLevenshteinLevel("date_of_birth", 1),
                    cll.CustomLevel(DAY_MONTH_SWAPPED, base_dialect_str="duckdb"),
                ),
            ),
            Level("born within a year", cll.AbsoluteDifferenceLevel("birth_year", 1)),
            Level("born within three years", cll.AbsoluteDifferenceLevel("birth_year", 3)),
        ]
    if field in ("place", "document_number"):
        near = (
            cll.JaroWinklerLevel(field, 0.88)
            if field == "place"
            else cll.DamerauLevenshteinLevel(field, 1)
        )
        return [
            Level(f"same {_words(field)}", cll.ExactMatchLevel(field)),
            Level(f"similar {_words(field)}", near),
        ]
    return [Level(f"same {_words(field)}", cll.ExactMatchLevel(field))]


def _words(field: str) -> str:
    return field.replace("_", " ")


@cache
def labels(field: str) -> tuple[str, ...]:
    """The labels of a field's levels, best first, then the disagreement (worked out once per
    field: every pair of a run reads them)."""
    return (*[level.label for level in _levels(field)], f"different {_words(field)}")


def level_label(field: str, gamma: int | None) -> str:
    """The label of the level numbered `gamma` by Splink (-1: a value is missing)."""
    if gamma is None or gamma < 0:
        return f"{_words(field)} missing"
    ordered = labels(field)
    return ordered[len(ordered) - 1 - gamma]


def comparison(field: str) -> Any:
    """The Splink comparison of one prepared field."""
    null_column = "name" if field == "name" else field
    levels: list[Any] = [cll.NullLevel(null_column)]
    for level in _levels(field):
        creator = level.creator.configure(label_for_charts=level.label)
        levels.append(creator)
    levels.append(cll.ElseLevel().configure(label_for_charts=f"different {_words(field)}"))
    return cl.CustomComparison(
        comparison_levels=levels, output_column_name=field, comparison_description=field
    )


def prediction_rules(fields: list[str]) -> list[Any]:
    """Blocking rules that find the candidate pairs, each catching what the others miss: the
    same name; a name word sounding alike with the same date of birth, or with the same year
    and nationality (a date known to the year only, mistyped); the same date, sex and
    nationality (a name in another script or spelling); the same document or phone."""
    rules: list[Any] = [block_on("name")]
    codes = ["name_codes"]
    if "date_of_birth" in fields:
        rules.append(block_on("name_codes", "date_of_birth", arrays_to_explode=codes))
        year = ["name_codes", "birth_year"] + (["nationality"] if "nationality" in fields else [])
        rules.append(block_on(*year, arrays_to_explode=codes))
        others = [field for field in ("sex", "nationality") if field in fields]
        rules.append(block_on("date_of_birth", *others))
    elif "nationality" in fields:
        rules.append(block_on("name_codes", "nationality", arrays_to_explode=codes))
    else:
        rules.append(block_on("name_codes", arrays_to_explode=codes))
    rules += [block_on(field) for field in ("document_number", "phone") if field in fields]
    return rules


def training_rules(fields: list[str]) -> list[Any]:
    """The blocks expectation maximisation is run on, in turn: each leaves out a field so that
    field's parameters can be estimated."""
    rules = [block_on("name")]
    if "date_of_birth" in fields:
        others = [field for field in ("sex", "nationality") if field in fields]
        rules.append(block_on("date_of_birth", *others))
    return rules


def blocking_keys(record: dict[str, Any], fields: list[str]) -> set[tuple[Any, ...]]:
    """The keys under which the prediction rules would put a record in a block (the same
    rules, for the incremental check's index of existing records)."""
    keys: set[tuple[Any, ...]] = set()
    name, born = record.get("name"), record.get("date_of_birth")
    if name:
        keys.add(("name", name))
    for code in record.get("name_codes") or ():
        if "date_of_birth" in fields:
            if born:
                keys.add(("code_dob", code, born))
            if record.get("birth_year") and (
                record.get("nationality") or "nationality" not in fields
            ):
                keys.add(("code_year", code, record["birth_year"], record.get("nationality")))
        else:
            keys.add(("code", code, record.get("nationality")))
    if born and "date_of_birth" in fields:
        others = tuple(record.get(field) for field in ("sex", "nationality") if field in fields)
        if all(others):
            keys.add(("dob", born, *others))
    for field in ("document_number", "phone"):
        if record.get(field) and field in fields:
            keys.add((field, record[field]))
    return keys
