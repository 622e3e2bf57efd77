"""The weight of a name and of birth years, as the list itself and typing errors say."""

from __future__ import annotations

from passage.border.matching import AlertEntry, AlertIndex, AlertQuery
from passage.border.matching.evidence import birth_date
from passage.border.matching.models import parse_birth_date
from passage.synthetic.people import generate_people


def population() -> list[AlertEntry]:
    """3,000 generated people, so word rarities are those of a real list."""
    return [
        AlertEntry(p.id, p.names, p.birth_date, p.nationality, p.gender)
        for p in generate_people(3_000, seed=5)
    ]


def test_a_name_many_listed_people_share_is_weak_evidence() -> None:
    namesakes = [AlertEntry(f"N{n}", ["Nguyễn Thanh Dũng"], None, "VNM", "M") for n in range(40)]
    rare = AlertEntry("RARE", ["Trương Quang Khải"], None, "VNM", "M")
    index = AlertIndex.from_entries([*population(), *namesakes, rare])
    common = AlertQuery(["NGUYEN THANH DUNG"], nationality="VNM", gender="M")
    assert index.search(common) == []
    weak = index.search(common, threshold=0.0)[0]
    assert next(iter(weak.evidence)).endswith("_common")
    found = index.search(AlertQuery(["TRUONG QUANG KHAI"], nationality="VNM", gender="M"))
    assert [candidate.entry_id for candidate in found] == ["RARE"]


def test_a_birth_year_one_digit_apart_counts_against() -> None:
    value, reason = birth_date(parse_birth_date("1962-05-28"), parse_birth_date("1967"))
    assert reason == "birth_year_one_digit_apart"
    assert value < -2.0
