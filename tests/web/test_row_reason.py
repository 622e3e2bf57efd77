"""An import's rejected rows in the reader's language: a row keeps the catalogue template and
values of its error, and the page translates it; a stored report of before shows its text."""

from __future__ import annotations

from passage.errors import Forbidden, Invalid
from passage.kit.i18n import set_language
from passage.kit.imports import ImportReport
from passage.web.formatting import row_reason


def test_a_rejected_rows_reason_is_translated_then_filled_in(app):
    report = ImportReport()
    report.reject_error(
        3,
        Invalid(
            "code '%(code)s' already appears on line %(line)s", params={"code": "LND-1", "line": 2}
        ),
        "code",
    )
    report.reject_error(
        4, Forbidden("%(country)s is outside your scope", params={"country": "KEN"}), "country"
    )
    stored = report.stored()["rejected"]
    assert report.to_dict()["rejected"][0] == {
        "line": 3,
        "reason": "code 'LND-1' already appears on line 2",
        "field": "code",
    }
    set_language("fr")
    try:
        assert row_reason(report.rejected[0]) == "le code « LND-1 » figure déjà à la ligne 2"
        assert row_reason(stored[0]) == row_reason(report.rejected[0])  # a job's stored row
        assert "Kenya" in row_reason(stored[1]) and "KEN" not in row_reason(stored[1])
        assert row_reason({"line": 5, "reason": "bad row", "field": None}) == "bad row"
    finally:
        set_language("en")
