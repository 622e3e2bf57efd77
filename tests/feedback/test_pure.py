"""The pure parts: the spam check and the report's suppression."""

from __future__ import annotations

from datetime import UTC, date, datetime

from passage.feedback import reports
from passage.feedback.spam import is_spam


def test_spam_is_the_honeypot_many_links_or_one_repeated_character():
    assert is_spam("Fine message", honeypot="http://x")
    assert is_spam("buy http://a http://b http://c www.d now")
    assert is_spam("a" * 40)
    assert not is_spam("The water point at block C is broken. See https://example.org")


def test_the_report_suppresses_small_cells_and_medians_of_few():
    day = date(2026, 11, 2)
    acknowledged = datetime(2026, 11, 4, tzinfo=UTC)
    rows = [("question", "web", "KEN", "so", day, acknowledged, None)] * 6
    rows += [("trafficking", "web", "KEN", "en", day, None, None)] * 2
    found = reports.build(rows, day, day)
    categories = {c.category: c.count for c in found.tables[0].cells}
    assert categories == {"question": None, "trafficking": None}  # one alone would show 2
    assert found.total == 8
    assert found.days_to_acknowledge == 2.0
    assert found.days_to_close is None
    text = reports.to_csv(found)
    assert "trafficking,,1" in text
