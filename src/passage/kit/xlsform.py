"""XLSForm files (the Kobo/ODK standard) read with pyxform: the one reader of the survey,
choices and settings sheets that every domain defining a form uses (protection scoring models,
flow monitoring surveys). The form must be valid as pyxform converts it to an XForm, as Kobo
and ODK would; what a domain makes of its rows is the domain's business."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyxform import xls2xform
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import get_xlsform

FILE_TYPES = {".xlsx": ".xlsx", ".xls": ".xls"}
TRUE = {"yes", "true", "true()", "1"}


class FormProblems(ValueError):
    """An XLSForm that cannot be used: each problem with its row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class XLSForm:
    """The sheets of a valid XLSForm: survey rows (the sheet's row number under `_row`), the
    choice lists (list name -> choice name -> label) and the first settings row."""

    survey: list[dict[str, Any]] = field(default_factory=list)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def label(value: Any) -> str:
    """A label's English text (or its first translation), stripped."""
    if isinstance(value, Mapping):
        english = [text for key, text in value.items() if "en" in str(key).lower()]
        value = english[0] if english else next(iter(value.values()), "")
    return str(value or "").strip()


def flag(value: Any) -> bool | None:
    """A yes/no cell (`yes`, `true`, `true()`, `1`; `no`...): None when blank."""
    text = str(value if value is not None else "").strip().lower()
    if not text:
        return None
    return text in TRUE


def _choices(data: Any) -> dict[str, dict[str, str]]:
    lists: dict[str, dict[str, str]] = {}
    for row in data.choices or []:
        name = str(row.get("name", "")).strip()
        if name:
            label_key = next((k for k in row if str(k).startswith("label")), "label")
            lists.setdefault(str(row.get("list_name", "")).strip(), {})[name] = label(
                row.get(label_key)
            )
    return lists


def read_xlsform(content: bytes, filename: str) -> XLSForm:
    """The sheets of an XLSForm (.xlsx or .xls); FormProblems says what is wrong (pyxform's own
    errors name the row)."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    file_type = FILE_TYPES.get(suffix)
    if file_type is None:
        raise FormProblems(["an XLSForm is an .xlsx or .xls file"])
    try:
        xls2xform.convert(content, file_type=file_type)
        data = get_xlsform(xlsform=io.BytesIO(content), file_type=file_type)
    except (PyXFormError, ValueError, KeyError) as error:
        raise FormProblems([f"not a valid XLSForm: {error}"]) from None
    survey = [dict(row) | {"_row": number} for number, row in enumerate(data.survey or [], 2)]
    settings = dict((data.settings or [{}])[0]) if data.settings else {}
    return XLSForm(survey=survey, choices=_choices(data), settings=settings)
