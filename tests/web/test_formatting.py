"""Moments, phone numbers and e-mails keep their reading order in right-to-left pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from passage.web.formatting import ltr, utc_time


def test_utc_time_is_an_isolated_time_element_in_utc() -> None:
    moment = datetime(2026, 12, 1, 9, 30, 15, tzinfo=UTC)
    assert str(utc_time(moment)) == (
        '<time datetime="2026-12-01T09:30:15+00:00" dir="ltr">2026-12-01 09:30 UTC</time>'
    )
    assert "2026-12-01 09:30:15 UTC" in utc_time(moment, seconds=True)


def test_utc_time_converts_other_offsets_and_reads_naive_values_as_utc() -> None:
    nairobi = datetime(2026, 12, 1, 12, 30, tzinfo=timezone(timedelta(hours=3)))
    assert ">2026-12-01 09:30 UTC<" in utc_time(nairobi)
    assert 'datetime="2026-12-01T09:30:00+00:00"' in utc_time(datetime(2026, 12, 1, 9, 30))


def test_utc_time_of_nothing_is_empty() -> None:
    assert utc_time(None) == ""


def test_ltr_isolates_and_escapes() -> None:
    assert str(ltr("+254 712 345 678")) == '<bdi dir="ltr">+254 712 345 678</bdi>'
    assert str(ltr("<b>x</b>")) == '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi>'
    assert ltr(None) == "" and ltr("") == ""
