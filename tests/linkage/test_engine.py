"""The linkage engine on Splink: preparation of records, explanations, de-duplication and
linking on generated lists with known truth."""

from __future__ import annotations

import subprocess
import sys

import pytest

from passage.linkage.engine import BadInput, prepare
from passage.linkage.engine.comparisons import labels, level_label
from passage.linkage.engine.model import dedupe, link
from passage.linkage.engine.records import birth_date, name_parts
from passage.synthetic.registrations import registrations, true_pairs


def test_names_in_other_scripts_meet_their_latin_spelling():
    arabic, arabic_codes = name_parts("محمد")
    latin, latin_codes = name_parts("MOHAMMED")
    assert arabic and latin
    assert set(arabic_codes) & set(latin_codes)
    cyrillic, _ = name_parts("Иван Петров")
    assert cyrillic == "IVAN PETROV"


def test_name_order_does_not_change_the_prepared_name():
    assert name_parts(None, None, "Achieng Odhiambo")[0] == name_parts("ODHIAMBO ACHIENG")[0]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("1990-05-04", "1990-05-04"),
        ("19900504", "1990-05-04"),
        ("1990", "1990"),
        ("1990-05", "1990-05"),
        ("1990-00-00", "1990"),
        ("04/05/1990", None),
        ("", None),
    ],
)
def test_dates_of_birth_keep_the_precision_that_is_known(given, expected):
    assert birth_date(given) == expected


def test_a_repeated_or_missing_id_is_refused():
    with pytest.raises(BadInput, match="duplicate id"):
        prepare([{"id": "1", "full_name": "A"}, {"id": "1", "full_name": "B"}], "id")
    with pytest.raises(BadInput, match="no column"):
        prepare([{"key": "1", "full_name": "A"}], "id")


def test_splink_level_numbers_read_back_as_words():
    ordered = labels("date_of_birth")
    assert level_label("date_of_birth", len(ordered) - 1) == "same date of birth"
    assert level_label("date_of_birth", 0) == "different date of birth"
    assert level_label("date_of_birth", -1) == "date of birth missing"


@pytest.fixture(scope="module")
def deduped():
    rows, truth = registrations(1500, seed=23)
    return dedupe(prepare(rows, "id"), threshold=0.9), truth


def test_dedupe_finds_duplicates_with_high_precision_and_recall(deduped):
    result, truth = deduped
    found = {frozenset((pair.id_l, pair.id_r)) for pair in result.pairs}
    expected = true_pairs(truth)
    correct = len(found & expected)
    assert correct / len(found) >= 0.95
    assert correct / len(expected) >= 0.9


def test_each_pair_is_explained_field_by_field(deduped):
    result, _ = deduped
    pair = result.pairs[0]
    assert set(pair.fields) >= {"name", "date_of_birth", "sex", "nationality"}
    assert sum(weight for _, weight in pair.fields.values()) > 0
    assert all(isinstance(words, str) and words for words, _ in pair.fields.values())


def test_clusters_are_named_by_their_smallest_record_id(deduped):
    result, _ = deduped
    members: dict[str, list[str]] = {}
    for record_id, cluster_id in result.clusters.items():
        members.setdefault(cluster_id, []).append(record_id)
    assert all(cluster_id == min(ids) for cluster_id, ids in members.items())
    assert len(result.clusters) == result.records


def test_the_model_is_trained_on_the_file_itself(deduped):
    result, _ = deduped
    name_levels = result.parameters["fields"]["name"]
    assert name_levels[0]["level"] == "same name"
    assert name_levels[0]["m"] > name_levels[0]["u"]


def test_link_pairs_a_record_of_each_list_left_first():
    rows, truth = registrations(600, duplicate_rate=0.5, seed=31)
    left = [row for row in rows if row["id"].endswith("-a")]
    right = [row for row in rows if row["id"].endswith("-b")]
    result = link(prepare(left, "id"), prepare(right, "id"), threshold=0.9)
    assert result.pairs
    assert all(pair.id_l.endswith("-a") and pair.id_r.endswith("-b") for pair in result.pairs)
    correct = sum(1 for pair in result.pairs if truth[pair.id_l] == truth[pair.id_r])
    assert correct / len(result.pairs) >= 0.95
    assert correct / len(right) >= 0.85


def test_starting_the_app_or_the_command_line_does_not_load_splink():
    code = (
        "import sys, passage.main, passage.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('splink', 'duckdb')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
