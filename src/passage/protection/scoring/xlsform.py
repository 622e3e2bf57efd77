"""Screening forms defined as XLSForm (the Kobo/ODK standard), read with pyxform.

The form must be a valid XLSForm (pyxform converts it to an XForm, as Kobo and ODK would). The
questions that score carry three more columns on the survey sheet: `level` (individual,
household, community or structural), `weight` (points) and `score`, the answers that count:

- a yes/no question (select_one of a yes/no list): `yes` or `no` (default `yes`);
- another select_one: the choices that count, each with its fraction: `often=1; sometimes=0.5`
  (a choice without `=` counts in full);
- an integer or decimal: `>=6`, `<=1` or a scale `0..4` (nothing at 0, in full from 4);
- a select_multiple: the choices that count (any of them counts in full), or `count 3: a b c d`
  (each one chosen counts a third, three in full).

An optional `because` column says in words why the factor counts. The settings sheet gives the
model's code (`form_id`), name (`form_title`) and thresholds (`medium`, `high`, `critical`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from passage.kit.xlsform import FormProblems, XLSForm, read_xlsform
from passage.kit.xlsform import label as _label
from passage.protection.scoring.engine import LEVELS

__all__ = ["FormProblems", "read_form"]
NUMBER_RULE = re.compile(r"^\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*$")
SCALE_RULE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$")
COUNT_RULE = re.compile(r"^\s*count\s+(\d+)\s*:\s*(.+)$", re.IGNORECASE)
YES_NO = {"yes", "no"}


def _choice_rule(text: str, choices: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, float] = {}
    for part in re.split(r"[;,]", text):
        name, _, fraction = part.partition("=")
        if name.strip():
            values[name.strip()] = float(fraction) if fraction.strip() else 1.0
    unknown = sorted(set(values) - set(choices))
    if unknown:
        raise ValueError(f"not a choice of this question: {', '.join(unknown)}")
    return {"type": "choices", "values": values}


def _multiple_rule(text: str, choices: Mapping[str, str]) -> dict[str, Any]:
    count = COUNT_RULE.match(text)
    names = (count.group(2) if count else text).replace(",", " ").split()
    unknown = sorted(set(names) - set(choices))
    if unknown or not names:
        raise ValueError(f"not a choice of this question: {', '.join(unknown) or text}")
    if count:
        return {"type": "count_of", "values": names, "high": int(count.group(1))}
    return {"type": "any_of", "values": names}


def _number_rule(text: str) -> dict[str, Any]:
    if match := NUMBER_RULE.match(text):
        key = "low" if match.group(1) == ">=" else "high"
        return {"type": "at_least" if key == "low" else "at_most", key: float(match.group(2))}
    if match := SCALE_RULE.match(text):
        return {"type": "between", "low": float(match.group(1)), "high": float(match.group(2))}
    raise ValueError("a number's score is >=N, <=N or a scale A..B")


def _factor(row: Mapping[str, Any], lists: Mapping[str, dict[str, str]]) -> dict[str, Any]:
    kind, _, list_name = str(row.get("type", "")).strip().partition(" ")
    choices = lists.get(list_name.strip(), {})
    score = str(row.get("score") or "").strip()
    if kind == "select_one" and set(choices) == YES_NO:
        answer_type, rule = "yes_no", {"type": score or "yes"}
    elif kind == "select_one":
        answer_type, rule = "choice", _choice_rule(score, choices)
    elif kind == "select_multiple":
        answer_type, rule = "multiple", _multiple_rule(score, choices)
    elif kind in ("integer", "decimal"):
        answer_type, rule = "number", _number_rule(score)
    else:
        raise ValueError(f"a {kind or 'blank'} question cannot score")
    level = str(row.get("level") or "").strip().lower()
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    question = _label(row.get("label") or row.get("name"))
    return {
        "code": str(row.get("name", "")).strip(),
        "level": level,
        "answer_type": answer_type,
        "weight": float(row["weight"]),
        "question": question,
        "because": str(row.get("because") or "").strip() or question,
        "rule": rule,
        "choices": choices if answer_type != "yes_no" else {},
    }


def _factors(data: XLSForm) -> list[dict[str, Any]]:
    lists, factors, problems = data.choices, [], []
    for row in data.survey:
        number = row["_row"]
        if str(row.get("weight") or "").strip() == "":
            continue
        try:
            factors.append(_factor(row, lists))
        except (ValueError, TypeError) as error:
            problems.append(f"survey row {number} ({row.get('name', '')}): {error}")
    if problems:
        raise FormProblems(problems)
    if not factors:
        raise FormProblems(["no question has a weight: add the level, weight and score columns"])
    return factors


def _thresholds(settings: Mapping[str, Any]) -> dict[str, float]:
    try:
        return {name: float(settings[name]) for name in ("medium", "high", "critical")}
    except (KeyError, TypeError, ValueError):
        raise FormProblems(
            ["settings: give the thresholds in columns medium, high and critical"]
        ) from None


def read_form(content: bytes, filename: str) -> dict[str, Any]:
    """The model an XLSForm defines: {code, name, definition}; FormProblems lists what is wrong
    (pyxform's own errors name the row)."""
    data = read_xlsform(content, filename)
    settings = data.settings
    code = re.sub(r"[^a-z0-9_]", "_", str(settings.get("form_id") or "").strip().lower())
    if not code:
        raise FormProblems(["settings: form_id (the model's code) is missing"])
    definition = {"factors": _factors(data), "thresholds": _thresholds(settings)}
    return {"code": code, "name": str(settings.get("form_title") or code), "definition": definition}
