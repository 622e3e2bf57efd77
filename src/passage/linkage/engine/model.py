"""Runs of the linkage model on Splink: de-duplicate one list, link two, or check new records
against existing ones. The model (Fellegi-Sunter) is trained without labels on the records
themselves: u by random sampling, then m by expectation maximisation on two blocks.

DuckDB in process is the default backend; `backend` names another Splink database API (Spark,
see `passage.linkage.engine.backends`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Literal

from splink import Linker, SettingsCreator, block_on

from passage.linkage.engine.backends import database_api
from passage.linkage.engine.comparisons import (
    comparison,
    level_label,
    prediction_rules,
    training_rules,
)
from passage.linkage.engine.records import FIELDS, BadInput
from passage.linkage.engine.results import LinkageResult, Pair

LinkType = Literal["dedupe_only", "link_only"]
COLUMNS = ("unique_id", "name", "name_codes", "birth_year", *list(FIELDS)[1:])
# Splink logs its progress at INFO; the records themselves are never logged.
logging.getLogger("splink").setLevel(logging.WARNING)


def present_fields(records: Sequence[dict[str, Any]]) -> list[str]:
    """The prepared fields with a value in at least two records; a name is required."""
    fields = [
        name for name in FIELDS if sum(1 for record in records if record.get(name) is not None) >= 2
    ]
    if "name" not in fields:
        raise BadInput("no usable column: a name (given_name, surname or full_name) is needed")
    return fields


def _table(records: Sequence[dict[str, Any]]) -> dict[str, list]:
    return {column: [record.get(column) for record in records] for column in COLUMNS}


def _settings(
    fields: list[str], link_type: Literal["dedupe_only", "link_only"], explain: bool = True
) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[comparison(name) for name in fields],
        blocking_rules_to_generate_predictions=prediction_rules(fields),
        # the columns an explanation reads; a run that only lists pairs skips them
        retain_intermediate_calculation_columns=explain,
        retain_matching_columns=explain,
        additional_columns_to_retain=[],
    )


def _train(
    linker: Linker, frames: Any, fields: list[str], records: int
) -> tuple[Linker, list[str]]:
    """Estimate the model from the records: the prior, u by random sampling, m by expectation
    maximisation. A step that cannot run (too few pairs in its block) keeps the values before
    it: the linker is rebuilt from the last good model, as a failed EM step leaves Splink's
    settings half changed. Returns the trained linker and the steps skipped."""
    skipped = []
    deterministic: list[Any] = [block_on("name", "date_of_birth")]
    try:
        linker.training.estimate_probability_two_random_records_match(
            deterministic if "date_of_birth" in fields else [block_on("name")], recall=0.8
        )
    except Exception:  # a file with no exact pair at all
        skipped.append("probability_two_random_records_match")
    linker.training.estimate_u_using_random_sampling(max_pairs=min(1e6, records * 50.0), seed=7)
    good = _clamped(linker.misc.save_model_to_json(), records)
    linker = Linker(frames, good)
    for rule in training_rules(fields):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, fix_probability_two_random_records_match=True
            )
            good = linker.misc.save_model_to_json()
        except Exception:
            skipped.append(f"em:{rule.get_blocking_rule('duckdb').blocking_rule_sql}")
            linker = Linker(frames, good)
    return linker, skipped


def _clamped(model: dict[str, Any], records: int) -> dict[str, Any]:
    """The model with its prior strictly between 0 and 1: a list with no exact duplicate at
    all estimates it as 0, and then at least 1% of the records are taken to have a
    duplicate (a registry small enough for that is reviewed by people anyway)."""
    prior = model["probability_two_random_records_match"]
    floor = 0.02 / max(records, 2)
    return model | {"probability_two_random_records_match": min(max(prior, floor), 0.5)}


def trained(
    frames: Any, fields: list[str], link_type: LinkType, records: int, explain: bool = True
) -> tuple[Linker, list[str]]:
    """A linker on `frames` with a model trained on them, and the training steps that could
    not run."""
    settings = _settings(fields, link_type, explain)
    return _train(Linker(frames, settings), frames, fields, records)


def _parameters(linker: Linker, fields: list[str], skipped: list[str]) -> dict[str, Any]:
    settings = linker.misc.save_model_to_json()
    described: dict[str, Any] = {
        "probability_two_random_records_match": settings["probability_two_random_records_match"],
        "fields": {},
        "not_estimated": skipped,
    }
    for name, item in zip(fields, settings["comparisons"], strict=True):
        described["fields"][name] = [
            {
                "level": level.get("label_for_charts"),
                "m": level.get("m_probability"),
                "u": level.get("u_probability"),
            }
            for level in item["comparison_levels"]
            if not level.get("is_null_level")
        ]
    return described


def _pairs(rows: list[dict[str, Any]], fields: list[str]) -> list[Pair]:
    pairs = []
    for row in rows:
        explained = {
            name: (
                level_label(name, row.get(f"gamma_{name}")),
                round((row.get(f"mw_{name}") or 0.0) + (row.get(f"mw_tf_{name}") or 0.0), 2),
            )
            for name in fields
        }
        pairs.append(
            Pair(
                str(row["unique_id_l"]),
                str(row["unique_id_r"]),
                float(row["match_probability"]),
                float(row["match_weight"]),
                explained,
            )
        )
    return pairs


def _bare_pairs(table: Any) -> list[Pair]:
    """Pairs without explanation, read column by column (no row dictionaries)."""
    columns = ("unique_id_l", "unique_id_r", "match_probability", "match_weight")
    left, right, probabilities, weights = (table.column(name).to_pylist() for name in columns)
    return [
        Pair(str(a), str(b), float(p), float(w), {})
        for a, b, p, w in zip(left, right, probabilities, weights, strict=True)
    ]


def dedupe(
    records: Sequence[dict[str, Any]],
    *,
    threshold: float = 0.9,
    cluster: bool = True,
    backend: str | None = None,
    explain: bool = True,
) -> LinkageResult:
    """De-duplicate one list of prepared records: pairs above `threshold`, and clusters
    (connected pairs; a cluster's id is its smallest record id, so ids stay put as a list
    grows with larger ids). `explain=False` leaves out each field's explanation (faster: the
    command line writes only ids and probabilities)."""
    started = time.perf_counter()
    fields = present_fields(records)
    api = database_api(backend)
    frame = api.register(_table(records), table_name="records")
    linker, skipped = trained(frame, fields, "dedupe_only", len(records), explain)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table = predictions.as_pyarrow_table()
    pairs = _pairs(table.to_pylist(), fields) if explain else _bare_pairs(table)
    clusters: dict[str, str] = {}
    if cluster:
        found = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        table = found.as_pyarrow_table().select(["unique_id", "cluster_id"])
        ids, cluster_ids = table.column(0).to_pylist(), table.column(1).to_pylist()
        clusters = {str(a): str(b) for a, b in zip(ids, cluster_ids, strict=True)}
    parameters = _parameters(linker, fields, skipped)
    seconds = time.perf_counter() - started
    model = linker.misc.save_model_to_json()
    return LinkageResult(len(records), pairs, clusters, seconds, parameters, model)


def link(
    left: Sequence[dict[str, Any]],
    right: Sequence[dict[str, Any]],
    *,
    threshold: float = 0.9,
    backend: str | None = None,
) -> LinkageResult:
    """Link two lists of prepared records: pairs (one record of each) above `threshold`."""
    started = time.perf_counter()
    fields = [name for name in present_fields([*left, *right])]
    api = database_api(backend)
    frames = [
        api.register(_table(left), table_name="left_records"),
        api.register(_table(right), table_name="right_records"),
    ]
    linker, skipped = trained(frames, fields, "link_only", len(left) + len(right))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    rows = predictions.as_pyarrow_table().to_pylist()
    for row in rows:  # left ids on the left, whatever order Splink found the pair in
        if row.get("source_dataset_l") == "right_records":
            row["unique_id_l"], row["unique_id_r"] = row["unique_id_r"], row["unique_id_l"]
    parameters = _parameters(linker, fields, skipped)
    total = len(left) + len(right)
    return LinkageResult(total, _pairs(rows, fields), {}, time.perf_counter() - started, parameters)
