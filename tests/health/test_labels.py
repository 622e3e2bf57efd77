"""Port-health values shown in the reader's language."""

from __future__ import annotations

import pytest

from passage.health.labels import temperature
from passage.kit.i18n import set_language


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "38.9 °C"), ("fr", "38,9 °C"), ("es", "38,9 °C")]
)
def test_a_temperature_reads_as_in_the_readers_language(language, shown):
    set_language(language)
    try:
        assert temperature(38.94) == shown
    finally:
        set_language("en")


def test_an_arabic_temperature_keeps_its_unit_in_arabic():
    set_language("ar")
    try:
        assert temperature(37.0).endswith("°م") and "37" in temperature(37.0)
    finally:
        set_language("en")


def test_a_missing_temperature_is_a_dash():
    assert temperature(None) == "—"
