"""Surveys part of the demo world: the flow monitoring survey (an XLSForm made here, as a DTM
team would write it: demography, reasons for moving, route, needs, intentions, and the
respondent's name and phone, which are never imported) and a Kobo export of sixty interviews at
the Namanga bus park over the last two months. Idempotent: nothing is added once the survey
exists."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from openpyxl import Workbook
from sqlalchemy.orm import Session

from passage.flows.surveys import repository, service
from passage.kit.clock import today

CODE = "flow_monitoring_survey"
POINT = "FMP-KEN-NAMANGA"
SURVEY = [
    ("type", "name", "label", "required", "relevant", "personal"),
    ("start", "start", "", "", "", ""),
    ("end", "end", "", "", "", ""),
    ("today", "today", "", "", "", ""),
    ("deviceid", "deviceid", "", "", "", ""),
    ("select_one points", "point", "Flow monitoring point", "yes", "", "no"),
    ("begin_group", "respondent", "Respondent", "", "", ""),
    ("text", "respondent_name", "Name of the respondent", "", "", "yes"),
    ("text", "phone_number", "Phone number", "", "", ""),
    ("select_one sex", "sex", "Sex", "yes", "", ""),
    ("integer", "age", "Age", "yes", "", ""),
    ("select_one countries", "nationality", "Nationality", "yes", "", ""),
    ("end_group", "", "", "", "", ""),
    ("begin_group", "journey", "Journey", "", "", ""),
    ("select_multiple reasons", "reasons", "Reasons for moving", "yes", "", ""),
    ("text", "reasons_other", "Other reason", "", "selected(${reasons}, 'other')", ""),
    ("select_one countries", "origin", "Country of departure", "", "", ""),
    ("select_one countries", "destination", "Intended destination", "", "", ""),
    ("select_one transport", "transport", "Means of transport", "", "", ""),
    ("end_group", "", "", "", "", ""),
    ("begin_group", "needs_group", "Needs and intentions", "", "", ""),
    ("select_multiple needs", "needs", "Most urgent needs", "", "", ""),
    ("select_one intention", "intention", "Intention", "", "", ""),
    ("end_group", "", "", "", "", ""),
    ("geopoint", "location", "Location of the interview", "", "", ""),
]
CHOICES = [
    ("list_name", "name", "label"),
    ("points", POINT, "Namanga bus park"),
    ("points", "FMP-UGA-BUSIA", "Busia transit hub"),
    ("sex", "female", "Female"),
    ("sex", "male", "Male"),
    ("countries", "SOM", "Somalia"),
    ("countries", "ETH", "Ethiopia"),
    ("countries", "KEN", "Kenya"),
    ("countries", "TZA", "United Republic of Tanzania"),
    ("countries", "ZAF", "South Africa"),
    ("reasons", "economic", "Economic reasons"),
    ("reasons", "conflict", "Conflict or violence"),
    ("reasons", "family", "Family reunification"),
    ("reasons", "climate", "Drought or flood"),
    ("reasons", "other", "Other"),
    ("transport", "bus", "Bus"),
    ("transport", "truck", "Truck"),
    ("transport", "foot", "On foot"),
    ("needs", "food", "Food"),
    ("needs", "water", "Water"),
    ("needs", "shelter", "Shelter"),
    ("needs", "health", "Health care"),
    ("needs", "cash", "Cash"),
    ("intention", "move_on", "Continue the journey"),
    ("intention", "stay", "Stay here"),
    ("intention", "return", "Return home"),
]
SETTINGS = [("form_id", "form_title", "version"), (CODE, "Flow monitoring survey", "2026.1")]


def xlsform(
    survey: Sequence[Sequence[str]] = SURVEY,
    choices: Sequence[Sequence[str]] = CHOICES,
    settings: Sequence[Sequence[str]] = SETTINGS,
) -> bytes:
    """An XLSForm workbook of the given sheets (the demo survey by default)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    for title, rows in (("choices", choices), ("settings", settings)):
        other = book.create_sheet(title)
        for row in rows:
            other.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


REASONS = ("economic", "conflict", "family", "climate")
NEEDS = ("food", "water", "shelter", "health", "cash")
HEADER = ["start", "end", "today", "deviceid", "point", "respondent/respondent_name",
          "respondent/phone_number", "respondent/sex", "respondent/age", "respondent/nationality",
          "journey/reasons", *(f"journey/reasons/{r}" for r in (*REASONS, "other")),
          "journey/reasons_other", "journey/origin", "journey/destination", "journey/transport",
          "needs_group/needs", "needs_group/intention", "location", "_id", "_uuid",
          "_submission_time", "_index"]  # fmt: skip


def kobo_export(last: date, count: int = 60) -> bytes:
    """A Kobo CSV export (semicolons, group paths) of `count` made-up interviews."""
    lines = [";".join(HEADER)]
    for number in range(count):
        day = last - timedelta(days=(number * 7) % 55)
        reasons = [REASONS[number % 4]] + ([REASONS[(number + 1) % 4]] if number % 3 == 0 else [])
        flags = [str(int(r in reasons)) for r in (*REASONS, "other")]
        needs = " ".join(sorted({NEEDS[number % 5], NEEDS[(number * 2) % 5]}))
        nationality = "TZA" if number % 20 == 7 else ("SOM", "ETH", "KEN", "SOM")[number % 4]
        values = [
            f"{day}T08:00:00", f"{day}T08:20:00", day.isoformat(), f"collect:{number % 3}", POINT,
            f"Person {number}", f"+2547000{number:05d}", ("female", "male")[number % 2],
            str(18 + (number * 7) % 40), nationality,
            " ".join(reasons), *flags, "", ("SOM", "ETH", "KEN")[number % 3],
            ("TZA", "ZAF", "TZA", "KEN")[number % 4], ("bus", "truck", "bus", "foot")[number % 4],
            needs, ("move_on", "move_on", "stay", "return")[number % 4], "-2.54 36.79 0 0",
            str(1000 + number), f"demo-{number:04d}-5e1f-4c1a-9b1e-{number:012d}",
            f"{day}T09:00:00", str(number + 1),
        ]  # fmt: skip
        lines.append(";".join(values))
    return "\n".join(lines).encode()


def load_demo_surveys(session: Session) -> None:
    """Add the demo survey and its interviews at Namanga (the demo point must exist)."""
    if repository.survey_by_code(session, CODE) is not None:
        return
    if not repository.points_by_code(session, [POINT]):
        return
    survey = service.upload_form(
        session=session, content=xlsform(), filename="fms.xlsx", actor=None
    )
    service.import_export(
        session=session, survey_id=survey.id, content=kobo_export(today() - timedelta(days=1)),
        filename="kobo.csv", actor=None,
    )  # fmt: skip
