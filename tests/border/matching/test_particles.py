"""Particles (VAN, LE, DE, AL, BIN ...) are real name words in some traditions."""

from __future__ import annotations

from functools import cache

from passage.border.matching import AlertEntry, AlertIndex, AlertQuery
from passage.synthetic.people import generate_people


@cache
def population() -> tuple[AlertEntry, ...]:
    """A list of 3,000 generated people, so word rarities are those of a real list."""
    return tuple(
        AlertEntry(p.id, p.names, p.birth_date, p.nationality, p.gender)
        for p in generate_people(3_000, seed=5)
    )


def listed(*entries: AlertEntry) -> AlertIndex:
    """The population with the given entries added."""
    return AlertIndex.from_entries([*population(), *entries])


def ids(index: AlertIndex, query: AlertQuery, threshold: float = 0.5) -> list[str]:
    return [candidate.entry_id for candidate in index.search(query, threshold=threshold)]


def test_a_vietnamese_name_is_told_apart_by_its_middle_name_van() -> None:
    index = listed(
        AlertEntry("VAN", ["Nguyễn Văn Hùng"], "1971", "VNM", "M"),
        AlertEntry("MINH", ["Nguyễn Minh Hùng"], "1971", "VNM", "M"),
    )
    query = AlertQuery(["NGUYEN VAN HUNG"], birth_date="1971-04-02", nationality="VNM")
    assert ids(index, query) == ["VAN"]


def test_a_vietnamese_surname_le_is_a_name_not_an_article() -> None:
    index = listed(AlertEntry("LE", ["Lê Thị Lan"], "1985", "VNM", "F"))
    other_family = AlertQuery(["PHAM THI LAN"], nationality="VNM")
    same = AlertQuery(["LE THI LAN"], nationality="VNM")
    assert "LE" not in ids(index, other_family)
    assert ids(index, same)[:1] == ["LE"]


def test_a_name_made_of_particle_words_is_still_searched() -> None:
    index = listed(AlertEntry("X", ["Van Khanh Le"], "1948-05-10", "VNM"))
    found = index.search(AlertQuery(["Lê Văn"], birth_date="1948-05-10"), threshold=0.0)
    assert [candidate.entry_id for candidate in found][:1] == ["X"]


def test_a_chinese_given_name_bin_tells_namesakes_apart() -> None:
    entries = [AlertEntry("BIN", ["ZHANG BIN"], "1980-02-03", "CHN", "M")]
    entries += [
        AlertEntry(f"Z{n}", [f"ZHANG {given}"], "1980-02-03", "CHN", "M")
        for n, given in enumerate(("WEI", "LEI", "JUN", "TAO", "QIANG", "JIE"))
    ]
    index = listed(*entries)
    query = AlertQuery(["BIN ZHANG"], birth_date="1980-02-03", nationality="CHN", gender="M")
    assert ids(index, query) == ["BIN"]


def test_a_dropped_particle_costs_nothing() -> None:
    with_particle = listed(AlertEntry("NL", ["Jan de Vries"], "1960-01-02", "NLD", "M"))
    without = listed(AlertEntry("NL", ["Jan Vries"], "1960-01-02", "NLD", "M"))
    query = AlertQuery(["JAN VRIES"])
    dropped = with_particle.search(query, threshold=0.0)[0]
    assert dropped.entry_id == "NL"
    assert sum(dropped.evidence.values()) == sum(without.search(query)[0].evidence.values())
    index = listed(AlertEntry("AR", ["Khalid Al-Masri"], "1970-03-04", "JOR", "M"))
    arabic = index.search(AlertQuery(["KHALID MASRI"], birth_date="1970-03-04"))
    assert [candidate.entry_id for candidate in arabic] == ["AR"]
