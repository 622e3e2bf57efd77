"""`passage linkage dedupe` and `passage linkage link` on CSV files: the outputs, the JSON
summary, and exit 2 on bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passage.cli import app
from passage.synthetic.registrations import registrations

FIELDS = ("id", "full_name", "date_of_birth", "sex", "nationality", "document_number")


def _csv(path: Path, rows: list[dict], fields=FIELDS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _run(*args: str):
    return CliRunner().invoke(app, ["linkage", *args])


@pytest.fixture(scope="module")
def people():
    return registrations(400, duplicate_rate=0.4, seed=41)


def test_dedupe_writes_pairs_clusters_and_a_summary(tmp_path, people):
    rows, truth = people
    source = _csv(tmp_path / "people.csv", rows)
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    result = _run(
        "dedupe",
        str(source),
        "--id",
        "id",
        "--pairs",
        str(pairs),
        "--clusters",
        str(clusters),
        "--threshold",
        "0.95",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["records"] == len(rows)
    found = list(csv.DictReader(pairs.open()))
    assert list(found[0]) == ["id_l", "id_r", "match_probability"]
    assert summary["pairs"] == len(found) > 0
    assert all(float(row["match_probability"]) >= 0.95 for row in found)
    assert sum(truth[r["id_l"]] == truth[r["id_r"]] for r in found) / len(found) >= 0.95
    clustered = list(csv.DictReader(clusters.open()))
    assert {row["id"] for row in clustered} == set(truth)
    assert summary["clusters"] == len({row["cluster_id"] for row in clustered})
    assert "probability_two_random_records_match" in summary["parameters"]


def test_columns_outside_the_vocabulary_are_ignored_and_split_names_read(tmp_path, people):
    rows, _ = people
    split = [
        {
            "key": row["id"],
            "surname": row["full_name"].split()[-1],
            "given_name": " ".join(row["full_name"].split()[:-1]),
            "date_of_birth": row["date_of_birth"],
            "favourite_colour": "blue",
        }
        for row in rows
    ]
    source = _csv(
        tmp_path / "split.csv",
        split,
        ("key", "given_name", "surname", "date_of_birth", "favourite_colour"),
    )
    result = _run("dedupe", str(source), "--id", "key", "--pairs", str(tmp_path / "p.csv"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["pairs"] > 0


def test_link_writes_pairs_with_the_left_id_first(tmp_path, people):
    rows, truth = people
    left = _csv(tmp_path / "left.csv", [r for r in rows if r["id"].endswith("-a")])
    right = _csv(tmp_path / "right.csv", [r for r in rows if r["id"].endswith("-b")])
    pairs = tmp_path / "pairs.csv"
    result = _run("link", str(left), str(right), "--id", "id", "--pairs", str(pairs))
    assert result.exit_code == 0, result.output
    found = list(csv.DictReader(pairs.open()))
    assert found and all(row["id_l"].endswith("-a") for row in found)
    assert sum(truth[r["id_l"]] == truth[r["id_r"]] for r in found) / len(found) >= 0.95


@pytest.mark.parametrize(
    ("rows", "fields", "message"),
    [
        ([{"key": "1", "full_name": "A B"}], ("key", "full_name"), "no column named 'id'"),
        (
            [{"id": "1", "full_name": "A"}, {"id": "1", "full_name": "B"}],
            ("id", "full_name"),
            "duplicate id",
        ),
        ([{"id": "1", "colour": "blue"}], ("id", "colour"), "no usable column"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, rows, fields, message):
    source = _csv(tmp_path / "bad.csv", rows, fields)
    result = _run("dedupe", str(source), "--id", "id", "--pairs", str(tmp_path / "p.csv"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "p.csv").exists()
