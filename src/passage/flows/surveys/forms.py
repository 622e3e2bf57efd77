"""A flow monitoring survey defined as XLSForm: its questions (with their group paths), its
choice lists, the question giving the interview's day and the one naming the point. Pure.

The personal-data rule: an answer that may identify someone never enters Passage. A question is
personal, and its answers are dropped at import, when its `personal` column (survey sheet) says
`yes`; when it asks for free text, a date or time, a location, a photo, a sound, a file or a
barcode (unless `personal` says `no`: a free-text question marked `no` is shown as counts per
answer, suppressed like the others); or when its name speaks of a name, phone, e-mail, contact,
address or document number (unless `personal` says `no`). Kobo's own metadata that may identify
(device and SIM ids, phone number, user name, e-mail) is dropped as well. What remains (single
and multiple choices, whole and decimal numbers) is stored per interview and shown only as
counts and shares with small cells suppressed.
"""

from __future__ import annotations

import re
from typing import Any

from passage.kit.xlsform import FormProblems, XLSForm, flag, label

SHOWN = {"select_one", "select_multiple", "integer", "decimal"}
PERSONAL_TYPES = {
    "text", "date", "datetime", "time", "geopoint", "geotrace", "geoshape", "image", "audio",
    "video", "file", "barcode", "background-audio", "range_text",
}  # fmt: skip
METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
            "username", "email", "audit", "start-geopoint"}  # fmt: skip
IDENTIFYING = re.compile(
    r"(^|_)(name|names|surname|phone|tel|telephone|mobile|email|e_mail|contact|address|"
    r"passport|id_number|document_number|whatsapp)(_|$)",
    re.IGNORECASE,
)
POINT_QUESTIONS = ("point", "flow_point", "fmp")
DAY_QUESTIONS = ("today", "interview_date")


def _kind(row: dict[str, Any]) -> tuple[str, str]:
    text = " ".join(str(row.get("type") or "").split())
    kind, _, rest = text.partition(" ")
    list_name = rest.split(" ")[0] if kind in ("select_one", "select_multiple") else ""
    if kind.startswith(("begin_", "end_")):  # `begin_group` and `begin group` are the same
        kind = kind.replace("_", " ", 1)
    return kind, list_name


def is_personal(name: str, kind: str, marked: bool | None) -> bool:
    """Whether a question's answers may identify someone (the module docstring's rule)."""
    if marked is not None:
        return marked
    return kind in PERSONAL_TYPES or kind in METADATA or bool(IDENTIFYING.search(name))


def _question(row: dict[str, Any], path: list[str], conditional: bool) -> dict[str, Any]:
    kind, list_name = _kind(row)
    name = str(row.get("name") or "").strip()
    personal = is_personal(name, kind, flag(row.get("personal")))
    return {
        "name": name,
        "path": list(path),
        "type": kind,
        "list": list_name,
        "label": label(row.get("label")) or name,
        "required": bool(flag(row.get("required"))),
        "conditional": conditional or bool(str(row.get("relevant") or "").strip()),
        "personal": personal,
        "shown": not personal and (kind in SHOWN or kind == "text"),
    }


def _walk(survey: list[dict[str, Any]]) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = []
    path: list[str] = []
    conditions: list[bool] = []
    repeats = 0
    for row in survey:
        kind, _ = _kind(row)
        name = str(row.get("name") or "").strip()
        if kind in ("begin group", "begin repeat"):
            path.append(name)
            conditions.append(bool(str(row.get("relevant") or "").strip()))
            repeats += kind == "begin repeat"
        elif kind in ("end group", "end repeat"):
            path = path[:-1]
            conditions = conditions[:-1]
            repeats -= kind == "end repeat"
        elif name and kind not in ("note", "calculate", "hidden") and not repeats:
            # a repeat's answers are on other sheets of an export: not read
            questions.append(_question(row, path, any(conditions)))
    return questions


def read_survey(data: XLSForm) -> dict[str, Any]:
    """The survey an XLSForm defines: {code, name, definition}; FormProblems says what is wrong."""
    settings = data.settings
    code = re.sub(r"[^a-z0-9_]", "_", str(settings.get("form_id") or "").strip().lower())
    if not code:
        raise FormProblems(["settings: form_id (the survey's code) is missing"])
    questions = _walk(data.survey)
    names = {question["name"] for question in questions}
    point_question = next((n for n in POINT_QUESTIONS if n in names), None)
    for question in questions:
        if question["name"] == point_question:
            # the point is checked against Passage's points, and results are by point anyway
            question["shown"] = False
    missing = sorted({q["list"] for q in questions if q["list"] and q["list"] not in data.choices})
    if missing:
        raise FormProblems([f"choices: no list named {name}" for name in missing])
    if not any(question["shown"] for question in questions):
        raise FormProblems(["survey: no question can be shown as counts (choices or numbers)"])
    used = {question["list"] for question in questions if question["shown"]}
    definition = {
        "questions": questions,
        "choices": {name: data.choices[name] for name in sorted(used) if name},
        "day_question": next((n for n in DAY_QUESTIONS if n in names), None),
        "point_question": point_question,
        "version": str(settings.get("version") or ""),
    }
    return {"code": code, "name": str(settings.get("form_title") or code), "definition": definition}
