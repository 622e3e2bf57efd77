"""Realistic exports of the demo survey, written as Kobo and ODK Central write them."""

from __future__ import annotations

import io

from openpyxl import Workbook

from passage.flows.surveys import demo
from passage.flows.surveys.forms import read_survey
from passage.kit.xlsform import read_xlsform

DEFINITION = read_survey(read_xlsform(demo.xlsform(), "fms.xlsx"))["definition"]

# Kobo: semicolons, every value quoted, group paths with "/", one 0/1 column per choice after
# the select_multiple's own column, the metadata at the end.
KOBO_HEADER = (
    '"start";"end";"today";"deviceid";"point";"respondent/respondent_name";'
    '"respondent/phone_number";"respondent/sex";"respondent/age";"respondent/nationality";'
    '"journey/reasons";"journey/reasons/economic";"journey/reasons/conflict";'
    '"journey/reasons/family";"journey/reasons/climate";"journey/reasons/other";'
    '"journey/reasons_other";"journey/origin";"journey/destination";"journey/transport";'
    '"needs_group/needs";"needs_group/needs/food";"needs_group/needs/water";'
    '"needs_group/needs/shelter";"needs_group/needs/health";"needs_group/needs/cash";'
    '"needs_group/intention";"location";"_location_latitude";"_location_longitude";"_id";'
    '"_uuid";"_submission_time";"_validation_status";"_notes";"_status";"_submitted_by";'
    '"__version__";"_tags";"_index"'
)


def kobo_row(
    number: int,
    *,
    sex: str = "female",
    age: str = "31",
    reasons: str = "conflict economic",
    needs: str = "food water",
    uuid: str | None = None,
    today: str = "2026-11-03",
    nationality: str = "SOM",
    point: str = "FMP-KEN-NAMANGA",
) -> str:
    """One Kobo CSV row; the 0/1 columns agree with the space-separated answers."""
    flags = ["1" if r in reasons.split() else "0" for r in (*demo.REASONS, "other")]
    need_flags = ["1" if n in needs.split() else "0" for n in demo.NEEDS]
    values = [
        f"{today}T08:01:12.000+03:00", f"{today}T08:19:40.000+03:00", today,
        "collect:QxU3bT9", point, "Amina Hassan Farah", "+254712345678", sex, age, nationality,
        reasons, *flags, "", "SOM", "TZA", "bus", needs, *need_flags, "move_on",
        "-2.545 36.79 1200 5", "-2.545", "36.79", str(180000 + number),
        f"5b0c1f8e-3f2a-4c7d-9e1b-{number:012d}" if uuid is None else uuid,
        f"{today}T06:20:11", "", "",
        "submitted_via_web", "dtm_enumerator_2", "vGz7kPqW", "", str(number),
    ]  # fmt: skip
    return ";".join(f'"{value}"' for value in values)


def kobo_csv(*rows: str) -> bytes:
    """A Kobo CSV export (UTF-8 with a byte order mark, as Kobo writes it)."""
    return ("\ufeff" + "\n".join([KOBO_HEADER, *rows]) + "\n").encode()


# ODK Central: commas, group paths with "-", SubmissionDate and KEY at the end, no 0/1 columns.
ODK_HEADER = (
    "SubmissionDate,start,end,today,deviceid,point,respondent-respondent_name,"
    "respondent-phone_number,respondent-sex,respondent-age,respondent-nationality,"
    "journey-reasons,journey-reasons_other,journey-origin,journey-destination,journey-transport,"
    "needs_group-needs,needs_group-intention,location-Latitude,location-Longitude,"
    "meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,"
    "Status,ReviewState,DeviceID,Edits,FormVersion"
)


def odk_row(number: int, reasons: str = "family", today: str = "2026-11-20") -> str:
    """One ODK Central CSV row."""
    key = f"uuid:0a9e7c1d-2b3f-4e5a-8c6d-{number:012d}"
    values = [
        f"{today}T09:12:44.101Z", f"{today}T08:55:00.000+03:00", f"{today}T09:10:00.000+03:00",
        today, "collect:abc", "FMP-KEN-NAMANGA", "Yusuf Ali", "+254700000001", "male", "27",
        "ETH", reasons, "", "ETH", "ZAF", "truck", "shelter", "move_on", "-2.5", "36.7", key, key,
        "5", "enumerator", "0", "0", "", "", "", "0", "2026.1",
    ]  # fmt: skip
    return ",".join(values)


def kobo_xlsx(rows: list[list[object]]) -> bytes:
    """A Kobo XLSX export: the header and typed cells (numbers as numbers)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Flow monitoring survey"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
